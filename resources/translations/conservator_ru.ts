<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Russian interface translation of Conservator. Machine-assisted draft: AWAITING REVIEW by a practising paper conservator (terminology: фоксинг, утраты, разрывы, угасание). -->
<TS version="2.1" language="ru_RU">
    <context>
        <name>Damage</name>
        <message>
            <source>Foxing</source>
            <extracomment>Damage classes: the four detectors' classes, then classes only people mark by hand.</extracomment>
            <translation>Фоксинг</translation>
        </message>
        <message>
            <source>Loss</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Tear</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Fading</source>
            <translation>Угасание</translation>
        </message>
        <message>
            <source>Stain</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Other</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>proposed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>accepted</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>rejected</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>DetectorParamsEditor</name>
        <message>
            <source>Foxing</source>
            <translation>Фоксинг</translation>
        </message>
        <message>
            <source>Losses</source>
            <translation>Утраты</translation>
        </message>
        <message>
            <source>Tears</source>
            <translation>Разрывы</translation>
        </message>
        <message>
            <source>Fading</source>
            <translation>Угасание</translation>
        </message>
        <message>
            <source>Run by default</source>
            <translation>Запускать по умолчанию</translation>
        </message>
        <message>
            <source>Restore defaults</source>
            <translation>Восстановить значения по умолчанию</translation>
        </message>
    </context>
    <context>
        <name>FindingsModel</name>
        <message>
            <source>Class</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Source</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Area</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Measurements</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Severity</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Status</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Note</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>detector</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>manual</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{0} mm²</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>{0} px</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Set severity</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Edit note</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Accept</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reject</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reset status</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Re-classify</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Add {0}</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Delete region</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Conservator</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Open a scan to begin.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>PreferencesDialog</name>
        <message>
            <source>Preferences</source>
            <translation>Настройки</translation>
        </message>
        <message>
            <source>General</source>
            <translation>Общие</translation>
        </message>
        <message>
            <source>Records</source>
            <translation>Записи</translation>
        </message>
        <message>
            <source>Analysis</source>
            <translation>Анализ</translation>
        </message>
        <message>
            <source>Language:</source>
            <translation>Язык:</translation>
        </message>
        <message>
            <source>Length unit:</source>
            <translation>Единица длины:</translation>
        </message>
        <message>
            <source>Your name:</source>
            <translation>Ваше имя:</translation>
        </message>
        <message>
            <source>Autosave drafts after (s):</source>
            <translation>Автосохранение черновиков через (с):</translation>
        </message>
        <message>
            <source>Records database:</source>
            <translation>База записей:</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>Обзор…</translation>
        </message>
        <message>
            <source>Proposed when you finalise a check</source>
            <translation>Предлагается при утверждении осмотра</translation>
        </message>
        <message>
            <source>Records database</source>
            <translation>База записей</translation>
        </message>
        <message>
            <source>Conservator records (*.db *.sqlite);;All files (*)</source>
            <translation>Записи Conservator (*.db *.sqlite);;Все файлы (*)</translation>
        </message>
    </context>
</TS>
