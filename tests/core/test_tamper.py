"""Tamper corpus: deliberate changes to a real records database that ``verify`` must find.

One database is made once by a scripted session through the CLI (settings → items add →
assess a small generated demo scan → review findings → hazard, recommendation, treatment →
finalise with ``--receipt`` → export the PDF), then each case works on its own copy: SQL run
by someone who knows the schema and, where stated, the hash algorithms (protective triggers
dropped for the change and re-created after it, hashes and the audit chain recomputed), or
an edit of a mask file. Each case must make ``conservator verify`` (or ``verify --against``
the receipt or the PDF report) print BROKEN and exit 1; the untouched copy must pass.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from conservator.cli import main
from conservator.storage import audit

INV = "КП-2207/14"
CHECKER = "Айгерим Қасымова"
REVIEWER = "Берик Ахметов"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _cli(*argv):
    code = main([str(a) for a in argv])
    assert code == 0, argv
    return code


@pytest.fixture(scope="session")
def made(tmp_path_factory):
    """The scripted session's folder: ``records.db`` (+ files), ``receipt.json``, ``report.pdf``."""
    from conservator.demo.page import generate_page

    root = tmp_path_factory.mktemp("tamper-source")
    page = generate_page(3, ppi=100, size=(150, 200))
    scan = root / "leaf.png"
    Image.fromarray(page.rgb).save(scan, dpi=(100, 100))
    db = root / "records.db"
    base = ("--db", db, "--actor", CHECKER)
    _cli(*base, "items", "add", INV, "--title", "Грамота хана", "--materials", "paper, ink")
    _cli(*base, "settings", "set", "institution.name", "Central State Archive")
    _cli(*base, "assess", scan, "--item", INV, "--examiner", CHECKER, "--quiet")
    cid = 1
    rev = ("--db", db, "--actor", REVIEWER, "checks", "review", cid)
    _cli(*rev, "--finding", 1, "--reject", "--note", "ink dot")
    _cli(*rev, "--finding", 2, "--class", "stain", "--severity", 2)
    _cli(*rev, "--accept-all")
    _cli(*base, "checks", "hazard", cid, "--add", "active_mould", "--note", "isolate")
    _cli(*base, "checks", "recommend", cid, "--kind", "storage", "--text", "box it")
    _cli(*base, "checks", "treatment", cid, "--text", "dry clean", "--codes", "surface_cleaning")
    _cli(*base, "checks", "update", cid, "--grade", "poor", "--summary", "foxed, one stain")
    _cli(*base, "checks", "finalize", cid, "--by", CHECKER, "--receipt", root / "receipt.json")
    _cli(*base, "export", cid, "--pdf", root / "report.pdf")
    return root


@pytest.fixture
def copy(made, tmp_path):
    """A fresh copy of the session's folder for one case."""
    dest = tmp_path / "case"
    shutil.copytree(made, dest)
    return dest


# --- helpers of the tamperer ---------------------------------------------------------------------
def _connect(folder: Path) -> sqlite3.Connection:
    return sqlite3.connect(folder / "records.db", isolation_level=None)


def sql(folder: Path, *statements, keep_triggers=False) -> None:
    """Run statements with every trigger dropped, then re-create the triggers as they were."""
    conn = _connect(folder)
    try:
        saved = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall()
        conn.execute("BEGIN")
        if not keep_triggers:
            for name, _ in saved:
                conn.execute(f"DROP TRIGGER {name}")
        for s in statements:
            cur = conn.execute(s)
            if s.lstrip().split()[0].upper() in ("UPDATE", "DELETE", "INSERT"):
                assert cur.rowcount > 0, f"the tampering changed nothing: {s}"
        if not keep_triggers:
            for _, text in saved:
                conn.execute(text)
        conn.execute("COMMIT")
    finally:
        conn.close()


def rechain(conn: sqlite3.Connection) -> None:
    """Recompute every audit row's prev_hash and hash (the chain is public knowledge)."""
    prev = audit.GENESIS
    rows = conn.execute(
        "SELECT id, ts, actor, entity, entity_id, action, before_json, after_json, "
        "changes_json FROM audit_log ORDER BY id"
    ).fetchall()
    for rid, ts, actor, entity, eid, action, b, a, ch in rows:
        h = audit.row_hash(prev, rid, ts, actor, entity, eid, action, b, a, ch)
        conn.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", (prev, h, rid))
        prev = h


