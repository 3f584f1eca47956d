<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="kk_KZ">
<context>
    <name>AboutDialog</name>
    <message>
        <source>Licence file missing: {0}</source>
        <translation type="unfinished">Лицензия файлы жоқ: {0}</translation>
    </message>
    <message>
        <source>About Conservator</source>
        <translation type="unfinished">Conservator туралы</translation>
    </message>
    <message>
        <source>Condition documentation for archive and library conservation: faithful scans, measured damage, versioned records and signed PDF reports.</source>
        <translation type="unfinished">Мұрағат және кітапхана қорларын қалпына келтіруге арналған сақталу жағдайын құжаттау: нақты скандар, өлшенген зақымдар, нұсқаланған жазбалар және қол қойылған PDF есептер.</translation>
    </message>
    <message>
        <source>Free software under the {0} licence. It comes with no warranty.</source>
        <translation type="unfinished">{0} лицензиясы бойынша еркін бағдарлама. Ешқандай кепілдіксіз беріледі.</translation>
    </message>
    <message>
        <source>Copy version details</source>
        <translation type="unfinished">Нұсқа мәліметтерін көшіру</translation>
    </message>
    <message>
        <source>Libraries</source>
        <translation type="unfinished">Кітапханалар</translation>
    </message>
    <message>
        <source>Fonts</source>
        <translation type="unfinished">Қаріптер</translation>
    </message>
    <message>
        <source>Library</source>
        <translation type="unfinished">Кітапхана</translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished">Нұсқа</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation type="unfinished">Лицензия</translation>
    </message>
    <message>
        <source>Font</source>
        <translation type="unfinished">Қаріп</translation>
    </message>
    <message>
        <source>Files</source>
        <translation type="unfinished">Файлдар</translation>
    </message>
</context>
<context>
    <name>Analysis</name>
    <message>
        <source>Finding the leaf and the colour of clean paper…</source>
        <extracomment>optional ``f(result) -&gt; extra`` run in the worker; ``finished`` then gets (result, extra)</extracomment>
        <translation type="unfinished">Парақ пен таза қағаздың түсі анықталуда…</translation>
    </message>
    <message>
        <source>Putting the findings together…</source>
        <translation type="unfinished">Анықталғандар жинақталуда…</translation>
    </message>
    <message>
        <source>Looking for {0}…</source>
        <translation type="unfinished">{0} ізделуде…</translation>
    </message>
    <message>
        <source>Analysing the page…</source>
        <translation type="unfinished">Бет талдануда…</translation>
    </message>
</context>
<context>
    <name>AnalysisParamsDialog</name>
    <message>
        <source>Run this detector</source>
        <translation type="unfinished">Осы детекторды іске қосу</translation>
    </message>
    <message>
        <source>Use these values as my defaults</source>
        <translation type="unfinished">Осы мәндерді әдепкі ретінде сақтау</translation>
    </message>
    <message>
        <source>Analyse</source>
        <translation type="unfinished">Талдау</translation>
    </message>
    <message>
        <source>Reset to the defaults</source>
        <translation type="unfinished">Әдепкі мәндерге қайтару</translation>
    </message>
    <message>
        <source>How should the detectors err?</source>
        <translation type="unfinished">Детекторлар қай жаққа қателессін?</translation>
    </message>
    <message>
        <source>Custom values (see Advanced).</source>
        <translation type="unfinished">Өз мәндері («Қосымша» қараңыз).</translation>
    </message>
    <message>
        <source>Advanced: every detector and parameter</source>
        <translation type="unfinished">Қосымша: барлық детекторлар мен параметрлер</translation>
    </message>
    <message>
        <source>Sensitive</source>
        <translation type="unfinished">Сезімтал</translation>
    </message>
    <message>
        <source>Report more: fainter and smaller damage, a few more false alarms.</source>
        <translation type="unfinished">Көбірек табу: әлсіз және ұсақ зақымдар, жалған дабыл сәл көбірек.</translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation type="unfinished">Теңгерімді</translation>
    </message>
    <message>
        <source>The detectors&apos; defaults: the settings their accuracy was measured with.</source>
        <translation type="unfinished">Детекторлардың әдепкі баптаулары: дәлдігі осылармен өлшенген.</translation>
    </message>
    <message>
        <source>Conservative</source>
        <translation type="unfinished">Сақ</translation>
    </message>
    <message>
        <source>Report less: only damage that is beyond doubt.</source>
        <translation type="unfinished">Азырақ табу: тек күмәнсіз зақымдар.</translation>
    </message>
</context>
<context>
    <name>Batch</name>
    <message>
        <source>Accept %n finding(s)</source>
        <translation type="unfinished">%n анықталғанды қабылдау</translation>
    </message>
    <message>
        <source>Reject %n finding(s)</source>
        <translation type="unfinished">%n анықталғанды қабылдамау</translation>
    </message>
</context>
<context>
    <name>BatchDialog</name>
    <message>
        <source>Batch Review</source>
        <translation type="unfinished">Топтап тексеру</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation type="unfinished">Қабылдау</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation type="unfinished">Қабылдамау</translation>
    </message>
    <message>
        <source>Any class</source>
        <translation type="unfinished">Кез келген сынып</translation>
    </message>
    <message>
        <source>mm²</source>
        <translation type="unfinished">мм²</translation>
    </message>
    <message>
        <source>px</source>
        <translation type="unfinished">пкс</translation>
    </message>
    <message numerus="yes">
        <source>Only the %n selected finding(s)</source>
        <translation type="unfinished">
            <numerusform>Тек таңдалған %n анықталған</numerusform>
            <numerusform>Тек таңдалған %n анықталған</numerusform>
        </translation>
    </message>
    <message>
        <source>Also change findings already accepted or rejected</source>
        <translation type="unfinished">Қабылданған не қабылданбаған анықталғандарды да өзгерту</translation>
    </message>
    <message>
        <source>Action:</source>
        <translation type="unfinished">Әрекет:</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation type="unfinished">Сынып:</translation>
    </message>
    <message>
        <source>At least:</source>
        <translation type="unfinished">Кемінде:</translation>
    </message>
    <message numerus="yes">
        <source>%n finding(s) will be accepted.</source>
        <translation type="unfinished">
            <numerusform>%n анықталған қабылданады.</numerusform>
            <numerusform>%n анықталған қабылданады.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n finding(s) will be rejected.</source>
        <translation type="unfinished">
            <numerusform>%n анықталған қабылданбайды.</numerusform>
            <numerusform>%n анықталған қабылданбайды.</numerusform>
        </translation>
    </message>
    <message>
        <source>One Undo (Ctrl+Z) restores them all.</source>
        <translation type="unfinished">Бір рет болдырмау (Ctrl+Z) бәрін қайтарады.</translation>
    </message>
</context>
<context>
    <name>Damage</name>
    <message>
        <source>Foxing</source>
        <extracomment>Damage classes (codes of the damage vocabulary): the registered detectors&apos; classes in report order, then classes people mark by hand. One colour per class, the same as the CLI overlay and the PDF (``registry.colours()``).</extracomment>
        <translation type="unfinished">Фоксинг</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation type="unfinished">Жетіспейтін бөлік</translation>
    </message>
    <message>
        <source>Tear</source>
        <translation type="unfinished">Жыртылу</translation>
    </message>
    <message>
        <source>Fading</source>
        <translation type="unfinished">Оңу</translation>
    </message>
    <message>
        <source>Stain</source>
        <translation type="unfinished">Дақ</translation>
    </message>
    <message>
        <source>Mould</source>
        <translation type="unfinished">Зең</translation>
    </message>
    <message>
        <source>Soiling</source>
        <translation type="unfinished">Ластану</translation>
    </message>
    <message>
        <source>Crease</source>
        <translation type="unfinished">Мыжылған із</translation>
    </message>
    <message>
        <source>proposed</source>
        <translation type="unfinished">ұсынылған</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation type="unfinished">қабылданған</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation type="unfinished">қабылданбаған</translation>
    </message>
    <message>
        <source>length {0} mm</source>
        <translation type="unfinished">ұзындығы {0} мм</translation>
    </message>
    <message>
        <source>⌀ {0} mm</source>
        <translation type="unfinished">⌀ {0} мм</translation>
    </message>
    <message>
        <source>ΔE00 {0}</source>
        <translation type="unfinished">ΔE00 {0}</translation>
    </message>
    <message>
        <source>mean ΔE00 {0}</source>
        <translation type="unfinished">орташа ΔE00 {0}</translation>
    </message>
    <message>
        <source>longest {0} mm</source>
        <translation type="unfinished">ең үлкен өлшемі {0} мм</translation>
    </message>
    <message>
        <source>minor</source>
        <translation type="unfinished">болмашы</translation>
    </message>
    <message>
        <source>moderate</source>
        <translation type="unfinished">орташа</translation>
    </message>
    <message>
        <source>severe</source>
        <translation type="unfinished">ауыр</translation>
    </message>
