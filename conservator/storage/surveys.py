"""Collection condition surveys in the records database: the sample frame and each page's state.

A survey (table ``surveys``) is defined by its source, its sampling plan and the analysis it
runs (detectors, their versions and parameters, summed up in ``analysis_key``). Its frame
(table ``survey_items``) holds every page of the source, one row each, with ``in_sample`` set
for the pages drawn and a ``status``:

``unsampled``
    In the frame only (it counts in the population, for the finite-population correction).
``pending``
    Drawn, not analysed yet (or interrupted).
``done``
    Analysed and stored: ``check_id`` is the draft condition check of its item.
``failed``
    The analysis failed; ``error`` says why (retried by the next run).

The frame and the sample are written in one transaction before any analysis, so a survey is
defined even if it stops at once. Marking a page done happens in the same transaction as the
check that stores it (see :mod:`conservator.survey.run`), so after a kill -9 or a power cut a
page is either fully stored and ``done``, or not stored and still ``pending``.

Functions take the open :class:`~conservator.storage.store.Store`.
"""

from __future__ import annotations

import json

from conservator.errors import ConservatorError, NotFoundError
from conservator.storage.db import utc_now

#: Schema of migration 7 (released: never edit; add a migration instead).
SCHEMA = """
CREATE TABLE surveys (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('simple_random', 'stratified', 'census')),
    strata_field TEXT,
    seed INTEGER,
    sample_size INTEGER NOT NULL,
    fraction REAL,
    population INTEGER NOT NULL,
    preset TEXT,
    analysis_json TEXT NOT NULL,
    analysis_key TEXT NOT NULL,
    examiner TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE survey_items (
    id INTEGER PRIMARY KEY,
    survey_id INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    frame_no INTEGER NOT NULL,
    inventory_no TEXT NOT NULL,
    file TEXT NOT NULL,
    page INTEGER NOT NULL DEFAULT 0,
    stratum TEXT,
    in_sample INTEGER NOT NULL DEFAULT 0 CHECK (in_sample IN (0, 1)),
    sample_rank INTEGER,
    status TEXT NOT NULL DEFAULT 'unsampled'
        CHECK (status IN ('unsampled', 'pending', 'done', 'failed')),
    item_id INTEGER REFERENCES item (id),
    check_id INTEGER REFERENCES condition_check (id),
    sha256 TEXT,
    reused INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    seconds REAL,
    done_at TEXT,
    UNIQUE (survey_id, file, page)
);
CREATE INDEX survey_items_status ON survey_items (survey_id, in_sample, status);
CREATE INDEX survey_items_check ON survey_items (check_id);
"""

STATUSES = ("unsampled", "pending", "done", "failed")


def create_survey(
    store,
    *,
    name: str,
    source: str,
    method: str,
    strata_field: str | None,
    seed: int | None,
    fraction: float | None,
    preset: str | None,
    analysis: dict,
    analysis_key: str,
    examiner: str | None,
    frame: list[dict],
    sample: list[tuple[int, int]],
) -> int:
    """Store a survey, its whole frame and its sample in one transaction; return its id.

    Parameters
    ----------
    frame : list of dict
        One dict per page: ``inventory_no``, ``file``, ``page`` (0-based), ``stratum``.
    sample : list of (frame index, rank)
        The pages drawn (indexes into ``frame``) and their order of analysis.
    """
    ranks = dict(sample)
    now = utc_now()
    with store.transaction():
        if store.conn.execute("SELECT 1 FROM surveys WHERE name = ?", (name,)).fetchone():
            raise ConservatorError(f"a survey named {name!r} exists already")
        row = {
            "name": name,
            "source": source,
            "method": method,
            "strata_field": strata_field,
            "seed": seed,
            "sample_size": len(sample),
            "fraction": fraction,
            "population": len(frame),
            "preset": preset,
            "analysis_json": json.dumps(analysis, sort_keys=True, ensure_ascii=False),
            "analysis_key": analysis_key,
            "examiner": examiner,
            "created_at": now,
            "updated_at": now,
        }
        sid = store._insert("surveys", row)
        store.conn.executemany(
            "INSERT INTO survey_items (survey_id, frame_no, inventory_no, file, page, stratum, "
            "in_sample, sample_rank, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    sid,
                    i,
                    u["inventory_no"],
                    u["file"],
                    int(u.get("page") or 0),
                    u.get("stratum"),
                    1 if i in ranks else 0,
                    ranks.get(i),
                    "pending" if i in ranks else "unsampled",
                )
                for i, u in enumerate(frame)
            ],
        )
        store._audit(
            "survey",
            sid,
            "create",
            None,
            {k: row[k] for k in ("name", "source", "method", "seed", "sample_size", "population")},
            examiner,
        )
    return sid


