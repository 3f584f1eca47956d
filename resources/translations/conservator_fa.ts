<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Persian interface translation of Conservator. Draft: AWAITING REVIEW by a practising paper conservator who writes Persian (مرمت‌گر کاغذ). -->
<TS version="2.1" language="fa_IR">
    <context>
        <name>AboutDialog</name>
        <message>
            <source>Licence file missing: {0}</source>
            <translation>پروندهٔ مجوز پیدا نشد: {0}</translation>
        </message>
        <message>
            <source>About Conservator</source>
            <translation>دربارهٔ Conservator</translation>
        </message>
        <message>
            <source>Condition documentation for archive and library conservation: faithful scans, measured damage, versioned records and signed PDF reports.</source>
            <translation>مستندسازی وضعیت برای مرمت اسناد آرشیوی و کتابخانه‌ای: اسکن‌های دقیق، آسیب‌های اندازه‌گیری‌شده، سوابق نسخه‌دار و گزارش‌های PDF امضاشده.</translation>
        </message>
        <message>
            <source>Free software under the {0} licence. It comes with no warranty.</source>
            <translation>نرم‌افزار آزاد تحت مجوز {0}. بدون هیچ‌گونه ضمانتی ارائه می‌شود.</translation>
        </message>
        <message>
            <source>Libraries</source>
            <translation>کتابخانه‌ها</translation>
        </message>
        <message>
            <source>Fonts</source>
            <translation>قلم‌ها</translation>
        </message>
        <message>
            <source>Library</source>
            <translation>کتابخانه</translation>
        </message>
        <message>
            <source>Version</source>
            <translation>نسخه</translation>
        </message>
        <message>
            <source>Licence</source>
            <translation>مجوز</translation>
        </message>
        <message>
            <source>Font</source>
            <translation>قلم</translation>
        </message>
        <message>
            <source>Files</source>
            <translation>پرونده‌ها</translation>
        </message>
    </context>
    <context>
        <name>AnalysisParamsDialog</name>
        <message>
            <source>Analyse — detectors and parameters</source>
            <translation>تحلیل — آشکارسازها و پارامترها</translation>
        </message>
        <message>
            <source>Run this detector</source>
            <translation>اجرای این آشکارساز</translation>
        </message>
        <message>
            <source>Use these values as my defaults</source>
            <translation>این مقادیر پیش‌فرض من شوند</translation>
        </message>
        <message>
            <source>Analyse</source>
            <translation>تحلیل</translation>
        </message>
    </context>
    <context>
        <name>Damage</name>
        <message>
            <source>Foxing</source>
            <extracomment>Damage classes (codes of the damage vocabulary): the four detectors' classes, then classes people mark by hand.</extracomment>
            <translation>لکه‌های روباهی (فاکسینگ)</translation>
        </message>
        <message>
            <source>Loss</source>
            <translation>افتادگی</translation>
        </message>
        <message>
            <source>Tear</source>
            <translation>پارگی</translation>
        </message>
        <message>
            <source>Fading</source>
            <translation>کم‌رنگ‌شدگی</translation>
        </message>
        <message>
            <source>Stain</source>
            <translation>لکه</translation>
        </message>
        <message>
            <source>Mould</source>
            <translation>کپک</translation>
        </message>
        <message>
            <source>Soiling</source>
            <translation>آلودگی سطحی</translation>
        </message>
        <message>
            <source>Crease</source>
            <translation>چین‌خوردگی</translation>
        </message>
        <message>
            <source>proposed</source>
            <translation>پیشنهادی</translation>
        </message>
        <message>
            <source>accepted</source>
            <translation>پذیرفته</translation>
        </message>
        <message>
            <source>rejected</source>
            <translation>ردشده</translation>
        </message>
    </context>
    <context>
        <name>DetectorParamsEditor</name>
        <message>
            <source>Foxing</source>
            <translation>لکه‌های روباهی (فاکسینگ)</translation>
        </message>
        <message>
            <source>Losses</source>
            <translation>افتادگی‌ها</translation>
        </message>
        <message>
            <source>Tears</source>
            <translation>پارگی‌ها</translation>
        </message>
        <message>
            <source>Fading</source>
            <translation>کم‌رنگ‌شدگی</translation>
        </message>
        <message>
            <source>Run by default</source>
            <translation>اجرای پیش‌فرض</translation>
        </message>
        <message>
            <source>Restore defaults</source>
            <translation>بازگرداندن پیش‌فرض‌ها</translation>
        </message>
    </context>
    <context>
        <name>ExportDialog</name>
        <message>
            <source>Export condition report</source>
            <translation>خروجی گرفتن از گزارش وضعیت</translation>
        </message>
        <message>
            <source>Formats</source>
            <translation>قالب‌ها</translation>
        </message>
        <message>
            <source>PDF report (PDF/A)</source>
            <translation>گزارش PDF (PDF/A)</translation>
        </message>
        <message>
            <source>JSON record (everything in the report)</source>
            <translation>سابقهٔ JSON (همهٔ محتوای گزارش)</translation>
        </message>
        <message>
            <source>CSV table of findings</source>
            <translation>جدول یافته‌ها (CSV)</translation>
        </message>
        <message>
            <source>W3C Web Annotations (damage regions)</source>
            <translation>حاشیه‌نویسی‌های وب W3C (نواحی آسیب)</translation>
        </message>
        <message>
            <source>Language:</source>
            <translation>زبان:</translation>
        </message>
        <message>
            <source>Second language:</source>
            <translation>زبان دوم:</translation>
        </message>
        <message>
            <source>None</source>
            <translation>هیچ</translation>
        </message>
        <message>
            <source>Paper:</source>
            <translation>اندازهٔ کاغذ:</translation>
        </message>
        <message>
            <source>Folder:</source>
            <translation>پوشه:</translation>
        </message>
        <message>
            <source>File name:</source>
            <translation>نام پرونده:</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>مرور…</translation>
        </message>
        <message>
            <source>Open when done</source>
            <translation>پس از پایان باز شود</translation>
        </message>
        <message>
            <source>Export</source>
            <translation>خروجی</translation>
        </message>
        <message>
            <source>Export folder</source>
            <translation>پوشهٔ خروجی</translation>
        </message>
        <message>
            <source>Export failed</source>
            <translation>خروجی گرفتن ناموفق بود</translation>
        </message>
    </context>
    <context>
        <name>FindingsModel</name>
        <message>
            <source>Class</source>
            <translation>رده</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>منبع</translation>
        </message>
        <message>
            <source>Area</source>
            <translation>مساحت</translation>
        </message>
        <message>
            <source>Measurements</source>
            <translation>اندازه‌گیری‌ها</translation>
        </message>
        <message>
            <source>Severity</source>
            <translation>شدت</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>وضعیت</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>یادداشت</translation>
        </message>
        <message>
            <source>detector</source>
            <translation>آشکارساز</translation>
        </message>
        <message>
            <source>manual</source>
            <translation>دستی</translation>
        </message>
        <message>
            <source>{0} mm²</source>
            <translation>{0} میلی‌متر مربع</translation>
        </message>
        <message>
            <source>{0} px</source>
            <translation>{0} پیکسل</translation>
        </message>
        <message>
            <source>Set severity</source>
            <translation>تعیین شدت</translation>
        </message>
        <message>
            <source>Edit note</source>
            <translation>ویرایش یادداشت</translation>
        </message>
        <message>
            <source>Accept</source>
            <translation>پذیرفتن</translation>
        </message>
        <message>
            <source>Reject</source>
            <translation>رد کردن</translation>
        </message>
        <message>
            <source>Reset status</source>
            <translation>بازنشانی وضعیت</translation>
        </message>
        <message>
            <source>Re-classify</source>
            <translation>تغییر رده</translation>
        </message>
        <message>
            <source>Add {0}</source>
            <translation>افزودن {0}</translation>
        </message>
        <message>
            <source>Delete region</source>
            <translation>حذف ناحیه</translation>
        </message>
    </context>
    <context>
        <name>FindingsPanel</name>
        <message>
            <source>Accept</source>
            <translation>پذیرفتن</translation>
        </message>
        <message>
            <source>Reject</source>
            <translation>رد کردن</translation>
        </message>
        <message>
            <source>Re-classify</source>
            <translation>تغییر رده</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>حذف</translation>
        </message>
        <message>
            <source>Accept the selected findings (A)</source>
            <translation>پذیرفتن یافته‌های انتخاب‌شده (A)</translation>
        </message>
        <message>
            <source>Reject the selected findings (X)</source>
            <translation>رد یافته‌های انتخاب‌شده (X)</translation>
        </message>
        <message>
            <source>Delete the selected manual regions</source>
            <translation>حذف ناحیه‌های دستی انتخاب‌شده</translation>
        </message>
        <message>
            <source>{0} mm²</source>
            <translation>{0} میلی‌متر مربع</translation>
        </message>
        <message>
            <source>{0} px</source>
            <translation>{0} پیکسل</translation>
        </message>
        <message>
            <source>{0} · {1}</source>
            <translation>{0} · {1}</translation>
        </message>
        <message>
            <source>{0} findings: {1} accepted, {2} rejected, {3} to review</source>
            <translation>{0} یافته: {1} پذیرفته، {2} ردشده، {3} در انتظار بررسی</translation>
        </message>
        <message>
            <source>No findings yet: run Analysis › Analyse, or draw regions by hand.</source>
            <translation>هنوز یافته‌ای نیست: «تحلیل › تحلیل» را اجرا کنید یا ناحیه‌ها را دستی رسم کنید.</translation>
        </message>
        <message>
            <source>Delete region</source>
            <translation>حذف ناحیه</translation>
        </message>
    </context>
    <context>
        <name>HazardTable</name>
        <message>
            <source>Hazard</source>
            <translation>خطر</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>تاریخ</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>یادداشت</translation>
        </message>
        <message>
            <source>Add a hazard</source>
            <translation>افزودن خطر</translation>
        </message>
        <message>
            <source>Remove the selected hazard</source>
            <translation>حذف خطر انتخاب‌شده</translation>
        </message>
    </context>
    <context>
        <name>Legend</name>
        <message>
            <source>Overlay opacity</source>
            <translation>کدری لایهٔ رویی</translation>
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
            <translation> از {0} </translation>
        </message>
        <message>
            <source>Open Scan</source>
            <translation>باز کردن اسکن</translation>
        </message>
        <message>
            <source>Scans ({0})</source>
            <translation>اسکن‌ها ({0})</translation>
        </message>
        <message>
            <source>Cannot open the scan</source>
            <translation>اسکن باز نشد</translation>
        </message>
        <message>
            <source>{0} × {1} px, {2}-bit</source>
            <translation>{0} × {1} پیکسل، {2} بیتی</translation>
        </message>
        <message>
            <source>, {0} ppi</source>
            <translation>، {0} ppi</translation>
        </message>
        <message>
            <source>, no resolution: positions and areas in pixels</source>
            <translation>، بدون وضوح: موقعیت‌ها و مساحت‌ها به پیکسل</translation>
        </message>
        <message>
            <source>(none)</source>
            <translation>(هیچ)</translation>
        </message>
        <message>
            <source>Clear Recent Files</source>
            <translation>پاک کردن پرونده‌های اخیر</translation>
        </message>
        <message>
            <source>Zoom {0} %</source>
            <translation>بزرگ‌نمایی {0}٪</translation>
        </message>
        <message>
            <source>x {0} mm, y {1} mm</source>
            <translation>x {0} میلی‌متر، y {1} میلی‌متر</translation>
        </message>
        <message>
            <source>x {0} px, y {1} px</source>
            <translation>x {0} پیکسل، y {1} پیکسل</translation>
        </message>
        <message>
            <source>L* {0}  a* {1}  b* {2}</source>
            <translation>L* {0}  a* {1}  b* {2}</translation>
        </message>
        <message>
            <source>Analysing… %p%</source>
            <translation>در حال تحلیل… %p%</translation>
        </message>
        <message>
            <source>Analysis done: {0} findings to review.</source>
            <translation>تحلیل تمام شد: {0} یافته برای بررسی.</translation>
        </message>
        <message>
            <source>Analysis failed</source>
            <translation>تحلیل ناموفق بود</translation>
        </message>
        <message>
            <source>Analysis cancelled.</source>
            <translation>تحلیل لغو شد.</translation>
        </message>
        <message>
            <source>Cannot save to the records</source>
            <translation>ذخیره در سوابق ممکن نشد</translation>
        </message>
        <message>
            <source>Saved as check {0}.</source>
            <translation>به‌عنوان بررسی {0} ذخیره شد.</translation>
        </message>
        <message>
            <source>Cannot open the check</source>
            <translation>بررسی باز نشد</translation>
        </message>
        <message>
            <source>Export failed</source>
            <translation>خروجی گرفتن ناموفق بود</translation>
        </message>
        <message>
            <source>Unsaved review</source>
            <translation>بازبینی ذخیره‌نشده</translation>
        </message>
        <message>
            <source>The review of this scan has unsaved changes. Save them to the records?</source>
            <translation>بازبینی این اسکن تغییرات ذخیره‌نشده دارد. در سوابق ذخیره شود؟</translation>
        </message>
    </context>
    <context>
        <name>PreferencesDialog</name>
        <message>
            <source>Preferences</source>
            <translation>تنظیمات</translation>
        </message>
        <message>
            <source>General</source>
            <translation>عمومی</translation>
        </message>
        <message>
            <source>Records</source>
            <translation>سوابق</translation>
        </message>
        <message>
            <source>Analysis</source>
            <translation>تحلیل</translation>
        </message>
        <message>
            <source>Language:</source>
            <translation>زبان:</translation>
        </message>
        <message>
            <source>Length unit:</source>
            <translation>یکای طول:</translation>
        </message>
        <message>
            <source>Your name:</source>
            <translation>نام شما:</translation>
        </message>
        <message>
            <source>Autosave drafts after (s):</source>
            <translation>ذخیرهٔ خودکار پیش‌نویس پس از (ثانیه):</translation>
        </message>
        <message>
            <source>Records database:</source>
            <translation>پایگاه‌دادهٔ سوابق:</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>مرور…</translation>
        </message>
        <message>
            <source>Proposed when you finalise a check</source>
            <translation>هنگام نهایی‌کردن بررسی پیشنهاد می‌شود</translation>
        </message>
        <message>
            <source>Records database</source>
            <translation>پایگاه‌دادهٔ سوابق</translation>
        </message>
        <message>
            <source>Conservator records (*.db *.sqlite);;All files (*)</source>
            <translation>سوابق Conservator (*.db *.sqlite);;همهٔ پرونده‌ها (*)</translation>
        </message>
    </context>
    <context>
        <name>RecordsBrowser</name>
        <message>
            <source>Draft</source>
            <translation>پیش‌نویس</translation>
        </message>
        <message>
            <source>Final</source>
            <translation>نهایی</translation>
        </message>
        <message>
            <source>Inventory no.</source>
            <translation>شمارهٔ ثبت</translation>
        </message>
        <message>
            <source>Title</source>
            <translation>عنوان</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>نوع</translation>
        </message>
        <message>
            <source>Checks</source>
            <translation>بررسی‌ها</translation>
        </message>
        <message>
            <source>Last check</source>
            <translation>آخرین بررسی</translation>
        </message>
        <message>
            <source>Condition</source>
            <translation>وضعیت</translation>
        </message>
        <message>
            <source>corrects {0}</source>
            <translation>اصلاحِ {0}</translation>
        </message>
        <message>
            <source>Reference</source>
            <translation>شماره</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>تاریخ</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>وضعیت</translation>
        </message>
        <message>
            <source>Checked by</source>
            <translation>بررسی‌کننده</translation>
        </message>
        <message>
            <source>Signed</source>
            <translation>امضا</translation>
        </message>
        <message>
            <source>Version</source>
            <translation>نسخه</translation>
        </message>
        <message>
            <source>The records could not be opened</source>
            <translation>سوابق باز نشد</translation>
        </message>
        <message>
            <source>Search inventory numbers, titles, notes (any language)…</source>
            <translation>جست‌وجو در شماره‌های ثبت، عنوان‌ها و یادداشت‌ها (به هر زبان)…</translation>
        </message>
        <message>
            <source>Open check</source>
            <translation>باز کردن بررسی</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>تازه‌سازی</translation>
        </message>
        <message>
            <source>No records database open.</source>
            <translation>هیچ پایگاه‌دادهٔ سوابقی باز نیست.</translation>
        </message>
        <message numerus="yes">
            <source>%n item(s) found</source>
            <translation>
                <numerusform>%n مورد پیدا شد</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n item(s)</source>
            <translation>
                <numerusform>%n مورد</numerusform>
            </translation>
        </message>
        <message>
            <source>Select an item to see its condition checks.</source>
            <translation>برای دیدن بررسی‌های وضعیت، یک مورد را انتخاب کنید.</translation>
        </message>
        <message numerus="yes">
            <source>History of {0}: %n check(s)</source>
            <translation>
                <numerusform>تاریخچهٔ {0}: %n بررسی</numerusform>
            </translation>
        </message>
        <message>
            <source>The records could not be searched</source>
            <translation>جست‌وجو در سوابق ممکن نشد</translation>
        </message>
    </context>
    <context>
        <name>ReportEditor</name>
        <message>
            <source>Inventory number:</source>
            <translation>شمارهٔ ثبت:</translation>
        </message>
        <message>
            <source>Title:</source>
            <translation>عنوان:</translation>
        </message>
        <message>
            <source>Object type:</source>
            <translation>نوع شیء:</translation>
        </message>
        <message>
            <source>Date of the object:</source>
            <translation>تاریخ شیء:</translation>
        </message>
        <message>
            <source>Materials:</source>
            <translation>مواد:</translation>
        </message>
        <message>
            <source>Dimensions:</source>
            <translation>ابعاد:</translation>
        </message>
        <message>
            <source>Location:</source>
            <translation>محل نگهداری:</translation>
        </message>
        <message>
            <source>Reference:</source>
            <translation>شمارهٔ بررسی:</translation>
        </message>
        <message>
            <source>Date of check:</source>
            <translation>تاریخ بررسی:</translation>
        </message>
        <message>
            <source>Checked by:</source>
            <translation>بررسی‌کننده:</translation>
        </message>
        <message>
            <source>Reason:</source>
            <translation>دلیل:</translation>
        </message>
        <message>
            <source>Method:</source>
            <translation>روش:</translation>
        </message>
        <message>
            <source>Overall condition:</source>
            <translation>وضعیت کلی:</translation>
        </message>
        <message>
            <source>Treatment priority:</source>
            <translation>اولویت مرمت:</translation>
        </message>
        <message>
            <source>Completeness:</source>
            <translation>کامل‌بودن:</translation>
        </message>
        <message>
            <source>Completeness note:</source>
            <translation>یادداشت کامل‌بودن:</translation>
        </message>
        <message>
            <source>Next check:</source>
            <translation>بررسی بعدی:</translation>
        </message>
        <message>
            <source>Summary:</source>
            <translation>جمع‌بندی:</translation>
        </message>
        <message>
            <source>Findings:</source>
            <translation>یافته‌ها:</translation>
        </message>
        <message>
            <source>Handling:</source>
            <translation>جابه‌جایی و کار با شیء:</translation>
        </message>
        <message>
            <source>Storage:</source>
            <translation>نگهداری:</translation>
        </message>
        <message>
            <source>Display:</source>
            <translation>نمایش:</translation>
        </message>
        <message>
            <source>Environment:</source>
            <translation>شرایط محیطی:</translation>
        </message>
        <message>
            <source>Packing:</source>
            <translation>بسته‌بندی:</translation>
        </message>
        <message>
            <source>Security:</source>
            <translation>امنیت:</translation>
        </message>
        <message>
            <source>Special requirements:</source>
            <translation>الزامات ویژه:</translation>
        </message>
        <message>
            <source>Salvage priority:</source>
            <translation>اولویت نجات:</translation>
        </message>
        <message>
            <source>Proposed treatment:</source>
            <translation>مرمت پیشنهادی:</translation>
        </message>
        <message>
            <source>Status:</source>
            <translation>وضعیت:</translation>
        </message>
        <message>
            <source>Proposed by:</source>
            <translation>پیشنهاددهنده:</translation>
        </message>
        <message>
            <source>Approved by:</source>
            <translation>تأییدکننده:</translation>
        </message>
        <message>
            <source>Approved on:</source>
            <translation>تاریخ تأیید:</translation>
        </message>
        <message>
            <source>Item</source>
            <translation>مورد</translation>
        </message>
        <message>
            <source>Condition check</source>
            <translation>بررسی وضعیت</translation>
        </message>
        <message>
            <source>Hazards</source>
            <translation>خطرها</translation>
        </message>
        <message>
            <source>Recommendations</source>
            <translation>توصیه‌ها</translation>
        </message>
        <message>
            <source>Treatment proposal</source>
            <translation>پیشنهاد مرمت</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>ذخیره</translation>
        </message>
        <message>
            <source>Save the draft now (drafts also save themselves)</source>
            <translation>ذخیرهٔ پیش‌نویس هم‌اکنون (پیش‌نویس‌ها خودکار هم ذخیره می‌شوند)</translation>
        </message>
        <message>
            <source>Finalise…</source>
            <translation>نهایی‌کردن…</translation>
        </message>
        <message>
            <source>Sign and lock this check; corrections need a new version</source>
            <translation>امضا و قفل این بررسی؛ اصلاحات فقط در نسخهٔ جدید</translation>
        </message>
        <message>
            <source>New version</source>
            <translation>نسخهٔ جدید</translation>
        </message>
        <message>
            <source>Start a corrected draft that supersedes this check</source>
            <translation>ایجاد پیش‌نویس اصلاح‌شده‌ای که جایگزین این بررسی می‌شود</translation>
        </message>
        <message>
            <source>Export…</source>
            <translation>خروجی…</translation>
        </message>
        <message>
            <source>Proposed</source>
            <translation>پیشنهادشده</translation>
        </message>
        <message>
            <source>Approved</source>
            <translation>تأییدشده</translation>
        </message>
        <message>
            <source>Rejected</source>
            <translation>ردشده</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>انجام‌شده</translation>
        </message>
        <message>
            <source>Set a date for the next check</source>
            <translation>تعیین تاریخ بررسی بعدی</translation>
        </message>
        <message>
            <source>e.g. 210 × 297 mm</source>
            <translation>مثلاً ۲۱۰ × ۲۹۷ میلی‌متر</translation>
        </message>
        <message>
            <source>Overall condition in a few sentences, for the printed report</source>
            <translation>وضعیت کلی در چند جمله، برای گزارش چاپی</translation>
        </message>
        <message>
            <source>What is missing, if anything</source>
            <translation>چه چیزی کم است، اگر چیزی کم باشد</translation>
        </message>
        <message>
            <source>No condition check open. Open one from the records browser.</source>
            <translation>هیچ بررسی وضعیتی باز نیست. یکی را از مرورگر سوابق باز کنید.</translation>
        </message>
        <message>
            <source>Final — signed by {0} on {1}. Read-only: use “New version” to correct.</source>
            <translation>نهایی — امضای {0} در {1}. فقط‌خواندنی: برای اصلاح از «نسخهٔ جدید» استفاده کنید.</translation>
        </message>
        <message>
            <source>Draft — unsaved changes</source>
            <translation>پیش‌نویس — تغییرات ذخیره‌نشده</translation>
        </message>
        <message>
            <source>Draft — saved</source>
            <translation>پیش‌نویس — ذخیره شد</translation>
        </message>
        <message>
            <source>(supersedes check {0})</source>
            <translation>(جایگزین بررسی {0})</translation>
        </message>
        <message>
            <source>Proposed from the measured damage: confirm or change it.</source>
            <translation>بر پایهٔ آسیب‌های اندازه‌گیری‌شده پیشنهاد شده است: تأیید یا تغییر دهید.</translation>
        </message>
        <message>
            <source>none recorded</source>
            <translation>هیچ موردی ثبت نشده</translation>
        </message>
        <message>
            <source>{0} accepted, {1} proposed, {2} rejected</source>
            <translation>{0} پذیرفته، {1} پیشنهادی، {2} ردشده</translation>
        </message>
        <message>
            <source>accepted</source>
            <translation>پذیرفته</translation>
        </message>
        <message>
            <source>proposed</source>
            <translation>پیشنهادی</translation>
        </message>
        <message>
            <source>rejected</source>
            <translation>ردشده</translation>
        </message>
        <message>
            <source>Damage</source>
            <translation>آسیب</translation>
        </message>
        <message>
            <source>Severity</source>
            <translation>شدت</translation>
        </message>
        <message>
            <source>Area</source>
            <translation>مساحت</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>وضعیت</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>یادداشت</translation>
        </message>
        <message>
            <source>The draft could not be saved</source>
            <translation>پیش‌نویس ذخیره نشد</translation>
        </message>
        <message>
            <source>The check could not be finalised</source>
            <translation>بررسی نهایی نشد</translation>
        </message>
        <message>
            <source>No new version could be created</source>
            <translation>نسخهٔ جدید ایجاد نشد</translation>
        </message>
        <message>
            <source>Unsaved changes</source>
            <translation>تغییرات ذخیره‌نشده</translation>
        </message>
        <message>
            <source>The condition report has changes that are not saved yet. Save them?</source>
            <translation>گزارش وضعیت تغییراتی دارد که هنوز ذخیره نشده‌اند. ذخیره شوند؟</translation>
        </message>
        <message>
            <source>Finalise condition check</source>
            <translation>نهایی‌کردن بررسی وضعیت</translation>
        </message>
        <message>
            <source>Once finalised, this check can no longer be changed; corrections are made in a new version.

Sign with your name:</source>
            <translation>پس از نهایی‌شدن، این بررسی دیگر قابل تغییر نیست؛ اصلاحات در نسخهٔ جدید انجام می‌شود.

با نام خود امضا کنید:</translation>
        </message>
    </context>
</TS>