</context>
<context>
    <name>DamageClassCombo</name>
    <message>
        <source>Physical damage</source>
        <extracomment>The role holding a term&apos;s code (group headers have none).</extracomment>
        <translation type="unfinished">Механикалық зақымдар</translation>
    </message>
    <message>
        <source>Chemical damage and stains</source>
        <translation type="unfinished">Химиялық зақымдар мен дақтар</translation>
    </message>
    <message>
        <source>Biological damage</source>
        <translation type="unfinished">Биологиялық зақымдар</translation>
    </message>
    <message>
        <source>Surface and past interventions</source>
        <translation type="unfinished">Бет және бұрынғы араласулар</translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished">Басқа</translation>
    </message>
</context>
<context>
    <name>DetectorParamsEditor</name>
    <message>
        <source>Foxing</source>
        <extracomment>Every registered detector (damage class), in report order.</extracomment>
        <translation type="unfinished">Фоксинг</translation>
    </message>
    <message>
        <source>Stains</source>
        <translation type="unfinished">Дақтар</translation>
    </message>
    <message>
        <source>Losses</source>
        <translation type="unfinished">Жетіспейтін бөліктер</translation>
    </message>
    <message>
        <source>Tears</source>
        <translation type="unfinished">Жыртылулар</translation>
    </message>
    <message>
        <source>Fading</source>
        <translation type="unfinished">Оңу</translation>
    </message>
    <message>
        <source>Run by default</source>
        <translation type="unfinished">Әдепкі бойынша іске қосу</translation>
    </message>
    <message>
        <source>Restore defaults</source>
        <translation type="unfinished">Әдепкі мәндерді қалпына келтіру</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>Not enough memory for this operation. Close other scans or programs.</source>
        <translation type="unfinished">Бұл әрекет үшін жад жеткіліксіз. Басқа скандарды немесе бағдарламаларды жабыңыз.</translation>
    </message>
    <message>
        <source>Unexpected error: {0}</source>
        <translation type="unfinished">Күтпеген қате: {0}</translation>
    </message>
    <message>
        <source>Conservator — error</source>
        <translation type="unfinished">Conservator — қате</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation type="unfinished">Толығырақ көшіру</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export condition report</source>
        <extracomment>opens a file with the system viewer; False (or an exception) when it could not shows a file in the system file manager; False (or an exception) when it could not</extracomment>
        <translation type="unfinished">Жағдай туралы есепті экспорттау</translation>
    </message>
    <message>
        <source>Formats</source>
        <translation type="unfinished">Пішімдер</translation>
    </message>
    <message>
        <source>PDF report (PDF/A)</source>
        <translation type="unfinished">PDF есебі (PDF/A)</translation>
    </message>
    <message>
        <source>JSON record (everything in the report)</source>
        <translation type="unfinished">JSON жазбасы (есептің бүкіл мазмұны)</translation>
    </message>
    <message>
        <source>CSV table of findings</source>
        <translation type="unfinished">Анықталғандар кестесі (CSV)</translation>
    </message>
    <message>
        <source>W3C Web Annotations (damage regions)</source>
        <translation type="unfinished">W3C веб-аннотациялары (зақым аймақтары)</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation type="unfinished">Тіл:</translation>
    </message>
    <message>
        <source>Second language:</source>
        <translation type="unfinished">Екінші тіл:</translation>
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished">Жоқ</translation>
    </message>
    <message>
        <source>A4 (210 × 297 mm)</source>
        <translation type="unfinished">A4 (210 × 297 мм)</translation>
    </message>
    <message>
        <source>US Letter (216 × 279 mm)</source>
        <translation type="unfinished">Letter, АҚШ (216 × 279 мм)</translation>
    </message>
    <message>
        <source>Paper:</source>
        <translation type="unfinished">Қағаз өлшемі:</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation type="unfinished">Қалта:</translation>
    </message>
    <message>
        <source>File name:</source>
        <translation type="unfinished">Файл атауы:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished">Шолу…</translation>
    </message>
    <message>
        <source>Open when done</source>
        <translation type="unfinished">Аяқталғанда ашу</translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished">Экспорттау</translation>
    </message>
    <message>
        <source>Export folder</source>
        <translation type="unfinished">Экспорт қалтасы</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished">Экспорт сәтсіз аяқталды</translation>
    </message>
</context>
<context>
    <name>ExportDoneDialog</name>
    <message>
        <source>Export finished</source>
        <translation type="unfinished">Экспорт аяқталды</translation>
    </message>
    <message numerus="yes">
        <source>The condition report was exported to %n file(s):</source>
        <translation type="unfinished">
            <numerusform>Жағдай туралы есеп %n файлға экспортталды:</numerusform>
            <numerusform>Жағдай туралы есеп %n файлға экспортталды:</numerusform>
        </translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished">Ашу</translation>
    </message>
    <message>
        <source>Show in Folder</source>
        <translation type="unfinished">Қалтада көрсету</translation>
    </message>
    <message>
        <source>Cannot open the exported file</source>
        <translation type="unfinished">Экспортталған файлды ашу мүмкін емес</translation>
    </message>
    <message>
        <source>No program could open {0}. The file is saved; open it from its folder.</source>
        <translation type="unfinished">{0} файлын ешбір бағдарлама аша алмады. Файл сақталды; оны қалтасынан ашыңыз.</translation>
    </message>
    <message>
        <source>The folder of {0} could not be shown.</source>
        <translation type="unfinished">{0} қалтасын көрсету мүмкін болмады.</translation>
    </message>
</context>
<context>
    <name>FindingsModel</name>
    <message>
        <source>Class</source>
        <translation type="unfinished">Сынып</translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished">Дереккөз</translation>
    </message>
    <message>
        <source>Area</source>
        <translation type="unfinished">Аудан</translation>
    </message>
    <message>
        <source>Measurements</source>
        <translation type="unfinished">Өлшемдер</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation type="unfinished">Ауырлығы</translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished">Күйі</translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished">Ескертпе</translation>
    </message>
    <message>
        <source>detector</source>
        <translation type="unfinished">детектор</translation>
    </message>
    <message>
        <source>manual</source>
        <translation type="unfinished">қолмен</translation>
    </message>
    <message>
        <source>Set severity</source>
        <translation type="unfinished">Ауырлығын белгілеу</translation>
    </message>
    <message>
        <source>Edit note</source>
        <translation type="unfinished">Ескертпені өзгерту</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation type="unfinished">Қабылдау</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation type="unfinished">Қабылдамау</translation>
    </message>
    <message>
        <source>Reset status</source>
        <translation type="unfinished">Күйін қалпына келтіру</translation>
    </message>
    <message>
        <source>Re-classify</source>
        <translation type="unfinished">Сыныбын өзгерту</translation>
    </message>
    <message>
        <source>Add {0}</source>
        <translation type="unfinished">Қосу: {0}</translation>
    </message>
    <message>
        <source>Delete region</source>
        <translation type="unfinished">Аймақты жою</translation>
    </message>
    <message>
        <source>Move corner</source>
        <extracomment>Corner handles are offered for manual polygons with at most this many corners (not brushes).</extracomment>
        <translation type="unfinished">Бұрышты жылжыту</translation>
    </message>
    <message>
        <source>Move region</source>
        <translation type="unfinished">Аймақты жылжыту</translation>
    </message>
    <message>
        <source>No.</source>
        <translation type="unfinished">№</translation>
    </message>
    <message>
        <source>Position</source>
        <translation type="unfinished">Орны</translation>
    </message>
    <message>
        <source>{0}, {1} {2}</source>
        <translation type="unfinished">{0}; {1} {2}</translation>
    </message>
    <message>
        <source>Position (scan)</source>
        <translation type="unfinished">Орны (скан)</translation>
    </message>
    <message>
        <source>Top-left corner of the finding, from the top-left corner of the leaf</source>
        <extracomment>the leaf&apos;s top-left corner in scan px (from the analysis); positions are measured from it. None: not known (a reopened check: the records do not keep it), the scan&apos;s True for a final (signed) check: every edit is refused, nothing reaches the undo stack</extracomment>
        <translation type="unfinished">Табылымның сол жақ жоғарғы бұрышы, парақтың сол жақ жоғарғы бұрышынан</translation>
    </message>
    <message>
        <source>Top-left corner of the finding, from the top-left corner of the scan (analyse again to measure from the leaf)</source>
        <translation type="unfinished">Табылымның сол жақ жоғарғы бұрышы, сканның сол жақ жоғарғы бұрышынан (парақтан өлшеу үшін қайта талдаңыз)</translation>
    </message>