def get_survey(store, ref) -> dict:
    """A survey row by id or name (``analysis`` decoded)."""
    text = str(ref).strip()
    row = store._row("SELECT * FROM surveys WHERE name = ?", (text,))
    if row is None and text.isdigit():
        row = store._row("SELECT * FROM surveys WHERE id = ?", (int(text),))
    if row is None:
        raise NotFoundError(f"no survey {text!r}", store.path)
    row["analysis"] = json.loads(row.pop("analysis_json"))
    return row


def find_survey(store, name: str) -> dict | None:
    """The survey called ``name``, or ``None``."""
    if store._row("SELECT id FROM surveys WHERE name = ?", (name,)) is None:
        return None
    return get_survey(store, name)


def list_surveys(store) -> list[dict]:
    """All surveys, newest first, with their counts of sampled, done and failed pages."""
    return store._rows(
        "SELECT s.id, s.name, s.source, s.method, s.population, s.sample_size AS sample, "
        "s.created_at, "
        "SUM(i.status = 'done') AS done, SUM(i.status = 'failed') AS failed "
        "FROM surveys s LEFT JOIN survey_items i ON i.survey_id = s.id "
        "GROUP BY s.id ORDER BY s.id DESC"
    )


def sample_items(store, survey_id: int, *, status: str | tuple | None = None) -> list[dict]:
    """The sampled pages of a survey in order of analysis (optionally of some statuses)."""
    sql = "SELECT * FROM survey_items WHERE survey_id = ? AND in_sample = 1"
    params: list = [survey_id]
    if status is not None:
        wanted = (status,) if isinstance(status, str) else tuple(status)
        sql += f" AND status IN ({', '.join('?' for _ in wanted)})"
        params += list(wanted)
    return store._rows(sql + " ORDER BY sample_rank, id", params)


def frame_counts(store, survey_id: int) -> dict[str | None, int]:
    """Population per stratum (``None`` for an unstratified survey)."""
    rows = store._rows(
        "SELECT stratum, COUNT(*) AS n FROM survey_items WHERE survey_id = ? GROUP BY stratum",
        (survey_id,),
    )
    return {r["stratum"]: r["n"] for r in rows}


def counts(store, survey_id: int) -> dict[str, int]:
    """Sampled pages per status."""
    rows = store._rows(
        "SELECT status, COUNT(*) AS n FROM survey_items WHERE survey_id = ? AND in_sample = 1 "
        "GROUP BY status",
        (survey_id,),
    )
    out = dict.fromkeys(("pending", "done", "failed"), 0)
    out.update({r["status"]: r["n"] for r in rows})
    return out


def mark_done(
    store,
    row_id: int,
    *,
    check_id: int,
    item_id: int,
    sha256: str | None,
    reused: bool = False,
    seconds: float | None = None,
) -> None:
    """Mark a sampled page done (call inside the transaction that stored its check)."""
    store.conn.execute(
        "UPDATE survey_items SET status = 'done', check_id = ?, item_id = ?, sha256 = ?, "
        "reused = ?, attempts = attempts + ?, error = NULL, seconds = ?, done_at = ? "
        "WHERE id = ?",
        (check_id, item_id, sha256, int(reused), 0 if reused else 1, seconds, utc_now(), row_id),
    )


def mark_failed(store, row_id: int, error: str) -> None:
    """Record a page whose analysis failed (the next run tries it again)."""
    with store.transaction():
        store.conn.execute(
            "UPDATE survey_items SET status = 'failed', error = ?, attempts = attempts + 1 "
            "WHERE id = ?",
            (" ".join(str(error).split())[:500], row_id),
        )


def ensure_item(store, inventory_no: str, title: str = "", *, actor=None) -> int:
    """The id of the item ``inventory_no``, created (with ``title``) when missing."""
    row = store._row("SELECT id FROM item WHERE inventory_no = ?", (inventory_no.strip(),))
    if row:
        return row["id"]
    return store.add_item(inventory_no, title, actor=actor)["id"]


