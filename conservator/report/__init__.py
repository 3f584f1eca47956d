"""Printed condition reports: multilingual (en, ru, kk, fa), PDF/A-2b, with the damage map.

``conservator.report.pdf.render_report`` is the entry point; ``conservator.report.i18n`` holds
the label catalogues, number and date formatting (including the Solar Hijri calendar), and
``conservator.report.text`` the font fallback and right-to-left text layout.
"""