</context>
<context>
    <name>FindingsPanel</name>
    <message>
        <source>Accept</source>
        <translation type="unfinished">Қабылдау</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation type="unfinished">Қабылдамау</translation>
    </message>
    <message>
        <source>Re-classify</source>
        <translation type="unfinished">Сыныбын өзгерту</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished">Жою</translation>
    </message>
    <message>
        <source>Accept the selected findings (A)</source>
        <translation type="unfinished">Таңдалған анықталғандарды қабылдау (A)</translation>
    </message>
    <message>
        <source>Reject the selected findings (X)</source>
        <translation type="unfinished">Таңдалған анықталғандарды қабылдамау (X)</translation>
    </message>
    <message>
        <source>Delete the selected manual regions</source>
        <translation type="unfinished">Қолмен белгіленген таңдалған аймақтарды жою</translation>
    </message>
    <message>
        <source>{0} · {1}</source>
        <translation type="unfinished">{0} · {1}</translation>
    </message>
    <message>
        <source>{0} findings: {1} accepted, {2} rejected, {3} to review</source>
        <translation type="unfinished">Анықталғандар: {0}; қабылданды {1}, қабылданбады {2}, тексерілуі тиіс {3}</translation>
    </message>
    <message>
        <source>No findings yet: run Analysis › Analyse, or draw regions by hand.</source>
        <translation type="unfinished">Әзірге ештеңе анықталмады: «Талдау › Талдау» іске қосыңыз немесе аймақтарды қолмен белгілеңіз.</translation>
    </message>
    <message>
        <source>Delete region</source>
        <translation type="unfinished">Аймақты жою</translation>
    </message>
    <message>
        <source>Give the selected findings another class</source>
        <translation type="unfinished">Таңдалған анықталғандардың сыныбын өзгерту</translation>
    </message>
    <message>
        <source>Final (signed), read-only. {0}</source>
        <translation type="unfinished">Бекітілген (қол қойылған), тек оқу үшін. {0}</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <source>User Guide</source>
        <translation type="unfinished">Пайдаланушы нұсқаулығы</translation>
    </message>
</context>
<context>
    <name>HazardTable</name>
    <message>
        <source>Hazard</source>
        <translation type="unfinished">Қауіп</translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished">Күні</translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished">Ескертпе</translation>
    </message>
    <message>
        <source>Add a hazard</source>
        <translation type="unfinished">Қауіп қосу</translation>
    </message>
    <message>
        <source>Remove the selected hazard</source>
        <translation type="unfinished">Таңдалған қауіпті алып тастау</translation>
    </message>
</context>
<context>
    <name>History</name>
    <message>
        <source>created</source>
        <translation type="unfinished">құрылды</translation>
    </message>
    <message>
        <source>changed</source>
        <translation type="unfinished">өзгертілді</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation type="unfinished">жойылды</translation>
    </message>
    <message>
        <source>finalised</source>
        <translation type="unfinished">бекітілді</translation>
    </message>
    <message>
        <source>overall condition</source>
        <extracomment>Names of the fields a user edits, as the forms call them (other fields stay as stored).</extracomment>
        <translation type="unfinished">жалпы жай-күйі</translation>
    </message>
    <message>
        <source>source of the grade</source>
        <translation type="unfinished">бағаның көзі</translation>
    </message>
    <message>
        <source>treatment priority</source>
        <translation type="unfinished">қалпына келтіру басымдығы</translation>
    </message>
    <message>
        <source>reason for the check</source>
        <translation type="unfinished">тексеру себебі</translation>
    </message>
    <message>
        <source>method</source>
        <translation type="unfinished">әдіс</translation>
    </message>
    <message>
        <source>completeness</source>
        <translation type="unfinished">толықтығы</translation>
    </message>
    <message>
        <source>note on completeness</source>
        <translation type="unfinished">толықтығы туралы ескерту</translation>
    </message>
    <message>
        <source>environment</source>
        <translation type="unfinished">сақтау ортасы</translation>
    </message>
    <message>
        <source>summary</source>
        <translation type="unfinished">қорытынды</translation>
    </message>
    <message>
        <source>next check</source>
        <translation type="unfinished">келесі тексеру</translation>
    </message>
    <message>
        <source>date of check</source>
        <translation type="unfinished">тексеру күні</translation>
    </message>
    <message>
        <source>status</source>
        <translation type="unfinished">күйі</translation>
    </message>
    <message>
        <source>severity</source>
        <translation type="unfinished">дәрежесі</translation>
    </message>
    <message>
        <source>damage</source>
        <translation type="unfinished">зақым</translation>
    </message>
    <message>
        <source>note</source>
        <translation type="unfinished">ескерту</translation>
    </message>
    <message>
        <source>notes</source>
        <translation type="unfinished">ескертулер</translation>
    </message>
    <message>
        <source>title</source>
        <translation type="unfinished">атауы</translation>
    </message>
    <message>
        <source>object type</source>
        <translation type="unfinished">нысан түрі</translation>
    </message>
    <message>
        <source>date of the object</source>
        <translation type="unfinished">нысанның мерзімі</translation>
    </message>
    <message>
        <source>materials</source>
        <translation type="unfinished">материалдар</translation>
    </message>
    <message>
        <source>dimensions</source>
        <translation type="unfinished">өлшемдері</translation>
    </message>
    <message>
        <source>location</source>
        <translation type="unfinished">сақтау орны</translation>
    </message>
    <message>
        <source>inventory number</source>
        <translation type="unfinished">түгендеу нөмірі</translation>
    </message>
    <message>
        <source>text</source>
        <translation type="unfinished">мәтін</translation>
    </message>
    <message>
        <source>kind</source>
        <translation type="unfinished">түрі</translation>
    </message>
    <message>
        <source>proposed by</source>
        <translation type="unfinished">ұсынған</translation>
    </message>
    <message>
        <source>approved by</source>
        <translation type="unfinished">бекіткен</translation>
    </message>
    <message>
        <source>approved on</source>
        <translation type="unfinished">бекітілген күні</translation>
    </message>
    <message>
        <source>treatments</source>
        <translation type="unfinished">қалпына келтіру жұмыстары</translation>
    </message>
    <message>
        <source>signed by</source>
        <translation type="unfinished">қол қойған</translation>
    </message>
    <message>
        <source>signed on</source>
        <translation type="unfinished">қол қойылған күні</translation>
    </message>
    <message>
        <source>reviewed by</source>
        <translation type="unfinished">тексерген</translation>
    </message>
    <message>
        <source>reviewed on</source>
        <translation type="unfinished">тексерілген күні</translation>
    </message>
    <message>
        <source>re-classified from</source>
        <translation type="unfinished">қайта жіктелген (бұрынғы)</translation>
    </message>
    <message>
        <source>name</source>
        <translation type="unfinished">аты</translation>
    </message>
    <message>
        <source>role</source>
        <translation type="unfinished">рөлі</translation>
    </message>
    <message>
        <source>checked by</source>
        <translation type="unfinished">тексерген</translation>
    </message>
    <message>
        <source>finding {0}</source>
        <translation type="unfinished">анықталған {0}</translation>
    </message>
    <message>
        <source>draft</source>
        <extracomment>Fields holding a code of a vocabulary scheme.</extracomment>
        <translation type="unfinished">жоба</translation>
    </message>
    <message>
        <source>final</source>
        <translation type="unfinished">түпкілікті</translation>
    </message>
    <message>
        <source>from the measurements</source>
        <translation type="unfinished">өлшемдер бойынша</translation>
    </message>
    <message>
        <source>set by the conservator</source>
        <translation type="unfinished">реставратор белгіледі</translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished">Уақыт</translation>
    </message>
    <message>
        <source>Who</source>
        <translation type="unfinished">Кім</translation>
    </message>
    <message>
        <source>Table</source>
        <translation type="unfinished">Кесте</translation>
    </message>
    <message>
        <source>Row</source>
        <translation type="unfinished">Жазба</translation>
    </message>
    <message>
        <source>Field</source>
        <translation type="unfinished">Өріс</translation>
    </message>
    <message>
        <source>Old → new</source>
        <translation type="unfinished">Бұрын → қазір</translation>
    </message>
    <message>
        <source>item</source>
        <translation type="unfinished">сақтау бірлігі</translation>
    </message>
    <message>
        <source>check</source>
        <translation type="unfinished">тексеру</translation>
    </message>
    <message>
        <source>finding</source>
        <translation type="unfinished">анықталған</translation>
    </message>
    <message>
        <source>region</source>
        <translation type="unfinished">аймақ</translation>
    </message>
    <message>
        <source>hazard</source>
        <translation type="unfinished">қауіп</translation>
    </message>
    <message>
        <source>recommendation</source>
        <translation type="unfinished">ұсыным</translation>
    </message>
    <message>
        <source>treatment</source>
        <translation type="unfinished">қалпына келтіру</translation>
    </message>
    <message>
        <source>signature</source>
        <translation type="unfinished">қолтаңба</translation>
    </message>
    <message>
        <source>setting</source>
        <translation type="unfinished">баптау</translation>
    </message>
    <message>
        <source>scan</source>
        <translation type="unfinished">скан</translation>
    </message>
    <message>
        <source>analysis</source>
        <translation type="unfinished">талдау</translation>
    </message>
    <message>
        <source>measurement</source>
        <translation type="unfinished">өлшем</translation>
    </message>
    <message>
        <source>export</source>
        <translation type="unfinished">экспорт</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>Filter: a name, a field, a value or a date…</source>
        <translation type="unfinished">Сүзгі: аты, өріс, мән немесе күн…</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s)</source>
        <translation type="unfinished">
            <numerusform>%n өзгеріс</numerusform>
            <numerusform>%n өзгеріс</numerusform>
        </translation>
    </message>
    <message>
        <source>{0} of {1} changes shown</source>
        <translation type="unfinished">{1} өзгерістің {0} көрсетілген</translation>
    </message>
