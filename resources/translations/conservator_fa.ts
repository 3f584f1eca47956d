<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Persian interface translation of Conservator. Draft: AWAITING REVIEW by a practising paper conservator who writes Persian (مرمت‌گر کاغذ). -->
<TS version="2.1" language="fa_IR">
    <context>
        <name>Damage</name>
        <message>
            <source>Foxing</source>
            <extracomment>Damage classes: the four detectors' classes, then classes only people mark by hand.</extracomment>
            <translation>لک‌های زنگاری (فاکسینگ)</translation>
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
            <translation>کم‌رنگ‌شدگی</translation>
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
            <translation>لک‌های زنگاری (فاکسینگ)</translation>
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
</TS>
