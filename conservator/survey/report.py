"""The survey document (``--json``) and the printed survey report (``--pdf``)."""

from __future__ import annotations

import os


def survey_document(store, survey_id: int) -> dict:
    """Every figure of a survey and its sampled pages (the ``--json`` document).

    Shape (a contract, see issue 16)::

        {"survey": {id, name, population, sample, done, failed, seed, strata_field, method,
                    ...},
         "classes": {cls: {affected, proportion, ci95, mean_pct_leaf, mean_pct_leaf_ci95,
                           measured, not_measured, median_pct_leaf, median_pct_leaf_ci95}},
         "grades": {...}, "strata": {NAME: {sample, classes, ...}}, "most_in_need": [...],
         "methods": {...},
         "items": [{inventory_no, file, page, stratum, check_id, status, error}]}
    """
    from conservator.storage import surveys as db
    from conservator.survey.run import survey_json_items
    from conservator.survey.stats import summarise

    survey = db.get_survey(store, survey_id)
    units = db.unit_records(store, survey["id"])
    doc = summarise(survey, units, db.frame_counts(store, survey["id"]))
    doc["items"] = survey_json_items(store, survey["id"])
    # labels of the terms used, in every language (the same shape as a check's report data)
    doc["vocab"] = {
        scheme: {
            code: {**term["labels"], "ordinal": term["ordinal"]}
            for code, term in store.vocab(scheme).items()
        }
        for scheme in ("damage", "grade", "priority")
    }
    return doc


def render_survey_report(doc: dict, out_path: str | os.PathLike[str], *, lang: str = "en"):
    """Write the survey report PDF (see :mod:`conservator.survey.pdf`)."""
    from conservator.survey.pdf import render

    return render(doc, out_path, lang=lang)