</context>
<context>
    <name>Legend</name>
    <message>
        <source>no backing board visible</source>
        <translation type="unfinished">астар көрінбейді</translation>
    </message>
    <message>
        <source>no even backing board around the leaf</source>
        <translation type="unfinished">парақтың айналасында біркелкі астар жоқ</translation>
    </message>
    <message>
        <source>not measurable in greyscale</source>
        <translation type="unfinished">сұр реңкті сканда өлшенбейді</translation>
    </message>
    <message>
        <source>the image is too small to analyse</source>
        <translation type="unfinished">сурет талдау үшін тым кішкентай</translation>
    </message>
    <message>
        <source>the image is uniform</source>
        <translation type="unfinished">сурет біркелкі</translation>
    </message>
    <message>
        <source>not measured: {0}</source>
        <translation type="unfinished">өлшенбеді: {0}</translation>
    </message>
    <message>
        <source>This class was not measured on this scan: {0}.</source>
        <translation type="unfinished">Бұл класс осы сканда өлшенбеді: {0}.</translation>
    </message>
    <message>
        <source>{0} (luminance only)</source>
        <translation type="unfinished">{0} (тек жарықтық)</translation>
    </message>
    <message>
        <source>A greyscale scan: measured from luminance alone.</source>
        <translation type="unfinished">Сұр реңкті скан: тек жарықтық бойынша өлшенді.</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation type="unfinished">Мөлдірсіздік</translation>
    </message>
    <message>
        <source>Fill regions</source>
        <translation type="unfinished">Аймақтарды бояу</translation>
    </message>
    <message>
        <source>Outlines only show the damage underneath; filled regions stand out more</source>
        <translation type="unfinished">Контурлар зақымды жаппайды; бояу көбірек көзге түседі</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Collection &amp;Survey…</source>
        <translation type="unfinished">Қорды &amp;зерттеу…</translation>
    </message>
    <message>
        <source>The survey failed</source>
        <translation type="unfinished">Зерттеу сәтсіз аяқталды</translation>
    </message>
    <message>
        <source>Conservator</source>
        <translation type="unfinished">Conservator</translation>
    </message>
    <message>
        <source>{0}{1} — Conservator</source>
        <translation type="unfinished">{0}{1} — Conservator</translation>
    </message>
    <message>
        <source> of {0} </source>
        <translation type="unfinished"> / {0} </translation>
    </message>
    <message>
        <source>Open Scan</source>
        <translation type="unfinished">Сканды ашу</translation>
    </message>
    <message>
        <source>Scans ({0})</source>
        <translation type="unfinished">Скандар ({0})</translation>
    </message>
    <message>
        <source>Cannot open the scan</source>
        <translation type="unfinished">Сканды ашу мүмкін емес</translation>
    </message>
    <message>
        <source>Opening {0}…</source>
        <translation type="unfinished">{0} ашылуда…</translation>
    </message>
    <message>
        <source>{0} × {1} px, {2}-bit</source>
        <translation type="unfinished">{0} × {1} пиксель, {2} бит</translation>
    </message>
    <message>
        <source>, no resolution: positions and areas in pixels</source>
        <translation type="unfinished">, ажыратымдылық белгісіз: орындар мен аудандар пиксельмен</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished">(жоқ)</translation>
    </message>
    <message>
        <source>Clear Recent Files</source>
        <translation type="unfinished">Соңғы файлдар тізімін тазалау</translation>
    </message>
    <message>
        <source>Zoom {0} %</source>
        <translation type="unfinished">Масштаб {0} %</translation>
    </message>
    <message>
        <source>Analysing… %p%</source>
        <translation type="unfinished">Талдау… %p%</translation>
    </message>
    <message>
        <source>Analysis done: {0} findings to review.</source>
        <translation type="unfinished">Талдау аяқталды: тексерілетін анықталғандар — {0}.</translation>
    </message>
    <message>
        <source>Analysis failed</source>
        <translation type="unfinished">Талдау сәтсіз аяқталды</translation>
    </message>
    <message>
        <source>Analysis cancelled.</source>
        <translation type="unfinished">Талдау тоқтатылды.</translation>
    </message>
    <message>
        <source>Every finding has been reviewed.</source>
        <translation type="unfinished">Барлық анықталғандар қаралды.</translation>
    </message>
    <message>
        <source>Cannot save to the records</source>
        <translation type="unfinished">Жазбаларға сақтау мүмкін емес</translation>
    </message>
    <message>
        <source>Saved as check {0}.</source>
        <translation type="unfinished">{0} тексеру ретінде сақталды.</translation>
    </message>
    <message>
        <source>Cannot open the check</source>
        <translation type="unfinished">Тексеруді ашу мүмкін емес</translation>
    </message>
    <message>
        <source>The check opened without its scan: %s</source>
        <translation type="unfinished">Тексеру сканерсіз ашылды: %s</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished">Экспорт сәтсіз аяқталды</translation>
    </message>
    <message>
        <source>Unsaved review</source>
        <translation type="unfinished">Сақталмаған қарап шығу</translation>
    </message>
    <message>
        <source>The review of this scan has unsaved changes. Save them to the records?</source>
        <translation type="unfinished">Осы сканды қарап шығуда сақталмаған өзгерістер бар. Оларды жазбаларға сақтау керек пе?</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished">&amp;Файл</translation>
    </message>
    <message>
        <source>The records cannot be opened: {0}</source>
        <translation type="unfinished">Жазбаларды ашу мүмкін емес: {0}</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished">&amp;Соңғылар</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished">Ө&amp;ңдеу</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished">&amp;Көрініс</translation>
    </message>
    <message>
        <source>&amp;Analysis</source>
        <translation type="unfinished">&amp;Талдау</translation>
    </message>
    <message>
        <source>A&amp;nnotate</source>
        <translation type="unfinished">&amp;Белгілеу</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished">&amp;Анықтама</translation>
    </message>
    <message>
        <source>&amp;Open Scan…</source>
        <translation type="unfinished">Сканды &amp;ашу…</translation>
    </message>
    <message>
        <source>&amp;Save to Records</source>
        <translation type="unfinished">Жазбаларға &amp;сақтау</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation type="unfinished">&amp;Экспорттау…</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation type="unfinished">&amp;Баптаулар…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished">&amp;Шығу</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation type="unfinished">&amp;Үлкейту</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation type="unfinished">&amp;Кішірейту</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation type="unfinished">&amp;Терезеге сыйдыру</translation>
    </message>
    <message>
        <source>&amp;Actual Size (100 %)</source>
        <translation type="unfinished">&amp;Нақты өлшем (100 %)</translation>
    </message>
    <message>
        <source>&amp;Previous Page</source>
        <translation type="unfinished">&amp;Алдыңғы бет</translation>
    </message>
    <message>
        <source>&amp;Next Page</source>
        <translation type="unfinished">&amp;Келесі бет</translation>
    </message>
    <message>
        <source>Stretch 16-bit &amp;Contrast</source>
        <translation type="unfinished">16 биттік &amp;контрастты созу</translation>
    </message>
    <message>
        <source>&amp;Analyse…</source>
        <translation type="unfinished">&amp;Талдау…</translation>
    </message>
    <message>
        <source>Analyse with &amp;Defaults</source>
        <translation type="unfinished">&amp;Әдепкі параметрлермен талдау</translation>
    </message>
    <message>
        <source>&amp;Cancel Analysis</source>
        <translation type="unfinished">Талдауды &amp;тоқтату</translation>
    </message>
    <message>
        <source>&amp;Accept Finding</source>
        <translation type="unfinished">Анықталғанды &amp;қабылдау</translation>
    </message>
    <message>
        <source>&amp;Reject Finding</source>
        <translation type="unfinished">Анықталғанды қа&amp;былдамау</translation>
    </message>
    <message>
        <source>&amp;Delete Region</source>
        <translation type="unfinished">Аймақты &amp;жою</translation>
    </message>
    <message>
        <source>&amp;Batch Review…</source>
        <translation type="unfinished">&amp;Топтап тексеру…</translation>
    </message>
    <message>
        <source>Reject All in a Drawn &amp;Rectangle</source>
        <translation type="unfinished">Сызылған &amp;тіктөртбұрыштағының бәрін қабылдамау</translation>
    </message>
    <message>
        <source>Next Finding to &amp;Review</source>
        <translation type="unfinished">Тексерілетін &amp;келесі анықталған</translation>
    </message>
    <message>
        <source>Previous Finding to Re&amp;view</source>
        <translation type="unfinished">Тексерілетін &amp;алдыңғы анықталған</translation>
    </message>
    <message>
        <source>&amp;About Conservator</source>
        <translation type="unfinished">Conservator &amp;туралы</translation>
    </message>
    <message>
        <source>&amp;User Guide</source>
        <translation type="unfinished">&amp;Пайдаланушы нұсқаулығы</translation>
    </message>
    <message>
        <source>Na&amp;vigator</source>
        <translation type="unfinished">&amp;Навигатор</translation>
    </message>
    <message>
        <source>&amp;Loupe (100 %)</source>
        <translation type="unfinished">&amp;Лупа (100 %)</translation>
    </message>
    <message>
        <source>&amp;Pan</source>
        <translation type="unfinished">&amp;Жылжыту</translation>
    </message>
    <message>
        <source>&amp;Rectangle</source>
        <translation type="unfinished">&amp;Тіктөртбұрыш</translation>
    </message>
    <message>
        <source>P&amp;olygon</source>
        <translation type="unfinished">&amp;Көпбұрыш</translation>
    </message>
    <message>
        <source>&amp;Brush</source>
        <translation type="unfinished">&amp;Қылқалам</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished">&amp;Болдырмау</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished">&amp;Қайталау</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation type="unfinished">Анықталғандар</translation>
    </message>
    <message>
        <source>Condition Report</source>
        <translation type="unfinished">Жағдай туралы есеп</translation>
    </message>
    <message>
        <source>Records</source>
        <translation type="unfinished">Жазбалар</translation>
    </message>
    <message>
        <source> Brush: </source>
        <translation type="unfinished"> Қылқалам: </translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished">Негізгі</translation>
    </message>
    <message>
        <source>Annotate</source>
        <translation type="unfinished">Белгілеу</translation>
    </message>
    <message>
        <source>Open a scan: File › Open, a recent file, or drop a TIFF, PNG, JPEG or JPEG 2000 file here.</source>
        <translation type="unfinished">Сканды ашыңыз: «Файл › Ашу», соңғы файл немесе TIFF, PNG, JPEG не JPEG 2000 файлын осында сүйреп әкеліңіз.</translation>
    </message>
    <message>
        <source>{0} › {1}</source>
        <translation type="unfinished">{0} › {1}</translation>
    </message>
    <message>
        <source>This check is final (signed) and cannot be changed. To correct it, click “New version” in the Condition Report.</source>
        <translation type="unfinished">Бұл тексеру бекітілген (қол қойылған), оны өзгертуге болмайды. Түзету үшін жағдай туралы есепте «Жаңа нұсқа» батырмасын басыңыз.</translation>
    </message>
    <message>
        <source>x {0}, y {1}</source>
        <translation type="unfinished">x {0}; y {1}</translation>
    </message>
    <message>
        <source>No findings to review yet: analyse the scan or draw regions first.</source>
        <translation type="unfinished">Әзірге тексеретін табылған жоқ: алдымен сканды талдаңыз немесе аймақтарды белгілеңіз.</translation>
    </message>
    <message>
        <source>No finding matched: nothing changed.</source>
        <translation type="unfinished">Сәйкес анықталған жоқ: ештеңе өзгермеді.</translation>
    </message>
    <message numerus="yes">
        <source>Accepted %n finding(s).</source>
        <translation type="unfinished">
            <numerusform>%n анықталған қабылданды.</numerusform>
            <numerusform>%n анықталған қабылданды.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Rejected %n finding(s).</source>
        <translation type="unfinished">
            <numerusform>%n анықталған қабылданбады.</numerusform>
            <numerusform>%n анықталған қабылданбады.</numerusform>
        </translation>
    </message>
    <message>
        <source>Edit › Undo restores them.</source>
        <translation type="unfinished">Өңдеу › Болдырмау оларды қайтарады.</translation>
    </message>
    <message>
        <source>This check is final</source>
        <translation type="unfinished">Бұл тексеру бекітілген</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation type="unfinished">&amp;Пернелер тіркесімдері</translation>
    </message>
    <message>
        <source>Rotate &amp;Right (90°)</source>
        <translation type="unfinished">Оңға &amp;бұру (90°)</translation>
    </message>
    <message>
        <source>Rotate &amp;Left (90°)</source>
        <translation type="unfinished">Солға б&amp;ұру (90°)</translation>
    </message>
    <message>
        <source>&amp;Mirror Left to Right</source>
        <translation type="unfinished">&amp;Солдан оңға айналдыру</translation>
    </message>
    <message>
        <source>Measure &amp;Distance</source>
        <translation type="unfinished">&amp;Қашықтықты өлшеу</translation>
    </message>
    <message>
        <source>Distance: {0}</source>
        <translation type="unfinished">Қашықтық: {0}</translation>
    </message>
    <message>
        <source>Hide every overlay while the key is held</source>
        <translation type="unfinished">Перне басулы тұрғанда барлық қабаттарды жасыру</translation>
    </message>
    <message>
        <source>H (hold)</source>
        <translation type="unfinished">H (басып тұру)</translation>
    </message>
    <message>
        <source>Show the loupe only while the key is held</source>
        <translation type="unfinished">Лупаны перне басулы тұрғанда ғана көрсету</translation>
    </message>
    <message>
        <source>L (hold)</source>
        <translation type="unfinished">L (басып тұру)</translation>
    </message>
    <message>
        <source>Zoom in or out at the pointer</source>
        <translation type="unfinished">Меңзер тұсында масштабтау</translation>
    </message>
    <message>
        <source>Mouse wheel</source>
        <translation type="unfinished">Тышқан дөңгелегі</translation>
    </message>
    <message>
        <source>Pan the scan</source>
        <translation type="unfinished">Сканды жылжыту</translation>
    </message>
    <message>
        <source>Drag, or the arrow keys</source>
        <translation type="unfinished">Сүйреу немесе бағыт пернелері</translation>
    </message>
