<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Kazakh (Cyrillic) interface translation of Conservator. Draft: AWAITING REVIEW by a practising paper conservator who writes Kazakh. -->
<TS version="2.1" language="kk_KZ">
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
            <translation>Оңу</translation>
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
            <translation>Жоғалған бөліктер</translation>
        </message>
        <message>
            <source>Tears</source>
            <translation>Жыртылулар</translation>
        </message>
        <message>
            <source>Fading</source>
            <translation>Оңу</translation>
        </message>
        <message>
            <source>Run by default</source>
            <translation>Әдепкі бойынша іске қосу</translation>
        </message>
        <message>
            <source>Restore defaults</source>
            <translation>Әдепкі мәндерді қалпына келтіру</translation>
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
            <translation>Баптаулар</translation>
        </message>
        <message>
            <source>General</source>
            <translation>Жалпы</translation>
        </message>
        <message>
            <source>Records</source>
            <translation>Жазбалар</translation>
        </message>
        <message>
            <source>Analysis</source>
            <translation>Талдау</translation>
        </message>
        <message>
            <source>Language:</source>
            <translation>Тіл:</translation>
        </message>
        <message>
            <source>Length unit:</source>
            <translation>Ұзындық өлшем бірлігі:</translation>
        </message>
        <message>
            <source>Your name:</source>
            <translation>Атыңыз:</translation>
        </message>
        <message>
            <source>Autosave drafts after (s):</source>
            <translation>Жобаларды автосақтау (с):</translation>
        </message>
        <message>
            <source>Records database:</source>
            <translation>Жазбалар дерекқоры:</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>Шолу…</translation>
        </message>
        <message>
            <source>Proposed when you finalise a check</source>
            <translation>Тексеруді бекіткенде ұсынылады</translation>
        </message>
        <message>
            <source>Records database</source>
            <translation>Жазбалар дерекқоры</translation>
        </message>
        <message>
            <source>Conservator records (*.db *.sqlite);;All files (*)</source>
            <translation>Conservator жазбалары (*.db *.sqlite);;Барлық файлдар (*)</translation>
        </message>
    </context>
</TS>
