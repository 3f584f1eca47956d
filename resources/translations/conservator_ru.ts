<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Russian interface translation of Conservator. Machine-assisted draft: AWAITING REVIEW by a practising paper conservator (terminology: фоксинг, утраты, разрывы, угасание). -->
<TS version="2.1" language="ru_RU">
    <context>
        <name>AboutDialog</name>
        <message>
            <source>Licence file missing: {0}</source>
            <translation>Нет файла лицензии: {0}</translation>
        </message>
        <message>
            <source>About Conservator</source>
            <translation>О программе Conservator</translation>
        </message>
        <message>
            <source>Condition documentation for archive and library conservation: faithful scans, measured damage, versioned records and signed PDF reports.</source>
            <translation>Документирование состояния сохранности для реставрации архивных и библиотечных фондов: точные сканы, измеренные повреждения, версионные записи и подписанные PDF-отчёты.</translation>
        </message>
        <message>
            <source>Free software under the {0} licence. It comes with no warranty.</source>
            <translation>Свободная программа под лицензией {0}. Предоставляется без каких-либо гарантий.</translation>
        </message>
        <message>
            <source>Libraries</source>
            <translation>Библиотеки</translation>
        </message>
        <message>
            <source>Fonts</source>
            <translation>Шрифты</translation>
        </message>
        <message>
            <source>Library</source>
            <translation>Библиотека</translation>
        </message>
        <message>
            <source>Version</source>
            <translation>Версия</translation>
        </message>
        <message>
            <source>Licence</source>
            <translation>Лицензия</translation>
        </message>
        <message>
            <source>Font</source>
            <translation>Шрифт</translation>
        </message>
        <message>
            <source>Files</source>
            <translation>Файлы</translation>
        </message>
    </context>
    <context>
        <name>AnalysisParamsDialog</name>
        <message>
            <source>Analyse — detectors and parameters</source>
            <translation>Анализ — детекторы и параметры</translation>
        </message>
        <message>
            <source>Run this detector</source>
            <translation>Запускать этот детектор</translation>
        </message>
        <message>
            <source>Use these values as my defaults</source>
            <translation>Сделать эти значения моими значениями по умолчанию</translation>
        </message>
        <message>
            <source>Analyse</source>
            <translation>Анализировать</translation>
        </message>
    </context>
    <context>
        <name>Damage</name>
        <message>
            <source>Foxing</source>
            <extracomment>Damage classes (codes of the damage vocabulary): the four detectors' classes, then classes people mark by hand.</extracomment>
            <translation>Фоксинг</translation>
        </message>
        <message>
            <source>Loss</source>
            <translation>Утрата</translation>
        </message>
        <message>
            <source>Tear</source>
            <translation>Разрыв</translation>
        </message>
        <message>
            <source>Fading</source>
            <translation>Угасание</translation>
        </message>
        <message>
            <source>Stain</source>
            <translation>Пятно</translation>
        </message>
        <message>
            <source>Mould</source>
            <translation>Плесень</translation>
        </message>
        <message>
            <source>Soiling</source>
            <translation>Загрязнение</translation>
        </message>
        <message>
            <source>Crease</source>
            <translation>Залом</translation>
        </message>
        <message>
            <source>proposed</source>
            <translation>предложено</translation>
        </message>
        <message>
            <source>accepted</source>
            <translation>принято</translation>
        </message>
        <message>
            <source>rejected</source>
            <translation>отклонено</translation>
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
        <name>ExportDialog</name>
        <message>
            <source>Export condition report</source>
            <translation>Экспорт отчёта о состоянии</translation>
        </message>
        <message>
            <source>Formats</source>
            <translation>Форматы</translation>
        </message>
        <message>
            <source>PDF report (PDF/A)</source>
            <translation>Отчёт PDF (PDF/A)</translation>
        </message>
        <message>
            <source>JSON record (everything in the report)</source>
            <translation>Запись JSON (всё содержимое отчёта)</translation>
        </message>
        <message>
            <source>CSV table of findings</source>
            <translation>Таблица находок CSV</translation>
        </message>
        <message>
            <source>W3C Web Annotations (damage regions)</source>
            <translation>Веб-аннотации W3C (области повреждений)</translation>
        </message>
        <message>
            <source>Language:</source>
            <translation>Язык:</translation>
        </message>
        <message>
            <source>Second language:</source>
            <translation>Второй язык:</translation>
        </message>
        <message>
            <source>None</source>
            <translation>Нет</translation>
        </message>
        <message>
            <source>Paper:</source>
            <translation>Бумага:</translation>
        </message>
        <message>
            <source>Folder:</source>
            <translation>Папка:</translation>
        </message>
        <message>
            <source>File name:</source>
            <translation>Имя файла:</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>Обзор…</translation>
        </message>
        <message>
            <source>Open when done</source>
            <translation>Открыть по завершении</translation>
        </message>
        <message>
            <source>Export</source>
            <translation>Экспортировать</translation>
        </message>
        <message>
            <source>Export folder</source>
            <translation>Папка экспорта</translation>
        </message>
        <message>
            <source>Export failed</source>
            <translation>Экспорт не удался</translation>
        </message>
    </context>
    <context>
        <name>FindingsModel</name>
        <message>
            <source>Class</source>
            <translation>Класс</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>Источник</translation>
        </message>
        <message>
            <source>Area</source>
            <translation>Площадь</translation>
        </message>
        <message>
            <source>Measurements</source>
            <translation>Измерения</translation>
        </message>
        <message>
            <source>Severity</source>
            <translation>Степень</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Статус</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Примечание</translation>
        </message>
        <message>
            <source>detector</source>
            <translation>детектор</translation>
        </message>
        <message>
            <source>manual</source>
            <translation>вручную</translation>
        </message>
        <message>
            <source>{0} mm²</source>
            <translation>{0} мм²</translation>
        </message>
        <message>
            <source>{0} px</source>
            <translation>{0} пикс.</translation>
        </message>
        <message>
            <source>Set severity</source>
            <translation>Задать степень</translation>
        </message>
        <message>
            <source>Edit note</source>
            <translation>Изменить примечание</translation>
        </message>
        <message>
            <source>Accept</source>
            <translation>Принять</translation>
        </message>
        <message>
            <source>Reject</source>
            <translation>Отклонить</translation>
        </message>
        <message>
            <source>Reset status</source>
            <translation>Сбросить статус</translation>
        </message>
        <message>
            <source>Re-classify</source>
            <translation>Изменить класс</translation>
        </message>
        <message>
            <source>Add {0}</source>
            <translation>Добавить: {0}</translation>
        </message>
        <message>
            <source>Delete region</source>
            <translation>Удалить область</translation>
        </message>
    </context>
    <context>
        <name>FindingsPanel</name>
        <message>
            <source>Accept</source>
            <translation>Принять</translation>
        </message>
        <message>
            <source>Reject</source>
            <translation>Отклонить</translation>
        </message>
        <message>
            <source>Re-classify</source>
            <translation>Изменить класс</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Удалить</translation>
        </message>
        <message>
            <source>Accept the selected findings (A)</source>
            <translation>Принять выбранные находки (A)</translation>
        </message>
        <message>
            <source>Reject the selected findings (X)</source>
            <translation>Отклонить выбранные находки (X)</translation>
        </message>
        <message>
            <source>Delete the selected manual regions</source>
            <translation>Удалить выбранные области, нанесённые вручную</translation>
        </message>
        <message>
            <source>{0} mm²</source>
            <translation>{0} мм²</translation>
        </message>
        <message>
            <source>{0} px</source>
            <translation>{0} пикс.</translation>
        </message>
        <message>
            <source>{0} · {1}</source>
            <translation>{0} · {1}</translation>
        </message>
        <message>
            <source>{0} findings: {1} accepted, {2} rejected, {3} to review</source>
            <translation>Находок: {0}; принято {1}, отклонено {2}, на проверке {3}</translation>
        </message>
        <message>
            <source>No findings yet: run Analysis › Analyse, or draw regions by hand.</source>
            <translation>Находок пока нет: запустите «Анализ › Анализировать» или обведите области вручную.</translation>
        </message>
        <message>
            <source>Delete region</source>
            <translation>Удалить область</translation>
        </message>
    </context>
    <context>
        <name>HazardTable</name>
        <message>
            <source>Hazard</source>
            <translation>Опасность</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>Дата</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Примечание</translation>
        </message>
        <message>
            <source>Add a hazard</source>
            <translation>Добавить опасность</translation>
        </message>
        <message>
            <source>Remove the selected hazard</source>
            <translation>Удалить выбранную опасность</translation>
        </message>
    </context>
    <context>
        <name>Legend</name>
        <message>
            <source>Overlay opacity</source>
            <translation>Непрозрачность наложения</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Conservator</source>
            <translation>Conservator</translation>
        </message>
        <message>
            <source>{0}{1} — Conservator</source>
            <translation>{0}{1} — Conservator</translation>
        </message>
        <message>
            <source> of {0} </source>
            <translation> из {0} </translation>
        </message>
        <message>
            <source>Open Scan</source>
            <translation>Открыть скан</translation>
        </message>
        <message>
            <source>Scans ({0})</source>
            <translation>Сканы ({0})</translation>
        </message>
        <message>
            <source>Cannot open the scan</source>
            <translation>Не удаётся открыть скан</translation>
        </message>
        <message>
            <source>{0} × {1} px, {2}-bit</source>
            <translation>{0} × {1} пикс., {2} бит</translation>
        </message>
        <message>
            <source>, {0} ppi</source>
            <translation>, {0} ppi</translation>
        </message>
        <message>
            <source>, no resolution: positions and areas in pixels</source>
            <translation>, разрешение неизвестно: координаты и площади в пикселях</translation>
        </message>
        <message>
            <source>(none)</source>
            <translation>(нет)</translation>
        </message>
        <message>
            <source>Clear Recent Files</source>
            <translation>Очистить список недавних файлов</translation>
        </message>
        <message>
            <source>Zoom {0} %</source>
            <translation>Масштаб {0} %</translation>
        </message>
        <message>
            <source>x {0} mm, y {1} mm</source>
            <translation>x {0} мм, y {1} мм</translation>
        </message>
        <message>
            <source>x {0} px, y {1} px</source>
            <translation>x {0} пикс., y {1} пикс.</translation>
        </message>
        <message>
            <source>L* {0}  a* {1}  b* {2}</source>
            <translation>L* {0}  a* {1}  b* {2}</translation>
        </message>
        <message>
            <source>Analysing… %p%</source>
            <translation>Анализ… %p%</translation>
        </message>
        <message>
            <source>Analysis done: {0} findings to review.</source>
            <translation>Анализ завершён: находок для проверки — {0}.</translation>
        </message>
        <message>
            <source>Analysis failed</source>
            <translation>Анализ не удался</translation>
        </message>
        <message>
            <source>Analysis cancelled.</source>
            <translation>Анализ отменён.</translation>
        </message>
        <message>
            <source>Cannot save to the records</source>
            <translation>Не удаётся сохранить в записи</translation>
        </message>
        <message>
            <source>Saved as check {0}.</source>
            <translation>Сохранено как осмотр {0}.</translation>
        </message>
        <message>
            <source>Cannot open the check</source>
            <translation>Не удаётся открыть осмотр</translation>
        </message>
        <message>
            <source>Export failed</source>
            <translation>Экспорт не удался</translation>
        </message>
        <message>
            <source>Unsaved review</source>
            <translation>Несохранённая проверка</translation>
        </message>
        <message>
            <source>The review of this scan has unsaved changes. Save them to the records?</source>
            <translation>В проверке этого скана есть несохранённые изменения. Сохранить их в записи?</translation>
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
    <context>
        <name>RecordsBrowser</name>
        <message>
            <source>Draft</source>
            <translation>Черновик</translation>
        </message>
        <message>
            <source>Final</source>
            <translation>Утверждён</translation>
        </message>
        <message>
            <source>Inventory no.</source>
            <translation>Инв. №</translation>
        </message>
        <message>
            <source>Title</source>
            <translation>Название</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>Тип</translation>
        </message>
        <message>
            <source>Checks</source>
            <translation>Осмотры</translation>
        </message>
        <message>
            <source>Last check</source>
            <translation>Последний осмотр</translation>
        </message>
        <message>
            <source>Condition</source>
            <translation>Состояние</translation>
        </message>
        <message>
            <source>corrects {0}</source>
            <translation>исправляет {0}</translation>
        </message>
        <message>
            <source>Reference</source>
            <translation>Номер</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>Дата</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Статус</translation>
        </message>
        <message>
            <source>Checked by</source>
            <translation>Проверил</translation>
        </message>
        <message>
            <source>Signed</source>
            <translation>Подписано</translation>
        </message>
        <message>
            <source>Version</source>
            <translation>Версия</translation>
        </message>
        <message>
            <source>The records could not be opened</source>
            <translation>Не удалось открыть записи</translation>
        </message>
        <message>
            <source>Search inventory numbers, titles, notes (any language)…</source>
            <translation>Поиск по инвентарным номерам, названиям, примечаниям (на любом языке)…</translation>
        </message>
        <message>
            <source>Open check</source>
            <translation>Открыть осмотр</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>Обновить</translation>
        </message>
        <message>
            <source>No records database open.</source>
            <translation>База записей не открыта.</translation>
        </message>
        <message numerus="yes">
            <source>%n item(s) found</source>
            <translation>
                <numerusform>Найдена %n единица хранения</numerusform>
                <numerusform>Найдено %n единицы хранения</numerusform>
                <numerusform>Найдено %n единиц хранения</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n item(s)</source>
            <translation>
                <numerusform>%n единица хранения</numerusform>
                <numerusform>%n единицы хранения</numerusform>
                <numerusform>%n единиц хранения</numerusform>
            </translation>
        </message>
        <message>
            <source>Select an item to see its condition checks.</source>
            <translation>Выберите единицу хранения, чтобы увидеть её осмотры.</translation>
        </message>
        <message numerus="yes">
            <source>History of {0}: %n check(s)</source>
            <translation>
                <numerusform>История {0}: %n осмотр</numerusform>
                <numerusform>История {0}: %n осмотра</numerusform>
                <numerusform>История {0}: %n осмотров</numerusform>
            </translation>
        </message>
        <message>
            <source>The records could not be searched</source>
            <translation>Поиск по записям не удался</translation>
        </message>
    </context>
    <context>
        <name>ReportEditor</name>
        <message>
            <source>Inventory number:</source>
            <translation>Инвентарный номер:</translation>
        </message>
        <message>
            <source>Title:</source>
            <translation>Название:</translation>
        </message>
        <message>
            <source>Object type:</source>
            <translation>Тип предмета:</translation>
        </message>
        <message>
            <source>Date of the object:</source>
            <translation>Датировка:</translation>
        </message>
        <message>
            <source>Materials:</source>
            <translation>Материалы:</translation>
        </message>
        <message>
            <source>Dimensions:</source>
            <translation>Размеры:</translation>
        </message>
        <message>
            <source>Location:</source>
            <translation>Местонахождение:</translation>
        </message>
        <message>
            <source>Reference:</source>
            <translation>Номер осмотра:</translation>
        </message>
        <message>
            <source>Date of check:</source>
            <translation>Дата осмотра:</translation>
        </message>
        <message>
            <source>Checked by:</source>
            <translation>Проверил:</translation>
        </message>
        <message>
            <source>Reason:</source>
            <translation>Причина:</translation>
        </message>
        <message>
            <source>Method:</source>
            <translation>Метод:</translation>
        </message>
        <message>
            <source>Overall condition:</source>
            <translation>Общее состояние:</translation>
        </message>
        <message>
            <source>Treatment priority:</source>
            <translation>Приоритет реставрации:</translation>
        </message>
        <message>
            <source>Completeness:</source>
            <translation>Комплектность:</translation>
        </message>
        <message>
            <source>Completeness note:</source>
            <translation>Примечание о комплектности:</translation>
        </message>
        <message>
            <source>Next check:</source>
            <translation>Следующий осмотр:</translation>
        </message>
        <message>
            <source>Summary:</source>
            <translation>Заключение:</translation>
        </message>
        <message>
            <source>Findings:</source>
            <translation>Находки:</translation>
        </message>
        <message>
            <source>Handling:</source>
            <translation>Обращение:</translation>
        </message>
        <message>
            <source>Storage:</source>
            <translation>Хранение:</translation>
        </message>
        <message>
            <source>Display:</source>
            <translation>Экспонирование:</translation>
        </message>
        <message>
            <source>Environment:</source>
            <translation>Среда:</translation>
        </message>
        <message>
            <source>Packing:</source>
            <translation>Упаковка:</translation>
        </message>
        <message>
            <source>Security:</source>
            <translation>Безопасность:</translation>
        </message>
        <message>
            <source>Special requirements:</source>
            <translation>Особые требования:</translation>
        </message>
        <message>
            <source>Salvage priority:</source>
            <translation>Приоритет спасения:</translation>
        </message>
        <message>
            <source>Proposed treatment:</source>
            <translation>Предлагаемая реставрация:</translation>
        </message>
        <message>
            <source>Status:</source>
            <translation>Статус:</translation>
        </message>
        <message>
            <source>Proposed by:</source>
            <translation>Предложил:</translation>
        </message>
        <message>
            <source>Approved by:</source>
            <translation>Утвердил:</translation>
        </message>
        <message>
            <source>Approved on:</source>
            <translation>Дата утверждения:</translation>
        </message>
        <message>
            <source>Item</source>
            <translation>Единица хранения</translation>
        </message>
        <message>
            <source>Condition check</source>
            <translation>Осмотр состояния</translation>
        </message>
        <message>
            <source>Hazards</source>
            <translation>Опасности</translation>
        </message>
        <message>
            <source>Recommendations</source>
            <translation>Рекомендации</translation>
        </message>
        <message>
            <source>Treatment proposal</source>
            <translation>Предложение по реставрации</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>Сохранить</translation>
        </message>
        <message>
            <source>Save the draft now (drafts also save themselves)</source>
            <translation>Сохранить черновик сейчас (черновики сохраняются и автоматически)</translation>
        </message>
        <message>
            <source>Finalise…</source>
            <translation>Утвердить…</translation>
        </message>
        <message>
            <source>Sign and lock this check; corrections need a new version</source>
            <translation>Подписать и заблокировать осмотр; исправления — только в новой версии</translation>
        </message>
        <message>
            <source>New version</source>
            <translation>Новая версия</translation>
        </message>
        <message>
            <source>Start a corrected draft that supersedes this check</source>
            <translation>Создать исправленный черновик, заменяющий этот осмотр</translation>
        </message>
        <message>
            <source>Export…</source>
            <translation>Экспорт…</translation>
        </message>
        <message>
            <source>Proposed</source>
            <translation>Предложено</translation>
        </message>
        <message>
            <source>Approved</source>
            <translation>Утверждено</translation>
        </message>
        <message>
            <source>Rejected</source>
            <translation>Отклонено</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Выполнено</translation>
        </message>
        <message>
            <source>Set a date for the next check</source>
            <translation>Назначить дату следующего осмотра</translation>
        </message>
        <message>
            <source>e.g. 210 × 297 mm</source>
            <translation>напр. 210 × 297 мм</translation>
        </message>
        <message>
            <source>Overall condition in a few sentences, for the printed report</source>
            <translation>Общее состояние в нескольких предложениях — для печатного отчёта</translation>
        </message>
        <message>
            <source>What is missing, if anything</source>
            <translation>Чего недостаёт, если чего-то недостаёт</translation>
        </message>
        <message>
            <source>No condition check open. Open one from the records browser.</source>
            <translation>Осмотр не открыт. Откройте его в обозревателе записей.</translation>
        </message>
        <message>
            <source>Final — signed by {0} on {1}. Read-only: use “New version” to correct.</source>
            <translation>Утверждён — подписал {0}, {1}. Только чтение: для исправления создайте «Новую версию».</translation>
        </message>
        <message>
            <source>Draft — unsaved changes</source>
            <translation>Черновик — есть несохранённые изменения</translation>
        </message>
        <message>
            <source>Draft — saved</source>
            <translation>Черновик — сохранён</translation>
        </message>
        <message>
            <source>(supersedes check {0})</source>
            <translation>(заменяет осмотр {0})</translation>
        </message>
        <message>
            <source>Proposed from the measured damage: confirm or change it.</source>
            <translation>Предложено по измеренным повреждениям: подтвердите или измените.</translation>
        </message>
        <message>
            <source>none recorded</source>
            <translation>не зафиксированы</translation>
        </message>
        <message>
            <source>{0} accepted, {1} proposed, {2} rejected</source>
            <translation>принято: {0}, предложено: {1}, отклонено: {2}</translation>
        </message>
        <message>
            <source>accepted</source>
            <translation>принято</translation>
        </message>
        <message>
            <source>proposed</source>
            <translation>предложено</translation>
        </message>
        <message>
            <source>rejected</source>
            <translation>отклонено</translation>
        </message>
        <message>
            <source>Damage</source>
            <translation>Повреждение</translation>
        </message>
        <message>
            <source>Severity</source>
            <translation>Степень</translation>
        </message>
        <message>
            <source>Area</source>
            <translation>Площадь</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Статус</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Примечание</translation>
        </message>
        <message>
            <source>The draft could not be saved</source>
            <translation>Не удалось сохранить черновик</translation>
        </message>
        <message>
            <source>The check could not be finalised</source>
            <translation>Не удалось утвердить осмотр</translation>
        </message>
        <message>
            <source>No new version could be created</source>
            <translation>Не удалось создать новую версию</translation>
        </message>
        <message>
            <source>Unsaved changes</source>
            <translation>Несохранённые изменения</translation>
        </message>
        <message>
            <source>The condition report has changes that are not saved yet. Save them?</source>
            <translation>В отчёте о состоянии есть несохранённые изменения. Сохранить их?</translation>
        </message>
        <message>
            <source>Finalise condition check</source>
            <translation>Утверждение осмотра</translation>
        </message>
        <message>
            <source>Once finalised, this check can no longer be changed; corrections are made in a new version.

Sign with your name:</source>
            <translation>После утверждения осмотр нельзя изменить; исправления вносятся в новой версии.

Подпишите своим именем:</translation>
        </message>
    </context>
</TS>