</context>
<context>
    <name>NewItemDialog</name>
    <message>
        <source>New item</source>
        <translation type="unfinished">Жаңа сақтау бірлігі</translation>
    </message>
    <message>
        <source>Inventory number:</source>
        <translation type="unfinished">Түгендеу нөмірі:</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation type="unfinished">Атауы:</translation>
    </message>
    <message>
        <source>Object type:</source>
        <translation type="unfinished">Нысан түрі:</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation type="unfinished">Баптаулар</translation>
    </message>
    <message>
        <source>General</source>
        <translation type="unfinished">Жалпы</translation>
    </message>
    <message>
        <source>Records</source>
        <translation type="unfinished">Жазбалар</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation type="unfinished">Талдау</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation type="unfinished">Тіл:</translation>
    </message>
    <message>
        <source>Length unit:</source>
        <translation type="unfinished">Ұзындық өлшем бірлігі:</translation>
    </message>
    <message>
        <source>Your name:</source>
        <translation type="unfinished">Атыңыз:</translation>
    </message>
    <message>
        <source>Autosave drafts after (s):</source>
        <translation type="unfinished">Қараламаларды автосақтау (с):</translation>
    </message>
    <message>
        <source>Records database:</source>
        <translation type="unfinished">Жазбалар дерекқоры:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished">Шолу…</translation>
    </message>
    <message>
        <source>OK</source>
        <translation type="unfinished">ОК</translation>
    </message>
    <message>
        <source>Records database</source>
        <translation type="unfinished">Жазбалар дерекқоры</translation>
    </message>
    <message>
        <source>Conservator records (*.db *.sqlite);;All files (*)</source>
        <translation type="unfinished">Conservator жазбалары (*.db *.sqlite);;Барлық файлдар (*)</translation>
    </message>
    <message>
        <source>Recorded with every change you make, and proposed as “Checked by”</source>
        <translation type="unfinished">Әр өзгерісіңізбен бірге жазылады және «Тексерген» ретінде ұсынылады</translation>
    </message>
    <message>
        <source>Institution (printed in every report&apos;s header)</source>
        <translation type="unfinished">Мекеме (әр есептің тақырыбында басылады)</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished">Атауы:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation type="unfinished">Мекенжайы:</translation>
    </message>
    <message>
        <source>Logo (optional):</source>
        <translation type="unfinished">Логотип (міндетті емес):</translation>
    </message>
    <message>
        <source>Institution logo</source>
        <translation type="unfinished">Мекеме логотипі</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation type="unfinished">Суреттер (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>The institution could not be saved</source>
        <translation type="unfinished">Мекемені сақтау мүмкін болмады</translation>
    </message>
    <message>
        <source>Context around a finding (mm):</source>
        <translation type="unfinished">Табылым айналасындағы өріс (мм):</translation>
    </message>
</context>
<context>
    <name>QuickGradeDialog</name>
    <message>
        <source>Quick Grading</source>
        <translation type="unfinished">Жылдам бағалау</translation>
    </message>
    <message>
        <source>Overall condition:</source>
        <translation type="unfinished">Жалпы жағдайы:</translation>
    </message>
    <message>
        <source>Priority:</source>
        <translation type="unfinished">Басымдық:</translation>
    </message>
    <message>
        <source>← Previous</source>
        <translation type="unfinished">← Алдыңғы</translation>
    </message>
    <message>
        <source>Next →</source>
        <translation type="unfinished">Келесі →</translation>
    </message>
    <message>
        <source>No analysed page in this survey yet.</source>
        <translation type="unfinished">Бұл зерттеуде әлі талданған парақ жоқ.</translation>
    </message>
    <message>
        <source>Page {0} of {1}</source>
        <translation type="unfinished">{1} парақтың {0}-і</translation>
    </message>
    <message>
        <source>{0}, page {1} ({2})</source>
        <translation type="unfinished">{0}, {1}-парақ ({2})</translation>
    </message>
    <message>
        <source>Found by the detectors: {0}</source>
        <translation type="unfinished">Детекторлар тапқаны: {0}</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation type="unfinished">ештеңе</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation type="unfinished">Сақталды.</translation>
    </message>
</context>
<context>
    <name>Records</name>
    <message>
        <source>Save to the records</source>
        <translation type="unfinished">Жазбаларға сақтау</translation>
    </message>
    <message>
        <source>Inventory number</source>
        <translation type="unfinished">Түгендеу нөмірі</translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished">Атауы</translation>
    </message>
    <message>
        <source>this check has no scan attached</source>
        <translation type="unfinished">бұл тексеруге скан тіркелмеген</translation>
    </message>
    <message>
        <source>the scan of this check is missing; was it moved?</source>
        <translation type="unfinished">осы тексерудің сканы табылмады; оны басқа жерге көшірген жоқ па?</translation>
    </message>
</context>
<context>
    <name>RecordsBrowser</name>
    <message>
        <source>Grade survey pages…</source>
        <translation type="unfinished">Зерттеу парақтарын бағалау…</translation>
    </message>
    <message>
        <source>Grade the survey&apos;s pages one after another: keys 1–4, L N H U, Enter</source>
        <translation type="unfinished">Зерттеу парақтарын бірінен соң бірін бағалау: 1–4, L N H U, Enter пернелері</translation>
    </message>
    <message>
        <source>All items</source>
        <translation type="unfinished">Барлық сақтау бірліктері</translation>
    </message>
    <message>
        <source>Survey “{0}”: {1} of {2} pages done</source>
        <translation type="unfinished">«{0}» зерттеуі: {2} парақтың {1} дайын</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation type="unfinished">Қаралама</translation>
    </message>
    <message>
        <source>Final</source>
        <translation type="unfinished">Бекітілген</translation>
    </message>
    <message>
        <source>Inventory no.</source>
        <translation type="unfinished">Түгендеу №</translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished">Атауы</translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished">Түрі</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation type="unfinished">Тексерулер</translation>
    </message>
    <message>
        <source>Last check</source>
        <translation type="unfinished">Соңғы тексеру</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation type="unfinished">Жағдайы</translation>
    </message>
    <message>
        <source>corrects {0}</source>
        <translation type="unfinished">{0} түзетеді</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation type="unfinished">Нөмірі</translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished">Күні</translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished">Күйі</translation>
    </message>
    <message>
        <source>Checked by</source>
        <translation type="unfinished">Тексерген</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation type="unfinished">Қол қойылған</translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished">Нұсқа</translation>
    </message>
    <message>
        <source>The records could not be opened</source>
        <translation type="unfinished">Жазбаларды ашу мүмкін болмады</translation>
    </message>
    <message>
        <source>Search inventory numbers, titles, notes (any language)…</source>
        <translation type="unfinished">Түгендеу нөмірлері, атаулар, ескертпелер бойынша іздеу (кез келген тілде)…</translation>
    </message>
    <message>
        <source>Open check</source>
        <translation type="unfinished">Тексеруді ашу</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished">Жаңарту</translation>
    </message>
    <message>
        <source>New item…</source>
        <translation type="unfinished">Жаңа сақтау бірлігі…</translation>
    </message>
    <message>
        <source>Add an item (archival unit, book, leaf…) to the records</source>
        <translation type="unfinished">Жазбаларға сақтау бірлігін (іс, кітап, парақ…) қосу</translation>
    </message>
    <message>
        <source>New check</source>
        <translation type="unfinished">Жаңа тексеру</translation>
    </message>
    <message>
        <source>Audit trail and integrity</source>
        <translation type="unfinished">Өзгерістер журналы және тұтастық</translation>
    </message>
    <message>
        <source>Verify the records (tamper check)…</source>
        <translation type="unfinished">Жазбалардың өзгертілмегенін тексеру…</translation>
    </message>
    <message>
        <source>Start a condition check of the selected item (today, as a draft)</source>
        <translation type="unfinished">Таңдалған сақтау бірлігін тексеруді бастау (бүгінгі күнмен, қаралама ретінде)</translation>
    </message>
    <message>
        <source>No records database open.</source>
        <translation type="unfinished">Жазбалар дерекқоры ашылмаған.</translation>
    </message>
    <message numerus="yes">
        <source>The first %n items; search to narrow them down.</source>
        <translation type="unfinished">
            <numerusform>Алғашқы %n сақтау бірлігі; іздеуді нақтылаңыз.</numerusform>
            <numerusform>Алғашқы %n сақтау бірлігі; іздеуді нақтылаңыз.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) found</source>
        <translation type="unfinished">
            <numerusform>%n сақтау бірлігі табылды</numerusform>
            <numerusform>%n сақтау бірлігі табылды</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation type="unfinished">
            <numerusform>%n сақтау бірлігі</numerusform>
            <numerusform>%n сақтау бірлігі</numerusform>
        </translation>
    </message>
    <message>
        <source>Select an item to see its condition checks.</source>
        <translation type="unfinished">Тексерулерін көру үшін сақтау бірлігін таңдаңыз.</translation>
    </message>
    <message numerus="yes">
        <source>History of {0}: %n check(s)</source>
        <translation type="unfinished">
            <numerusform>{0} тарихы: %n тексеру</numerusform>
            <numerusform>{0} тарихы: %n тексеру</numerusform>
        </translation>
    </message>
    <message>
        <source>The records could not be searched</source>
        <translation type="unfinished">Жазбалардан іздеу мүмкін болмады</translation>
    </message>
    <message>
        <source>The records are intact: the audit chain of {0} entries is unbroken and all {1} finalised checks match the hash recorded when they were signed.</source>
        <translation type="unfinished">Жазбалар бүтін: {0} жазбадан тұратын журнал тізбегі үзілмеген, және бекітілген барлық тексерулер ({1}) қол қойылған кездегі хешке сәйкес келеді.</translation>
    </message>
    <message>
        <source>Problems found:</source>
        <translation type="unfinished">Ақаулар табылды:</translation>
    </message>
    <message>
        <source>Verify the records</source>
        <translation type="unfinished">Жазбаларды тексеру</translation>
    </message>
    <message>
        <source>The item could not be added</source>
        <translation type="unfinished">Сақтау бірлігін қосу мүмкін болмады</translation>
    </message>
    <message>
        <source>The check could not be created</source>
        <translation type="unfinished">Тексеруді жасау мүмкін болмады</translation>
    </message>
    <message>
        <source>Who checks the item (your name)?</source>
        <translation type="unfinished">Кім тексереді (атыңыз)?</translation>
    </message>
    <message>
        <source>History of the selected check…</source>
        <translation type="unfinished">Таңдалған тексерудің тарихы…</translation>
    </message>
    <message>
        <source>History of the selected item…</source>
        <translation type="unfinished">Таңдалған сақтау бірлігінің тарихы…</translation>
    </message>
    <message>
        <source>History of check {0}</source>
        <translation type="unfinished">{0} тексеруінің тарихы</translation>
    </message>
    <message>
        <source>History of item {0}</source>
        <translation type="unfinished">{0} сақтау бірлігінің тарихы</translation>
    </message>
