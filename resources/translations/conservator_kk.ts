<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Kazakh (Cyrillic) interface translation of Conservator. Draft: AWAITING REVIEW by a practising paper conservator who writes Kazakh. -->
<TS version="2.1" language="kk_KZ">
    <context>
        <name>AboutDialog</name>
        <message>
            <source>Licence file missing: {0}</source>
            <translation>Лицензия файлы жоқ: {0}</translation>
        </message>
        <message>
            <source>About Conservator</source>
            <translation>Conservator туралы</translation>
        </message>
        <message>
            <source>Condition documentation for archive and library conservation: faithful scans, measured damage, versioned records and signed PDF reports.</source>
            <translation>Мұрағат және кітапхана қорларын қалпына келтіруге арналған сақталу жағдайын құжаттау: нақты скандар, өлшенген зақымдар, нұсқаланған жазбалар және қол қойылған PDF есептер.</translation>
        </message>
        <message>
            <source>Free software under the {0} licence. It comes with no warranty.</source>
            <translation>{0} лицензиясы бойынша еркін бағдарлама. Ешқандай кепілдіксіз беріледі.</translation>
        </message>
        <message>
            <source>Libraries</source>
            <translation>Кітапханалар</translation>
        </message>
        <message>
            <source>Fonts</source>
            <translation>Қаріптер</translation>
        </message>
        <message>
            <source>Library</source>
            <translation>Кітапхана</translation>
        </message>
        <message>
            <source>Version</source>
            <translation>Нұсқа</translation>
        </message>
        <message>
            <source>Licence</source>
            <translation>Лицензия</translation>
        </message>
        <message>
            <source>Font</source>
            <translation>Қаріп</translation>
        </message>
        <message>
            <source>Files</source>
            <translation>Файлдар</translation>
        </message>
    </context>
    <context>
        <name>AnalysisParamsDialog</name>
        <message>
            <source>Analyse — detectors and parameters</source>
            <translation>Талдау — детекторлар мен параметрлер</translation>
        </message>
        <message>
            <source>Run this detector</source>
            <translation>Осы детекторды іске қосу</translation>
        </message>
        <message>
            <source>Use these values as my defaults</source>
            <translation>Осы мәндерді әдепкі ретінде сақтау</translation>
        </message>
        <message>
            <source>Analyse</source>
            <translation>Талдау</translation>
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
            <translation>Жоғалған бөлік</translation>
        </message>
        <message>
            <source>Tear</source>
            <translation>Жыртылу</translation>
        </message>
        <message>
            <source>Fading</source>
            <translation>Оңу</translation>
        </message>
        <message>
            <source>Stain</source>
            <translation>Дақ</translation>
        </message>
        <message>
            <source>Mould</source>
            <translation>Зең</translation>
        </message>
        <message>
            <source>Soiling</source>
            <translation>Ластану</translation>
        </message>
        <message>
            <source>Crease</source>
            <translation>Бүктелу ізі</translation>
        </message>
        <message>
            <source>proposed</source>
            <translation>ұсынылған</translation>
        </message>
        <message>
            <source>accepted</source>
            <translation>қабылданған</translation>
        </message>
        <message>
            <source>rejected</source>
            <translation>қабылданбаған</translation>
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
        <name>ExportDialog</name>
        <message>
            <source>Export condition report</source>
            <translation>Жағдай туралы есепті экспорттау</translation>
        </message>
        <message>
            <source>Formats</source>
            <translation>Пішімдер</translation>
        </message>
        <message>
            <source>PDF report (PDF/A)</source>
            <translation>PDF есебі (PDF/A)</translation>
        </message>
        <message>
            <source>JSON record (everything in the report)</source>
            <translation>JSON жазбасы (есептің бүкіл мазмұны)</translation>
        </message>
        <message>
            <source>CSV table of findings</source>
            <translation>Анықталғандар кестесі (CSV)</translation>
        </message>
        <message>
            <source>W3C Web Annotations (damage regions)</source>
            <translation>W3C веб-аннотациялары (зақым аймақтары)</translation>
        </message>
        <message>
            <source>Language:</source>
            <translation>Тіл:</translation>
        </message>
        <message>
            <source>Second language:</source>
            <translation>Екінші тіл:</translation>
        </message>
        <message>
            <source>None</source>
            <translation>Жоқ</translation>
        </message>
        <message>
            <source>Paper:</source>
            <translation>Қағаз өлшемі:</translation>
        </message>
        <message>
            <source>Folder:</source>
            <translation>Қалта:</translation>
        </message>
        <message>
            <source>File name:</source>
            <translation>Файл атауы:</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>Шолу…</translation>
        </message>
        <message>
            <source>Open when done</source>
            <translation>Аяқталғанда ашу</translation>
        </message>
        <message>
            <source>Export</source>
            <translation>Экспорттау</translation>
        </message>
        <message>
            <source>Export folder</source>
            <translation>Экспорт қалтасы</translation>
        </message>
        <message>
            <source>Export failed</source>
            <translation>Экспорт сәтсіз аяқталды</translation>
        </message>
    </context>
    <context>
        <name>FindingsModel</name>
        <message>
            <source>Class</source>
            <translation>Сынып</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>Дереккөз</translation>
        </message>
        <message>
            <source>Area</source>
            <translation>Аудан</translation>
        </message>
        <message>
            <source>Measurements</source>
            <translation>Өлшемдер</translation>
        </message>
        <message>
            <source>Severity</source>
            <translation>Ауырлығы</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Күйі</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Ескертпе</translation>
        </message>
        <message>
            <source>detector</source>
            <translation>детектор</translation>
        </message>
        <message>
            <source>manual</source>
            <translation>қолмен</translation>
        </message>
        <message>
            <source>{0} mm²</source>
            <translation>{0} мм²</translation>
        </message>
        <message>
            <source>{0} px</source>
            <translation>{0} пиксель</translation>
        </message>
        <message>
            <source>Set severity</source>
            <translation>Ауырлығын белгілеу</translation>
        </message>
        <message>
            <source>Edit note</source>
            <translation>Ескертпені өзгерту</translation>
        </message>
        <message>
            <source>Accept</source>
            <translation>Қабылдау</translation>
        </message>
        <message>
            <source>Reject</source>
            <translation>Қабылдамау</translation>
        </message>
        <message>
            <source>Reset status</source>
            <translation>Күйін қалпына келтіру</translation>
        </message>
        <message>
            <source>Re-classify</source>
            <translation>Сыныбын өзгерту</translation>
        </message>
        <message>
            <source>Add {0}</source>
            <translation>Қосу: {0}</translation>
        </message>
        <message>
            <source>Delete region</source>
            <translation>Аймақты жою</translation>
        </message>
    </context>
    <context>
        <name>FindingsPanel</name>
        <message>
            <source>Accept</source>
            <translation>Қабылдау</translation>
        </message>
        <message>
            <source>Reject</source>
            <translation>Қабылдамау</translation>
        </message>
        <message>
            <source>Re-classify</source>
            <translation>Сыныбын өзгерту</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Жою</translation>
        </message>
        <message>
            <source>Accept the selected findings (A)</source>
            <translation>Таңдалған анықталғандарды қабылдау (A)</translation>
        </message>
        <message>
            <source>Reject the selected findings (X)</source>
            <translation>Таңдалған анықталғандарды қабылдамау (X)</translation>
        </message>
        <message>
            <source>Delete the selected manual regions</source>
            <translation>Қолмен белгіленген таңдалған аймақтарды жою</translation>
        </message>
        <message>
            <source>{0} mm²</source>
            <translation>{0} мм²</translation>
        </message>
        <message>
            <source>{0} px</source>
            <translation>{0} пиксель</translation>
        </message>
        <message>
            <source>{0} · {1}</source>
            <translation>{0} · {1}</translation>
        </message>
        <message>
            <source>{0} findings: {1} accepted, {2} rejected, {3} to review</source>
            <translation>Анықталғандар: {0}; қабылданды {1}, қабылданбады {2}, тексерілуі тиіс {3}</translation>
        </message>
        <message>
            <source>No findings yet: run Analysis › Analyse, or draw regions by hand.</source>
            <translation>Әзірге ештеңе анықталмады: «Талдау › Талдау» іске қосыңыз немесе аймақтарды қолмен белгілеңіз.</translation>
        </message>
        <message>
            <source>Delete region</source>
            <translation>Аймақты жою</translation>
        </message>
    </context>
    <context>
        <name>HazardTable</name>
        <message>
            <source>Hazard</source>
            <translation>Қауіп</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>Күні</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Ескертпе</translation>
        </message>
        <message>
            <source>Add a hazard</source>
            <translation>Қауіп қосу</translation>
        </message>
        <message>
            <source>Remove the selected hazard</source>
            <translation>Таңдалған қауіпті алып тастау</translation>
        </message>
    </context>
    <context>
        <name>Legend</name>
        <message>
            <source>Overlay opacity</source>
            <translation>Қабаттың мөлдір еместігі</translation>
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
            <translation> / {0} </translation>
        </message>
        <message>
            <source>Open Scan</source>
            <translation>Сканды ашу</translation>
        </message>
        <message>
            <source>Scans ({0})</source>
            <translation>Скандар ({0})</translation>
        </message>
        <message>
            <source>Cannot open the scan</source>
            <translation>Сканды ашу мүмкін емес</translation>
        </message>
        <message>
            <source>{0} × {1} px, {2}-bit</source>
            <translation>{0} × {1} пиксель, {2} бит</translation>
        </message>
        <message>
            <source>, {0} ppi</source>
            <translation>, {0} ppi</translation>
        </message>
        <message>
            <source>, no resolution: positions and areas in pixels</source>
            <translation>, ажыратымдылық белгісіз: орындар мен аудандар пиксельмен</translation>
        </message>
        <message>
            <source>(none)</source>
            <translation>(жоқ)</translation>
        </message>
        <message>
            <source>Clear Recent Files</source>
            <translation>Соңғы файлдар тізімін тазалау</translation>
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
            <translation>x {0} пиксель, y {1} пиксель</translation>
        </message>
        <message>
            <source>L* {0}  a* {1}  b* {2}</source>
            <translation>L* {0}  a* {1}  b* {2}</translation>
        </message>
        <message>
            <source>Analysing… %p%</source>
            <translation>Талдау… %p%</translation>
        </message>
        <message>
            <source>Analysis done: {0} findings to review.</source>
            <translation>Талдау аяқталды: тексерілетін анықталғандар — {0}.</translation>
        </message>
        <message>
            <source>Analysis failed</source>
            <translation>Талдау сәтсіз аяқталды</translation>
        </message>
        <message>
            <source>Analysis cancelled.</source>
            <translation>Талдау тоқтатылды.</translation>
        </message>
        <message>
            <source>Cannot save to the records</source>
            <translation>Жазбаларға сақтау мүмкін емес</translation>
        </message>
        <message>
            <source>Saved as check {0}.</source>
            <translation>{0} тексеру ретінде сақталды.</translation>
        </message>
        <message>
            <source>Cannot open the check</source>
            <translation>Тексеруді ашу мүмкін емес</translation>
        </message>
        <message>
            <source>Export failed</source>
            <translation>Экспорт сәтсіз аяқталды</translation>
        </message>
        <message>
            <source>Unsaved review</source>
            <translation>Сақталмаған қарап шығу</translation>
        </message>
        <message>
            <source>The review of this scan has unsaved changes. Save them to the records?</source>
            <translation>Осы сканды қарап шығуда сақталмаған өзгерістер бар. Оларды жазбаларға сақтау керек пе?</translation>
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
            <translation>Қараламаларды автосақтау (с):</translation>
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
    <context>
        <name>RecordsBrowser</name>
        <message>
            <source>Draft</source>
            <translation>Қаралама</translation>
        </message>
        <message>
            <source>Final</source>
            <translation>Бекітілген</translation>
        </message>
        <message>
            <source>Inventory no.</source>
            <translation>Түгендеу №</translation>
        </message>
        <message>
            <source>Title</source>
            <translation>Атауы</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>Түрі</translation>
        </message>
        <message>
            <source>Checks</source>
            <translation>Тексерулер</translation>
        </message>
        <message>
            <source>Last check</source>
            <translation>Соңғы тексеру</translation>
        </message>
        <message>
            <source>Condition</source>
            <translation>Жағдайы</translation>
        </message>
        <message>
            <source>corrects {0}</source>
            <translation>{0} түзетеді</translation>
        </message>
        <message>
            <source>Reference</source>
            <translation>Нөмірі</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>Күні</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Күйі</translation>
        </message>
        <message>
            <source>Checked by</source>
            <translation>Тексерген</translation>
        </message>
        <message>
            <source>Signed</source>
            <translation>Қол қойылған</translation>
        </message>
        <message>
            <source>Version</source>
            <translation>Нұсқа</translation>
        </message>
        <message>
            <source>The records could not be opened</source>
            <translation>Жазбаларды ашу мүмкін болмады</translation>
        </message>
        <message>
            <source>Search inventory numbers, titles, notes (any language)…</source>
            <translation>Түгендеу нөмірлері, атаулар, ескертпелер бойынша іздеу (кез келген тілде)…</translation>
        </message>
        <message>
            <source>Open check</source>
            <translation>Тексеруді ашу</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>Жаңарту</translation>
        </message>
        <message>
            <source>No records database open.</source>
            <translation>Жазбалар дерекқоры ашылмаған.</translation>
        </message>
        <message numerus="yes">
            <source>%n item(s) found</source>
            <translation>
                <numerusform>%n бірлік табылды</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n item(s)</source>
            <translation>
                <numerusform>%n сақтау бірлігі</numerusform>
            </translation>
        </message>
        <message>
            <source>Select an item to see its condition checks.</source>
            <translation>Тексерулерін көру үшін сақтау бірлігін таңдаңыз.</translation>
        </message>
        <message numerus="yes">
            <source>History of {0}: %n check(s)</source>
            <translation>
                <numerusform>{0} тарихы: %n тексеру</numerusform>
            </translation>
        </message>
        <message>
            <source>The records could not be searched</source>
            <translation>Жазбалардан іздеу мүмкін болмады</translation>
        </message>
    </context>
    <context>
        <name>ReportEditor</name>
        <message>
            <source>Inventory number:</source>
            <translation>Түгендеу нөмірі:</translation>
        </message>
        <message>
            <source>Title:</source>
            <translation>Атауы:</translation>
        </message>
        <message>
            <source>Object type:</source>
            <translation>Нысан түрі:</translation>
        </message>
        <message>
            <source>Date of the object:</source>
            <translation>Нысанның мерзімі:</translation>
        </message>
        <message>
            <source>Materials:</source>
            <translation>Материалдар:</translation>
        </message>
        <message>
            <source>Dimensions:</source>
            <translation>Өлшемдері:</translation>
        </message>
        <message>
            <source>Location:</source>
            <translation>Орналасқан жері:</translation>
        </message>
        <message>
            <source>Reference:</source>
            <translation>Тексеру нөмірі:</translation>
        </message>
        <message>
            <source>Date of check:</source>
            <translation>Тексеру күні:</translation>
        </message>
        <message>
            <source>Checked by:</source>
            <translation>Тексерген:</translation>
        </message>
        <message>
            <source>Reason:</source>
            <translation>Себебі:</translation>
        </message>
        <message>
            <source>Method:</source>
            <translation>Әдісі:</translation>
        </message>
        <message>
            <source>Overall condition:</source>
            <translation>Жалпы жағдайы:</translation>
        </message>
        <message>
            <source>Treatment priority:</source>
            <translation>Қалпына келтіру басымдығы:</translation>
        </message>
        <message>
            <source>Completeness:</source>
            <translation>Толықтығы:</translation>
        </message>
        <message>
            <source>Completeness note:</source>
            <translation>Толықтығы туралы ескертпе:</translation>
        </message>
        <message>
            <source>Next check:</source>
            <translation>Келесі тексеру:</translation>
        </message>
        <message>
            <source>Summary:</source>
            <translation>Қорытынды:</translation>
        </message>
        <message>
            <source>Findings:</source>
            <translation>Анықталғандар:</translation>
        </message>
        <message>
            <source>Handling:</source>
            <translation>Ұстау:</translation>
        </message>
        <message>
            <source>Storage:</source>
            <translation>Сақтау:</translation>
        </message>
        <message>
            <source>Display:</source>
            <translation>Көрмеге қою:</translation>
        </message>
        <message>
            <source>Environment:</source>
            <translation>Орта жағдайы:</translation>
        </message>
        <message>
            <source>Packing:</source>
            <translation>Қаптау:</translation>
        </message>
        <message>
            <source>Security:</source>
            <translation>Қауіпсіздік:</translation>
        </message>
        <message>
            <source>Special requirements:</source>
            <translation>Ерекше талаптар:</translation>
        </message>
        <message>
            <source>Salvage priority:</source>
            <translation>Құтқару басымдығы:</translation>
        </message>
        <message>
            <source>Proposed treatment:</source>
            <translation>Ұсынылған қалпына келтіру:</translation>
        </message>
        <message>
            <source>Status:</source>
            <translation>Күйі:</translation>
        </message>
        <message>
            <source>Proposed by:</source>
            <translation>Ұсынған:</translation>
        </message>
        <message>
            <source>Approved by:</source>
            <translation>Бекіткен:</translation>
        </message>
        <message>
            <source>Approved on:</source>
            <translation>Бекітілген күні:</translation>
        </message>
        <message>
            <source>Item</source>
            <translation>Сақтау бірлігі</translation>
        </message>
        <message>
            <source>Condition check</source>
            <translation>Жағдайды тексеру</translation>
        </message>
        <message>
            <source>Hazards</source>
            <translation>Қауіптер</translation>
        </message>
        <message>
            <source>Recommendations</source>
            <translation>Ұсынымдар</translation>
        </message>
        <message>
            <source>Treatment proposal</source>
            <translation>Қалпына келтіру ұсынысы</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>Сақтау</translation>
        </message>
        <message>
            <source>Save the draft now (drafts also save themselves)</source>
            <translation>Қараламаны қазір сақтау (қаралама өздігінен де сақталады)</translation>
        </message>
        <message>
            <source>Finalise…</source>
            <translation>Бекіту…</translation>
        </message>
        <message>
            <source>Sign and lock this check; corrections need a new version</source>
            <translation>Тексеруге қол қойып, құлыптау; түзетулер тек жаңа нұсқада</translation>
        </message>
        <message>
            <source>New version</source>
            <translation>Жаңа нұсқа</translation>
        </message>
        <message>
            <source>Start a corrected draft that supersedes this check</source>
            <translation>Осы тексерудің орнын басатын түзетілген қаралама жасау</translation>
        </message>
        <message>
            <source>Export…</source>
            <translation>Экспорттау…</translation>
        </message>
        <message>
            <source>Proposed</source>
            <translation>Ұсынылған</translation>
        </message>
        <message>
            <source>Approved</source>
            <translation>Бекітілген</translation>
        </message>
        <message>
            <source>Rejected</source>
            <translation>Қабылданбаған</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Орындалған</translation>
        </message>
        <message>
            <source>Set a date for the next check</source>
            <translation>Келесі тексеру күнін белгілеу</translation>
        </message>
        <message>
            <source>e.g. 210 × 297 mm</source>
            <translation>мысалы, 210 × 297 мм</translation>
        </message>
        <message>
            <source>Overall condition in a few sentences, for the printed report</source>
            <translation>Жалпы жағдайы бірнеше сөйлеммен — басылған есеп үшін</translation>
        </message>
        <message>
            <source>What is missing, if anything</source>
            <translation>Не жетіспейді (егер жетіспесе)</translation>
        </message>
        <message>
            <source>No condition check open. Open one from the records browser.</source>
            <translation>Тексеру ашылмаған. Оны жазбалар шолғышынан ашыңыз.</translation>
        </message>
        <message>
            <source>Final — signed by {0} on {1}. Read-only: use “New version” to correct.</source>
            <translation>Бекітілген — {0} қол қойды, {1}. Тек оқу үшін: түзету үшін «Жаңа нұсқа» жасаңыз.</translation>
        </message>
        <message>
            <source>Draft — unsaved changes</source>
            <translation>Қаралама — сақталмаған өзгерістер бар</translation>
        </message>
        <message>
            <source>Draft — saved</source>
            <translation>Қаралама — сақталды</translation>
        </message>
        <message>
            <source>(supersedes check {0})</source>
            <translation>({0} тексерудің орнын басады)</translation>
        </message>
        <message>
            <source>Proposed from the measured damage: confirm or change it.</source>
            <translation>Өлшенген зақымдар бойынша ұсынылды: растаңыз немесе өзгертіңіз.</translation>
        </message>
        <message>
            <source>none recorded</source>
            <translation>тіркелмеген</translation>
        </message>
        <message>
            <source>{0} accepted, {1} proposed, {2} rejected</source>
            <translation>қабылданды: {0}, ұсынылды: {1}, қабылданбады: {2}</translation>
        </message>
        <message>
            <source>accepted</source>
            <translation>қабылданған</translation>
        </message>
        <message>
            <source>proposed</source>
            <translation>ұсынылған</translation>
        </message>
        <message>
            <source>rejected</source>
            <translation>қабылданбаған</translation>
        </message>
        <message>
            <source>Damage</source>
            <translation>Зақым</translation>
        </message>
        <message>
            <source>Severity</source>
            <translation>Ауырлығы</translation>
        </message>
        <message>
            <source>Area</source>
            <translation>Аудан</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Күйі</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Ескертпе</translation>
        </message>
        <message>
            <source>The draft could not be saved</source>
            <translation>Қараламаны сақтау мүмкін болмады</translation>
        </message>
        <message>
            <source>The check could not be finalised</source>
            <translation>Тексеруді бекіту мүмкін болмады</translation>
        </message>
        <message>
            <source>No new version could be created</source>
            <translation>Жаңа нұсқа жасау мүмкін болмады</translation>
        </message>
        <message>
            <source>Unsaved changes</source>
            <translation>Сақталмаған өзгерістер</translation>
        </message>
        <message>
            <source>The condition report has changes that are not saved yet. Save them?</source>
            <translation>Жағдай туралы есепте әлі сақталмаған өзгерістер бар. Сақтау керек пе?</translation>
        </message>
        <message>
            <source>Finalise condition check</source>
            <translation>Тексеруді бекіту</translation>
        </message>
        <message>
            <source>Once finalised, this check can no longer be changed; corrections are made in a new version.

Sign with your name:</source>
            <translation>Бекітілгеннен кейін тексеруді өзгертуге болмайды; түзетулер жаңа нұсқада енгізіледі.

Атыңызбен қол қойыңыз:</translation>
        </message>
    </context>
</TS>