def forge(folder: Path, *statements, cid=1) -> None:
    """Change the record, then recompute everything that is computed inside the database: the
    record hash, the signatures' signed hash, the finalisation and signature audit rows and
    the whole audit chain. Only an anchor kept outside the database can tell."""
    from conservator.storage import open_db

    sql(folder, *statements)
    with open_db(folder / "records.db") as store:
        new = store.record_hash(cid)
    conn = _connect(folder)
    try:
        saved = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall()
        conn.execute("BEGIN")
        for name, _ in saved:
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("UPDATE condition_check SET record_hash = ? WHERE id = ?", (new, cid))
        conn.execute("UPDATE signature SET signed_hash = ? WHERE check_id = ?", (new, cid))
        cols = [r[1] for r in conn.execute("PRAGMA table_info(condition_check)")]
        row = dict(
            zip(
                cols,
                conn.execute("SELECT * FROM condition_check WHERE id = ?", (cid,)).fetchone(),
                strict=True,
            )
        )
        for rid, entity, a in conn.execute(
            "SELECT id, entity, after_json FROM audit_log WHERE (entity = 'condition_check' "
            "AND entity_id = ? AND action = 'finalize') OR entity = 'signature'",
            (str(cid),),
        ).fetchall():
            after = json.loads(a)
            if entity == "signature":
                after["signed_hash"] = new
            else:  # the finalisation row says the record was what it is now
                after.update({k: row[k] for k in after if k in row and k != "updated_at"})
            conn.execute(
                "UPDATE audit_log SET after_json = ? WHERE id = ?",
                (audit.canonical_json(after), rid),
            )
        rechain(conn)
        for _, text in saved:
            conn.execute(text)
        conn.execute("COMMIT")
    finally:
        conn.close()


def _mask(folder: Path) -> Path:
    conn = _connect(folder)
    try:
        rel = conn.execute(
            "SELECT mask_path FROM measurement WHERE mask_path IS NOT NULL ORDER BY id"
        ).fetchone()[0]
    finally:
        conn.close()
    return folder / "records.db.files" / rel


def _replace_mask(folder: Path) -> None:
    p = _mask(folder)
    with Image.open(p) as im:
        im = im.copy()
    im.putpixel((0, 0), 255 - im.getpixel((0, 0)) if isinstance(im.getpixel((0, 0)), int) else 0)
    im.save(p)


def _refinalise_through_cli(folder: Path) -> None:
    """Unfreeze (trigger dropped, status draft, trigger re-created), rewrite the summary
    through the CLI and finalise again: every step after the unfreezing is audited."""
    sql(folder, "UPDATE condition_check SET status = 'draft' WHERE id = 1")
    db = folder / "records.db"
    _cli("--db", db, "checks", "update", 1, "--summary", "no damage", "--by", "X")
    _cli("--db", db, "checks", "finalize", 1, "--by", CHECKER)


def _delete_check(folder: Path, *, with_audit: bool) -> None:
    children = [
        "DELETE FROM region WHERE observation_id IN (SELECT id FROM observation WHERE check_id = 1)",
        "DELETE FROM observation WHERE check_id = 1",
        "DELETE FROM measurement WHERE detector_run_id IN "
        "(SELECT id FROM detector_run WHERE check_id = 1)",
        "DELETE FROM detector_run WHERE check_id = 1",
        "DELETE FROM hazard WHERE check_id = 1",
        "DELETE FROM recommendation WHERE check_id = 1",
        "DELETE FROM treatment_proposal WHERE check_id = 1",
        "DELETE FROM signature WHERE check_id = 1",
        "DELETE FROM report_export WHERE check_id = 1",
        "DELETE FROM condition_check WHERE id = 1",
    ]
    if with_audit:  # everything from the check's creation on: the newest rows
        children.append(
            "DELETE FROM audit_log WHERE id >= (SELECT MIN(id) FROM audit_log "
            "WHERE entity = 'condition_check' AND entity_id = '1')"
        )
    sql(folder, *children)