</context>
<context>
    <name>ReportEditor</name>
    <message>
        <source>Inventory number:</source>
        <extracomment>Called before finalising (the main window saves the review there); False stops it.</extracomment>
        <translation type="unfinished">Түгендеу нөмірі:</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation type="unfinished">Атауы:</translation>
    </message>
    <message>
        <source>Object type:</source>
        <translation type="unfinished">Нысан түрі:</translation>
    </message>
    <message>
        <source>Date of the object:</source>
        <translation type="unfinished">Нысанның мерзімі:</translation>
    </message>
    <message>
        <source>Materials:</source>
        <translation type="unfinished">Материалдар:</translation>
    </message>
    <message>
        <source>Dimensions:</source>
        <translation type="unfinished">Өлшемдері:</translation>
    </message>
    <message>
        <source>Location:</source>
        <translation type="unfinished">Орналасқан жері:</translation>
    </message>
    <message>
        <source>Reference:</source>
        <translation type="unfinished">Тексеру нөмірі:</translation>
    </message>
    <message>
        <source>Scan:</source>
        <translation type="unfinished">Скан:</translation>
    </message>
    <message>
        <source>Date of check:</source>
        <translation type="unfinished">Тексеру күні:</translation>
    </message>
    <message>
        <source>Checked by:</source>
        <translation type="unfinished">Тексерген:</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation type="unfinished">Себебі:</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation type="unfinished">Әдісі:</translation>
    </message>
    <message>
        <source>Overall condition:</source>
        <translation type="unfinished">Жалпы жағдайы:</translation>
    </message>
    <message>
        <source>Treatment priority:</source>
        <translation type="unfinished">Қалпына келтіру басымдығы:</translation>
    </message>
    <message>
        <source>Completeness:</source>
        <translation type="unfinished">Толықтығы:</translation>
    </message>
    <message>
        <source>Completeness note:</source>
        <translation type="unfinished">Толықтығы туралы ескертпе:</translation>
    </message>
    <message>
        <source>Next check:</source>
        <translation type="unfinished">Келесі тексеру:</translation>
    </message>
    <message>
        <source>Summary:</source>
        <translation type="unfinished">Қорытынды:</translation>
    </message>
    <message>
        <source>Findings:</source>
        <translation type="unfinished">Анықталғандар:</translation>
    </message>
    <message>
        <source>Handling:</source>
        <translation type="unfinished">Ұстау:</translation>
    </message>
    <message>
        <source>Storage:</source>
        <translation type="unfinished">Сақтау:</translation>
    </message>
    <message>
        <source>Display:</source>
        <translation type="unfinished">Көрмеге қою:</translation>
    </message>
    <message>
        <source>Environment:</source>
        <translation type="unfinished">Орта жағдайы:</translation>
    </message>
    <message>
        <source>Packing:</source>
        <translation type="unfinished">Қаптау:</translation>
    </message>
    <message>
        <source>Security:</source>
        <translation type="unfinished">Қауіпсіздік:</translation>
    </message>
    <message>
        <source>Special requirements:</source>
        <translation type="unfinished">Ерекше талаптар:</translation>
    </message>
    <message>
        <source>Salvage priority:</source>
        <translation type="unfinished">Құтқару басымдығы:</translation>
    </message>
    <message>
        <source>Proposed treatment:</source>
        <translation type="unfinished">Ұсынылған қалпына келтіру:</translation>
    </message>
    <message>
        <source>Treatment actions:</source>
        <translation type="unfinished">Қалпына келтіру әрекеттері:</translation>
    </message>
    <message>
        <source>Estimated hours:</source>
        <translation type="unfinished">Болжамды уақыт (сағ):</translation>
    </message>
    <message>
        <source>Environment note:</source>
        <translation type="unfinished">Орта жағдайы туралы ескертпе:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation type="unfinished">Күйі:</translation>
    </message>
    <message>
        <source>Proposed by:</source>
        <translation type="unfinished">Ұсынған:</translation>
    </message>
    <message>
        <source>Approved by:</source>
        <translation type="unfinished">Бекіткен:</translation>
    </message>
    <message>
        <source>Approved on:</source>
        <translation type="unfinished">Бекітілген күні:</translation>
    </message>
    <message>
        <source>Item</source>
        <translation type="unfinished">Сақтау бірлігі</translation>
    </message>
    <message>
        <source>Condition check</source>
        <translation type="unfinished">Жағдайды тексеру</translation>
    </message>
    <message>
        <source>Hazards</source>
        <translation type="unfinished">Қауіптер</translation>
    </message>
    <message>
        <source>Recommendations</source>
        <translation type="unfinished">Ұсынымдар</translation>
    </message>
    <message>
        <source>Treatment proposal</source>
        <translation type="unfinished">Қалпына келтіру ұсынысы</translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished">Сақтау</translation>
    </message>
    <message>
        <source>Save the draft now (drafts also save themselves)</source>
        <translation type="unfinished">Қараламаны қазір сақтау (қаралама өздігінен де сақталады)</translation>
    </message>
    <message>
        <source>Finalise…</source>
        <translation type="unfinished">Бекіту…</translation>
    </message>
    <message>
        <source>Sign and lock this check; corrections need a new version</source>
        <translation type="unfinished">Тексеруге қол қойып, құлыптау; түзетулер тек жаңа нұсқада</translation>
    </message>
    <message>
        <source>New version</source>
        <translation type="unfinished">Жаңа нұсқа</translation>
    </message>
    <message>
        <source>Start a corrected draft that supersedes this check</source>
        <translation type="unfinished">Осы тексерудің орнын басатын түзетілген қаралама жасау</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished">Экспорттау…</translation>
    </message>
    <message>
        <source>Proposed</source>
        <translation type="unfinished">Ұсынылған</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation type="unfinished">Бекітілген</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation type="unfinished">Қабылданбаған</translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished">Орындалған</translation>
    </message>
    <message>
        <source>Set a date for the next check</source>
        <translation type="unfinished">Келесі тексеру күнін белгілеу</translation>
    </message>
    <message>
        <source>none attached (a visual check)</source>
        <translation type="unfinished">тіркелмеген (көзбен тексеру)</translation>
    </message>
    <message>
        <source>no resolution</source>
        <translation type="unfinished">ажыратымдылық белгісіз</translation>
    </message>
    <message>
        <source>e.g. 210 × 297 mm</source>
        <translation type="unfinished">мысалы, 210 × 297 мм</translation>
    </message>
    <message>
        <source>Overall condition in a few sentences, for the printed report</source>
        <translation type="unfinished">Жалпы жағдайы бірнеше сөйлеммен — басылған есеп үшін</translation>
    </message>
    <message>
        <source>What is missing, if anything</source>
        <translation type="unfinished">Не жетіспейді (егер жетіспесе)</translation>
    </message>
    <message>
        <source>Final — signed by {0} on {1}. Read-only: use “New version” to correct.</source>
        <translation type="unfinished">Бекітілген — {0} қол қойды, {1}. Тек оқу үшін: түзету үшін «Жаңа нұсқа» жасаңыз.</translation>
    </message>
    <message>
        <source>Draft — unsaved changes</source>
        <translation type="unfinished">Қаралама — сақталмаған өзгерістер бар</translation>
    </message>
    <message>
        <source>Draft — saved</source>
        <translation type="unfinished">Қаралама — сақталды</translation>
    </message>
    <message>
        <source>(supersedes check {0})</source>
        <translation type="unfinished">({0} тексерудің орнын басады)</translation>
    </message>
    <message>
        <source>Proposed from the measured damage: confirm or change it.</source>
        <translation type="unfinished">Өлшенген зақымдар бойынша ұсынылды: растаңыз немесе өзгертіңіз.</translation>
    </message>
    <message>
        <source>none recorded</source>
        <translation type="unfinished">тіркелмеген</translation>
    </message>
    <message>
        <source>{0} accepted, {1} proposed, {2} rejected</source>
        <translation type="unfinished">қабылданды: {0}, ұсынылды: {1}, қабылданбады: {2}</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation type="unfinished">қабылданған</translation>
    </message>
    <message>
        <source>proposed</source>
        <translation type="unfinished">ұсынылған</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation type="unfinished">қабылданбаған</translation>
    </message>
    <message>
        <source>Damage</source>
        <translation type="unfinished">Зақым</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation type="unfinished">Ауырлығы</translation>
    </message>
    <message>
        <source>Area</source>
        <translation type="unfinished">Аудан</translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished">Күйі</translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished">Ескертпе</translation>
    </message>
    <message>
        <source>The draft could not be saved</source>
        <translation type="unfinished">Қараламаны сақтау мүмкін болмады</translation>
    </message>
    <message>
        <source>The check could not be finalised</source>
        <translation type="unfinished">Тексеруді бекіту мүмкін болмады</translation>
    </message>
    <message>
        <source>No new version could be created</source>
        <translation type="unfinished">Жаңа нұсқа жасау мүмкін болмады</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation type="unfinished">Сақталмаған өзгерістер</translation>
    </message>
    <message>
        <source>The condition report has changes that are not saved yet. Save them?</source>
        <translation type="unfinished">Жағдай туралы есепте әлі сақталмаған өзгерістер бар. Сақтау керек пе?</translation>
    </message>
    <message>
        <source>Finalise condition check</source>
        <translation type="unfinished">Тексеруді бекіту</translation>
    </message>
    <message>
        <source>Once finalised, this check can no longer be changed; corrections are made in a new version.