def find_done_check(
    store,
    item_id: int,
    runs: dict[str, tuple[str, str]],
    *,
    sha256: str | None = None,
    file_path: str | None = None,
    page: int = 0,
) -> dict | None:
    """An existing automatic check of this item that ran exactly this analysis on this page.

    Parameters
    ----------
    runs : dict
        ``{detector: (version, canonical parameters JSON)}``, as ``detector_run`` stores them.
    sha256, file_path : str
        The scan file's hash, or (before it is known) its absolute path.

    Returns
    -------
    dict or None
        ``{"check_id", "sha256"}`` of the newest matching check.
    """
    where, params = "c.item_id = ? AND cap.page = ?", [item_id, int(page)]
    if sha256:
        where += " AND cap.sha256 = ?"
        params.append(sha256)
    elif file_path:
        where += " AND cap.file_path = ?"
        params.append(file_path)
    else:
        return None
    cands = store._rows(
        "SELECT c.id AS check_id, cap.sha256 FROM condition_check c "
        f"JOIN capture cap ON cap.id = c.capture_id WHERE {where} ORDER BY c.id DESC",
        params,
    )
    for cand in cands:
        got = {
            r["detector"]: (r["version"], r["params_json"])
            for r in store._rows(
                "SELECT detector, version, params_json FROM detector_run WHERE check_id = ?",
                (cand["check_id"],),
            )
        }
        if got == runs:
            return cand
    return None


def set_mask_bboxes(store, check_id: int, bboxes: dict[str, list[int] | None]) -> None:
    """Fill the bounding boxes of a check's mask regions (computed where the mask was made)."""
    for name, bbox in bboxes.items():
        store.conn.execute(
            "UPDATE region SET bbox_json = ? WHERE selector_type = 'mask' AND observation_id IN "
            "(SELECT id FROM observation WHERE check_id = ? AND damage_code = ?)",
            (json.dumps(bbox), check_id, name),
        )


def unit_records(store, survey_id: int) -> list[dict]:
    """Per sampled page: its frame row, the check's grade and priority and, per damage class,
    whether it was measured and the accepted-or-proposed % of the leaf.

    Returns
    -------
    list of dict
        The ``survey_items`` row plus ``grade`` (ordinal or None), ``priority``, and
        ``classes``: ``{class: {"measured": bool, "pct_leaf": float, "severity": int}}``
        (only for ``done`` pages).
    """
    rows = sample_items(store, survey_id)
    checks = [r["check_id"] for r in rows if r["status"] == "done" and r["check_id"]]
    info: dict[int, dict] = {c: {"classes": {}} for c in checks}
    for chunk in _chunks(checks, 500):
        marks = ", ".join("?" for _ in chunk)
        for r in store._rows(
            f"SELECT id, overall_grade, priority_code FROM condition_check WHERE id IN ({marks})",
            chunk,
        ):
            info[r["id"]]["grade"] = r["overall_grade"]
            info[r["id"]]["priority"] = r["priority_code"]
        for r in store._rows(
            "SELECT dr.check_id, m.damage_code, m.values_json FROM measurement m "
            f"JOIN detector_run dr ON dr.id = m.detector_run_id WHERE dr.check_id IN ({marks})",
            chunk,
        ):
            values = json.loads(r["values_json"] or "{}")
            measured = values.get("status", "measured") != "not_measured"
            info[r["check_id"]]["classes"][r["damage_code"]] = {
                "measured": measured,
                "pct_leaf": 0.0,
                "severity": 0,
            }
        for r in store._rows(
            "SELECT check_id, damage_code, SUM(COALESCE(pct_of_leaf, 0)) AS pct, "
            "SUM(COALESCE(area_px, 0)) AS px, MAX(COALESCE(severity, 1)) AS sev "
            f"FROM observation WHERE check_id IN ({marks}) AND status IN ('accepted', 'proposed') "
            "GROUP BY check_id, damage_code",
            chunk,
        ):
            cls = info[r["check_id"]]["classes"].setdefault(
                r["damage_code"], {"measured": True, "pct_leaf": 0.0, "severity": 0}
            )
            if (r["px"] or 0) > 0 or (r["pct"] or 0) > 0:
                cls["pct_leaf"] = float(r["pct"] or 0.0)
                cls["severity"] = int(r["sev"] or 1)
                cls["affected"] = True
    out = []
    for r in rows:
        extra = info.get(r["check_id"], {}) if r["status"] == "done" else {}
        out.append(
            {
                **r,
                "grade": extra.get("grade"),
                "priority": extra.get("priority"),
                "classes": extra.get("classes", {}),
            }
        )
    return out


def _chunks(seq: list, n: int):
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


def survey_item_ids(store, survey_id: int) -> list[int]:
    """Ids of the items of a survey's sampled pages (each once, in order of analysis)."""
    rows = store._rows(
        "SELECT DISTINCT it.id FROM survey_items si JOIN item it "
        "ON it.inventory_no = si.inventory_no WHERE si.survey_id = ? AND si.in_sample = 1 "
        "ORDER BY si.sample_rank",
        (survey_id,),
    )
    return [r["id"] for r in rows]