def _noop_triggers(folder: Path, only=None) -> None:
    conn = _connect(folder)
    try:
        rows = conn.execute(
            "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall()
        conn.execute("BEGIN")
        for name, table, text in rows:
            if only and name != only:
                continue
            when = text.split(" ON ")[0].split(name, 1)[1].strip()  # e.g. BEFORE UPDATE
            conn.execute(f"DROP TRIGGER {name}")
            conn.execute(f"CREATE TRIGGER {name} {when} ON {table} BEGIN SELECT 1; END")
        conn.execute("COMMIT")
    finally:
        conn.close()


def _drop_trigger(name):
    return lambda f: sql(f, f"DROP TRIGGER {name}", keep_triggers=True)


def _delete_newest_audit_rows(folder: Path) -> None:
    """Delete the newest audit rows back to (and including) the finalisation, and unfreeze."""
    sql(
        folder,
        "DELETE FROM audit_log WHERE id >= (SELECT id FROM audit_log WHERE "
        "entity = 'condition_check' AND action = 'finalize')",
        "UPDATE condition_check SET status = 'draft' WHERE id = 1",
    )


def _edit_changes_json(folder: Path) -> None:
    sql(
        folder,
        "UPDATE audit_log SET changes_json = replace(changes_json, 'foxed, one stain', "
        "'no damage') WHERE changes_json LIKE '%foxed, one stain%'",
    )


# (id, tamper(folder), how it is caught: "verify", "receipt" or "pdf")
CASES = [
    (
        "signer-changed",
        lambda f: sql(f, "UPDATE condition_check SET finalized_by = 'Иван'"),
        "verify",
    ),
    (
        "finalisation-date-changed",
        lambda f: sql(f, "UPDATE condition_check SET finalized_at = '2020-01-01T00:00:00Z'"),
        "verify",
    ),
    ("signature-name-changed", lambda f: sql(f, "UPDATE signature SET name = 'Иван'"), "verify"),
    (
        "signature-role-changed",
        lambda f: sql(f, "UPDATE signature SET role = 'director'"),
        "verify",
    ),
    (
        "signature-date-changed",
        lambda f: sql(f, "UPDATE signature SET signed_at = '2020-01-01T00:00:00Z'"),
        "verify",
    ),
    ("signature-deleted", lambda f: sql(f, "DELETE FROM signature"), "verify"),
    (
        "countersignature-forged",
        lambda f: sql(
            f,
            "INSERT INTO signature (check_id, name, role, signed_at, signed_hash) SELECT id, "
            "'Director', 'approver', finalized_at, record_hash FROM condition_check",
        ),
        "verify",
    ),
    (
        "unfrozen-left-draft",
        lambda f: sql(f, "UPDATE condition_check SET status = 'draft'"),
        "verify",
    ),
    ("unfrozen-rewritten-refinalised", _refinalise_through_cli, "verify"),
    ("unfrozen-rewritten-refinalised-against-receipt", _refinalise_through_cli, "receipt"),
    ("final-check-deleted-with-children", lambda f: _delete_check(f, with_audit=False), "verify"),
    (
        "final-check-and-its-audit-rows-deleted-against-receipt",
        lambda f: _delete_check(f, with_audit=True),
        "receipt",
    ),
    (
        "final-check-and-its-audit-rows-deleted-against-pdf",
        lambda f: _delete_check(f, with_audit=True),
        "pdf",
    ),
    ("item-title-changed", lambda f: sql(f, "UPDATE item SET title = 'Письмо'"), "verify"),
    (
        "item-inventory-number-changed",
        lambda f: sql(f, "UPDATE item SET inventory_no = 'КП-1'"),
        "verify",
    ),
    (
        "capture-resolution-changed",
        lambda f: sql(f, "UPDATE capture SET dpi_x = 600, dpi_y = 600, px_per_mm = 23.62"),
        "verify",
    ),
    (
        "capture-sha256-changed",
        lambda f: sql(f, "UPDATE capture SET sha256 = 'ab' || substr(sha256, 3)"),
        "verify",
    ),
    (
        "capture-size-changed",
        lambda f: sql(f, "UPDATE capture SET width_px = width_px + 1"),
        "verify",
    ),
    (
        "vocabulary-label-changed",
        lambda f: sql(
            f,
            "UPDATE vocab_label SET label = 'no damage' WHERE lang = 'en' AND vocab_id = "
            "(SELECT id FROM vocab WHERE scheme = 'damage' AND code = 'foxing')",
        ),
        "verify",
    ),
    (
        "vocabulary-grade-ordinal-changed",
        lambda f: sql(f, "UPDATE vocab SET ordinal = 1 WHERE scheme = 'grade' AND code = 'poor'"),
        "verify",
    ),
    (
        "treatment-marked-approved",
        lambda f: sql(
            f,
            "UPDATE treatment_proposal SET status = 'approved', approved_by = 'Director', "
            "approved_at = '2026-01-01T00:00:00Z'",
        ),
        "verify",
    ),
    ("trigger-check-final-no-update-dropped", _drop_trigger("check_final_no_update"), "verify"),
    ("trigger-audit-no-delete-dropped", _drop_trigger("audit_no_delete"), "verify"),
    ("trigger-signature-no-update-dropped", _drop_trigger("signature_no_update"), "verify"),
    (
        "trigger-treatment-final-no-text-change-dropped",
        _drop_trigger("treatment_final_no_text_change"),
        "verify",
    ),
    ("trigger-hazard-final-no-insert-dropped", _drop_trigger("hazard_final_no_insert"), "verify"),
    (
        "trigger-measurement-final-no-change-dropped",
        _drop_trigger("measurement_final_no_change"),
        "verify",
    ),
    (
        "trigger-item-summary-after-insert-dropped",
        _drop_trigger("item_summary_after_insert"),
        "verify",
    ),
    ("all-triggers-replaced-by-no-ops", _noop_triggers, "verify"),
    (
        "one-trigger-replaced-by-a-no-op",
        lambda f: _noop_triggers(f, only="check_final_no_update"),
        "verify",
    ),
    (
        "extra-trigger-added",
        lambda f: sql(
            f,
            "CREATE TRIGGER zz AFTER INSERT ON audit_log BEGIN SELECT 1; END",
            keep_triggers=True,
        ),
        "verify",
    ),
    ("newest-audit-rows-deleted-against-receipt", _delete_newest_audit_rows, "receipt"),
    ("newest-audit-rows-deleted-against-pdf", _delete_newest_audit_rows, "pdf"),
    (
        "record-hash-recomputed",
        lambda f: _rehash_only(f, "UPDATE condition_check SET summary = 'no damage'"),
        "verify",
    ),
    (
        "all-hashes-recomputed-against-receipt",
        lambda f: forge(f, "UPDATE condition_check SET summary = 'no damage'"),
        "receipt",
    ),
    (
        "all-hashes-recomputed-against-pdf",
        lambda f: forge(f, "UPDATE observation SET status = 'rejected'"),
        "pdf",
    ),
    (
        "finding-review-state-changed",
        lambda f: sql(f, "UPDATE observation SET status = 'rejected' WHERE no = 3"),
        "verify",
    ),
    (
        "finding-area-changed",
        lambda f: sql(f, "UPDATE observation SET area_mm2 = area_mm2 / 10 WHERE no = 3"),
        "verify",
    ),
    (
        "finding-severity-changed",
        lambda f: sql(f, "UPDATE observation SET severity = 3 WHERE no = 3"),
        "verify",
    ),
    (
        "finding-class-changed",
        lambda f: sql(f, "UPDATE observation SET damage_code = 'stain' WHERE no = 3"),
        "verify",
    ),
    (
        "finding-reviewer-changed",
        lambda f: sql(f, "UPDATE observation SET reviewed_by = 'Иван' WHERE no = 3"),
        "verify",
    ),
    (
        "finding-measurements-changed",
        lambda f: sql(
            f, "UPDATE observation SET measurements_json = '{}' WHERE measurements_json IS NOT NULL"
        ),
        "verify",
    ),
    ("finding-deleted", lambda f: sql(f, "DELETE FROM observation WHERE no = 3"), "verify"),
    (
        "region-bbox-changed",
        lambda f: sql(
            f, "UPDATE region SET bbox_json = '[0,0,1,1]' WHERE id = (SELECT MIN(id) FROM region)"
        ),
        "verify",
    ),
    ("mask-file-replaced", _replace_mask, "verify"),
    ("mask-file-deleted", lambda f: _mask(f).unlink(), "verify"),
    (
        "mask-file-replaced-and-its-sha-updated",
        lambda f: (
            _replace_mask(f),
            sql(
                f,
                "UPDATE measurement SET mask_sha256 = '"
                + __import__("hashlib").sha256(_mask(f).read_bytes()).hexdigest()
                + f"' WHERE mask_path = '{_mask(f).relative_to(f / 'records.db.files').as_posix()}'",
            ),
        ),
        "verify",
    ),
    ("audit-changes-json-edited", _edit_changes_json, "verify"),
    ("audit-middle-row-deleted", lambda f: sql(f, "DELETE FROM audit_log WHERE id = 5"), "verify"),
    (
        "institution-setting-changed",
        lambda f: sql(
            f, "UPDATE setting SET value = 'Other Archive' WHERE key = 'institution.name'"
        ),
        "verify",
    ),
    ("checker-name-changed", lambda f: sql(f, "UPDATE person SET name = 'Иван'"), "verify"),
    (
        "overall-grade-changed",
        lambda f: sql(f, "UPDATE condition_check SET overall_grade = 1"),
        "verify",
    ),
    ("hazard-deleted", lambda f: sql(f, "DELETE FROM hazard"), "verify"),
    (
        "recommendation-text-changed",
        lambda f: sql(f, "UPDATE recommendation SET text = 'leave it'"),
        "verify",
    ),
    (
        "stated-facts-edited",
        lambda f: sql(
            f,
            "UPDATE condition_check SET record_facts_json = "
            "replace(record_facts_json, 'Грамота хана', 'Письмо')",
        ),
        "verify",
    ),
    (
        "detector-parameters-changed",
        lambda f: sql(f, "UPDATE detector_run SET params_json = '{}'"),
        "verify",
    ),
]


def _rehash_only(folder: Path, statement: str) -> None:
    """Change the record and recompute its record hash (not the signatures or the chain)."""
    from conservator.storage import open_db

    sql(folder, statement)
    with open_db(folder / "records.db") as store:
        new = store.record_hash(1)
    sql(folder, f"UPDATE condition_check SET record_hash = '{new}' WHERE id = 1")


def _verify(capsys, folder: Path, how: str):
    capsys.readouterr()  # what the tamperer's own CLI calls printed
    argv = ["--db", folder / "records.db", "verify"]
    if how == "receipt":
        argv += ["--against", folder / "receipt.json"]
    elif how == "pdf":
        argv += ["--against", folder / "report.pdf"]
    return run(capsys, *argv)


def test_the_untouched_copy_passes_with_and_without_anchors(copy, capsys):
    code, out, err = run(
        capsys, "--db", copy / "records.db", "verify",
        "--against", copy / "receipt.json", "--against", copy / "report.pdf",
    )  # fmt: skip
    assert code == 0, out + err
    assert out.startswith("intact:")
    assert "anchored: CC-" in out and "receipt" in out and "PDF report" in out
    receipt = json.loads((copy / "receipt.json").read_text(encoding="utf-8"))
    text = subprocess.run(
        ["pdftotext", str(copy / "report.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert receipt["record_hash"] in text and receipt["audit_head"] in text  # printed as well
    assert f"Audit chain at finalisation: {receipt['audit_rows']} rows" in text


def test_the_corpus_has_every_case_of_the_issue():
    assert len(CASES) >= 30
    assert len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize(("tamper", "how"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_verify_detects(copy, capsys, tamper, how):
    tamper(copy)
    code, out, err = _verify(capsys, copy, how)
    assert code == 1, f"not detected: {out}{err}"
    assert out.startswith("BROKEN: "), out
    if how != "verify":  # the anchor itself tells
        assert f"the {'receipt' if how == 'receipt' else 'PDF report'} " in out, out


# --- what must keep passing ----------------------------------------------------------------------
def test_changes_allowed_after_finalisation_keep_the_record_intact_and_as_signed(copy, capsys):
    """Correcting the item, approving the treatment, countersigning, renaming the institution
    and reloading the vocabulary are audited and allowed: ``verify`` passes, anchors still
    match, and the report still states the item and institution as they were signed."""
    from conservator.storage import open_db, vocab

    db = copy / "records.db"
    with open_db(db) as store:
        store.update_item(INV, title="Грамота хана (копия)", actor=REVIEWER)
        store.decide_treatment(1, approved=True, by="Director")
        store.add_signature(1, REVIEWER, "approver")
        store.set_setting("institution.name", "National Archive", actor=REVIEWER)
        vocab.sync(store.conn, force=True)
        data = store.report_data(1)
    assert data["item"]["title"] == "Грамота хана"
    assert data["institution"]["name"] == "Central State Archive"
    assert data["treatment"]["status"] == "approved"
    assert [s["name"] for s in data["signatures"]] == [CHECKER, REVIEWER]
    code, out, err = run(capsys, "--db", db, "verify", "--against", copy / "report.pdf")
    assert code == 0, out + err


def test_a_report_states_the_vocabulary_it_was_signed_with(copy):
    """Even with the labels changed behind its back (which ``verify`` reports), a final
    record's report prints the labels it was finalised with."""
    from conservator.storage import open_db

    sql(copy, "UPDATE vocab_label SET label = 'no damage' WHERE label = 'foxing'")
    with open_db(copy / "records.db") as store:
        data = store.report_data(1)
    assert data["vocab"]["damage"]["foxing"]["en"] == "foxing"


DATA = Path(__file__).parent.parent / "data"


@pytest.fixture
def v7(tmp_path):
    """``tests/data/records_v7.db``: a format-2 final record (made by the schema-7 code)."""
    dest = tmp_path / "records.db"
    shutil.copyfile(DATA / "records_v7.db", dest)
    shutil.copytree(DATA / "records_v7.db.files", tmp_path / "records.db.files")
    return dest


def test_an_older_format_record_keeps_verifying_and_new_ones_use_format_3(v7):
    from conservator.storage import open_db

    with open_db(v7) as store:
        assert store.get_check(1)["record_format"] == 2
        res = store.verify()
        assert res["ok"], res["problems"]
        assert res["final_checks"] == 1
        store.update_check(2, grade="good")
        store.finalize_check(2, "Берик", allow_unreviewed=True)
        assert store.get_check(2)["record_format"] == 3
        res = store.verify()
        assert res["ok"], res["problems"]
        assert res["final_checks"] == 2


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE condition_check SET finalized_by = 'Иван' WHERE id = 1",
        "UPDATE signature SET name = 'Иван' WHERE id = 1",
        "UPDATE condition_check SET summary = 'no damage' WHERE id = 1",
        "UPDATE item SET title = 'Письмо'",
        "UPDATE treatment_proposal SET status = 'rejected'",
        "UPDATE condition_check SET status = 'draft' WHERE id = 1",
    ],
    ids=["signer", "signature-name", "content", "item-title", "treatment", "unfrozen"],
)
def test_an_older_format_record_is_guarded_as_well(v7, capsys, statement):
    sql(v7.parent, statement)
    code, out, _ = run(capsys, "--db", v7, "verify")
    assert code == 1 and out.startswith("BROKEN: "), out


# --- receipts and --against: usage errors -------------------------------------------------------
def test_a_receipt_onto_the_database_is_refused_before_finalising(tmp_path, capsys):
    db = tmp_path / "records.db"
    assert run(capsys, "--db", db, "items", "add", "A-1", "--title", "t")[0] == 0
    from conservator.storage import open_db

    with open_db(db) as store:
        cid = store.create_check("A-1", checker="X")
        store.update_check(cid, grade="good")
    code, _, err = run(capsys, "--db", db, "checks", "finalize", cid, "--by", "X", "--receipt", db)
    assert code == 2 and err.startswith("error: ") and len(err.strip().splitlines()) == 1
    with open_db(db) as store:
        assert store.get_check(cid)["status"] == "draft"
    code, out, err = run(
        capsys, "--db", db, "checks", "finalize", cid, "--by", "X", "--receipt", tmp_path / "r.json"
    )
    assert code == 0, err
    receipt = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert receipt["kind"] == "conservator-record-receipt" and receipt["check_id"] == cid
    assert receipt["audit_rows"] >= 1 and len(receipt["audit_head"]) == 64


@pytest.mark.parametrize("what", ["not-json", "other-json", "draft-pdf", "missing"])
def test_verify_against_a_file_without_an_anchor_is_a_usage_error(made, tmp_path, capsys, what):
    db = tmp_path / "records.db"
    shutil.copyfile(made / "records.db", db)
    shutil.copytree(made / "records.db.files", tmp_path / "records.db.files")
    f = tmp_path / "anchor"
    if what == "not-json":
        f.write_bytes(b"\x00\x01garbage")
    elif what == "other-json":
        f.write_text('{"check_id": 1}', encoding="utf-8")
    elif what == "draft-pdf":
        from conservator.storage import open_db

        with open_db(db) as store:
            cid = store.new_version(1)
        f = tmp_path / "draft.pdf"
        assert run(capsys, "--db", db, "export", cid, "--pdf", f)[0] == 0
    code, out, err = run(capsys, "--db", db, "verify", "--against", f)
    assert code == 2, out + err
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1