Sign with your name:</source>
        <translation type="unfinished">Бекітілгеннен кейін тексеруді өзгертуге болмайды; түзетулер жаңа нұсқада енгізіледі.

Атыңызбен қол қойыңыз:</translation>
    </message>
    <message>
        <source>This check is final (signed) and cannot be changed. To correct it, click “New version”.</source>
        <translation type="unfinished">Бұл тексеру бекітілген (қол қойылған), оны өзгертуге болмайды. Түзету үшін «Жаңа нұсқа» батырмасын басыңыз.</translation>
    </message>
    <message>
        <source>File › Open Scan…</source>
        <extracomment>The menu routes the no-check hint names, as the window shows them (the main window sets them from its own menus and actions; None: the default English routes translated).</extracomment>
        <translation type="unfinished">Файл › Сканды ашу…</translation>
    </message>
    <message>
        <source>File › Save to Records</source>
        <translation type="unfinished">Файл › Жазбаларға сақтау</translation>
    </message>
    <message>
        <source>View › Records</source>
        <translation type="unfinished">Көрініс › Жазбалар</translation>
    </message>
    <message>
        <source>Open check</source>
        <translation type="unfinished">Тексеруді ашу</translation>
    </message>
    <message>
        <source>New check</source>
        <translation type="unfinished">Жаңа тексеру</translation>
    </message>
    <message>
        <source>&lt;b&gt;To start a check&lt;/b&gt;: open a scan ({0}), analyse or annotate it, then {1} (Ctrl+S). A draft check of the item opens here.</source>
        <translation type="unfinished">&lt;b&gt;Тексеруді бастау үшін&lt;/b&gt;: сканды ашыңыз ({0}), оны талдаңыз немесе белгілеңіз, сосын {1} (Ctrl+S). Сақтау бірлігінің жоба тексеруі осында ашылады.</translation>
    </message>
    <message>
        <source>&lt;b&gt;To continue a check&lt;/b&gt;: {0}, select the item, then “{1}” (or “{2}” to start another one for it).</source>
        <translation type="unfinished">&lt;b&gt;Тексеруді жалғастыру үшін&lt;/b&gt;: {0}, сақтау бірлігін таңдаңыз, сосын «{1}» (немесе оған тағы біреуін бастау үшін «{2}»).</translation>
    </message>
    <message>
        <source>No condition check open.</source>
        <translation type="unfinished">Жағдай тексеруі ашылмаған.</translation>
    </message>
    <message>
        <source>Finalise with unreviewed findings?</source>
        <translation type="unfinished">Тексерілмеген анықталғандармен бекіту керек пе?</translation>
    </message>
    <message numerus="yes">
        <source>%n finding(s) of this check are still proposed: nobody has accepted or rejected them.</source>
        <translation type="unfinished">
            <numerusform>Бұл тексерудің %n анықталғаны әлі ұсыныс күйінде: оны ешкім қабылдаған да, қабылдамаған да жоқ.</numerusform>
            <numerusform>Бұл тексерудің %n анықталғаны әлі ұсыныс күйінде: оларды ешкім қабылдаған да, қабылдамаған да жоқ.</numerusform>
        </translation>
    </message>
    <message>
        <source>Review them in the Findings panel first, or finalise anyway: the signed report will then say on its first page that they were not reviewed.</source>
        <translation type="unfinished">Алдымен оларды «Анықталғандар» тақтасында тексеріңіз немесе бәрібір бекітіңіз: сонда қол қойылған есеп бірінші бетінде олардың тексерілмегенін көрсетеді.</translation>
    </message>
    <message>
        <source>Finalise anyway</source>
        <translation type="unfinished">Бәрібір бекіту</translation>
    </message>
    <message>
        <source>Review first</source>
        <translation type="unfinished">Алдымен тексеру</translation>
    </message>
</context>
<context>
    <name>ShortcutSheet</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation type="unfinished">Пернелер тіркесімдері</translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished">Әрекет</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished">Пернелер</translation>
    </message>
    <message>
        <source>Single keys do nothing while you type in a field, a list or a number box.</source>
        <translation type="unfinished">Өріске, тізімге не сан өрісіне теріп жатқанда жалғыз пернелер әрекет етпейді.</translation>
    </message>
</context>
<context>
    <name>SurveyDialog</name>
    <message>
        <source>Collection Survey</source>
        <translation type="unfinished">Қорды зерттеу</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation type="unfinished">Дереккөз:</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished">Атауы:</translation>
    </message>
    <message>
        <source>Sample:</source>
        <translation type="unfinished">Іріктеме:</translation>
    </message>
    <message>
        <source>Strata field:</source>
        <translation type="unfinished">Страта өрісі:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation type="unfinished">Бастапқы сан:</translation>
    </message>
    <message>
        <source>Workers:</source>
        <translation type="unfinished">Процестер:</translation>
    </message>
    <message>
        <source>Dask scheduler:</source>
        <translation type="unfinished">Dask жоспарлағышы:</translation>
    </message>
    <message>
        <source>Detector settings:</source>
        <translation type="unfinished">Детектор баптаулары:</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation type="unfinished">Қалта…</translation>
    </message>
    <message>
        <source>CSV list…</source>
        <translation type="unfinished">CSV тізімі…</translation>
    </message>
    <message>
        <source>the source&apos;s name; the same name resumes</source>
        <translation type="unfinished">дереккөз атауы; сол атау зерттеуді жалғастырады</translation>
    </message>
    <message>
        <source>pages</source>
        <translation type="unfinished">парақ</translation>
    </message>
    <message>
        <source>share</source>
        <translation type="unfinished">үлес</translation>
    </message>
    <message>
        <source>all pages</source>
        <translation type="unfinished">барлық парақтар</translation>
    </message>
    <message>
        <source>CSV column, or &apos;folder&apos;; empty: none</source>
        <translation type="unfinished">CSV бағаны немесе &apos;folder&apos;; бос: стратасыз</translation>
    </message>
    <message>
        <source>random (stored)</source>
        <translation type="unfinished">кездейсоқ (сақталады)</translation>
    </message>
    <message>
        <source>Empty: worker processes on this computer</source>
        <translation type="unfinished">Бос: осы компьютердегі процестер</translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation type="unfinished">Теңгерімді</translation>
    </message>
    <message>
        <source>Sensitive</source>
        <translation type="unfinished">Сезімтал</translation>
    </message>
    <message>
        <source>Conservative</source>
        <translation type="unfinished">Сақ</translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished">Бастау</translation>
    </message>
    <message>
        <source>Cancel Survey</source>
        <translation type="unfinished">Зерттеуді тоқтату</translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished">Жабу</translation>
    </message>
    <message>
        <source>Folder of scans</source>
        <translation type="unfinished">Сканерлер қалтасы</translation>
    </message>
    <message>
        <source>List of scans</source>
        <translation type="unfinished">Сканерлер тізімі</translation>
    </message>
    <message>
        <source>CSV lists (*.csv)</source>
        <translation type="unfinished">CSV тізімдері (*.csv)</translation>
    </message>
    <message>
        <source>Choose a folder of scans or a CSV list.</source>
        <translation type="unfinished">Сканерлер қалтасын немесе CSV тізімін таңдаңыз.</translation>
    </message>
    <message>
        <source>Drawing the sample…</source>
        <translation type="unfinished">Іріктеме жасалуда…</translation>
    </message>
    <message>
        <source>Stopping after the page being stored…</source>
        <translation type="unfinished">Ағымдағы парақ сақталған соң тоқтайды…</translation>
    </message>
    <message>
        <source>{0} of {1} pages done</source>
        <translation type="unfinished">{1} парақтың {0} дайын</translation>
    </message>
    <message>
        <source>Survey “{0}”: {1} of {2} sampled pages done, {3} failed.</source>
        <translation type="unfinished">«{0}» зерттеуі: іріктемедегі {2} парақтың {1} дайын, {3} сәтсіз.</translation>
    </message>
    <message>
        <source>Survey stopped. The pages done are kept; Start continues it.</source>
        <translation type="unfinished">Зерттеу тоқтатылды. Дайын парақтар сақталды; «Бастау» оны жалғастырады.</translation>
    </message>
    <message>
        <source>{0}: {1} of {2} pages, {3:.1f} % [{4:.1f}–{5:.1f}], {6:.2f} % of the leaf</source>
        <translation type="unfinished">{0}: {2} парақтың {1}, {3:.1f} % [{4:.1f}–{5:.1f}], парақтың {6:.2f} %</translation>
    </message>
</context>
<context>
    <name>UserNameDialog</name>
    <message>
        <source>Your name</source>
        <translation type="unfinished">Атыңыз</translation>
    </message>
    <message>
        <source>Conservator records who makes each change to the condition records, and proposes your name as “Checked by”. Please enter your name (you can change it later in Preferences).</source>
        <translation type="unfinished">Conservator сақталу жазбаларына әр өзгерісті кім енгізгенін жазып отырады және сіздің атыңызды «Тексерген» ретінде ұсынады. Атыңызды енгізіңіз (кейін баптауларда өзгертуге болады).</translation>
    </message>
    <message>
        <source>e.g. A. Bekova</source>
        <translation type="unfinished">мысалы, А. Бекова</translation>
    </message>
</context>
</TS>
