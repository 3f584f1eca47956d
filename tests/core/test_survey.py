"""``conservator survey``: sampling, statistics that cover the truth, resuming after kill -9,
the same results on a separate Dask scheduler and worker, CSV lists with strata."""

from __future__ import annotations

import csv
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conservator.cli import main
from conservator.survey.sample import allocate, draw_sample
from conservator.survey.stats import wilson

ROOT = Path(__file__).resolve().parents[2]

#: Damage mix cycled over the generated population (known truth per page).
MIX = [
    ("foxing",),
    ("loss",),
    ("tear",),
    ("fading",),
    (),
    ("foxing", "tear"),
    ("foxing", "loss", "fading"),
]
PAGES = 21
PPI = 150
SIZE_MM = (105.0, 148.0)  # A6: tiny pages keep the test fast


@pytest.fixture(scope="module")
def population(tmp_path_factory):
    """A folder of small demo pages whose damage classes are known page by page."""
    from conservator.demo import generate_page
    from conservator.demo.write import write_scan

    folder = tmp_path_factory.mktemp("fonds")
    truth = {}
    for i in range(PAGES):
        damage = MIX[i % len(MIX)]
        page = generate_page(700 + i, ppi=PPI, size=SIZE_MM, damage=damage)
        sub = folder / ("box-a" if i % 3 else "box-b")
        sub.mkdir(exist_ok=True)
        write_scan(page.rgb, sub / f"leaf-{i:02d}.tif", PPI)
        truth[f"{sub.name}/leaf-{i:02d}"] = set(damage)
    return folder, truth


def _survey(args, capsys=None) -> int:
    return main(["survey", *[str(a) for a in args], "--quiet"])


def _checks(db) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT COUNT(*) FROM condition_check").fetchone()[0]


def test_sample_allocation_and_draw_are_reproducible():
    assert allocate({"a": 600, "b": 300, "c": 100}, 10) == {"a": 6, "b": 3, "c": 1}
    assert sum(allocate({"a": 7, "b": 5, "c": 1}, 6).values()) == 6
    strata = ["a"] * 60 + ["b"] * 30 + ["c"] * 10
    s1 = draw_sample(strata, 20, seed=7, stratified=True)
    assert s1 == draw_sample(strata, 20, seed=7, stratified=True)
    assert s1 != draw_sample(strata, 20, seed=8, stratified=True)
    picked = [strata[i] for i in s1]
    assert (picked.count("a"), picked.count("b"), picked.count("c")) == (12, 6, 2)
    assert len(set(s1)) == 20
    # Wilson with the finite-population correction is narrower, a census has no width
    lo, hi = wilson(41, 120)
    flo, fhi = wilson(41, 120, 200)
    assert lo < flo < 41 / 120 < fhi < hi
    assert wilson(3, 10, 10) == (0.3, 0.3)


@pytest.mark.slow
def test_sample_intervals_cover_the_truth_and_nothing_is_stored_twice(population, tmp_path):
    folder, truth = population
    db, out = tmp_path / "r.db", tmp_path / "s.json"
    assert (
        _survey([folder, "--db", db, "--sample", 12, "--seed", 5, "--workers", 2, "--json", out])
        == 0
    )
    doc = json.loads(out.read_text(encoding="utf-8"))
    s = doc["survey"]
    assert (s["population"], s["sample"], s["done"], s["failed"], s["seed"]) == (
        PAGES,
        12,
        12,
        0,
        5,
    )
    assert s["strata_field"] is None and "simple random" in s["method"]
    assert len(doc["items"]) == 12 and all(i["status"] == "done" for i in doc["items"])
    assert set(doc["items"][0]) >= {
        "inventory_no",
        "file",
        "page",
        "stratum",
        "check_id",
        "status",
        "error",
    }
    assert set(doc["classes"]) >= {"foxing", "loss", "tear", "fading"}
    for c in doc["classes"].values():
        assert set(c) >= {"affected", "proportion", "ci95", "mean_pct_leaf", "mean_pct_leaf_ci95"}
        assert c["ci95"][0] <= c["proportion"] <= c["ci95"][1]
        assert c["mean_pct_leaf_ci95"][0] <= c["mean_pct_leaf"] <= c["mean_pct_leaf_ci95"][1]
    assert _checks(db) == 12

    # the census of the same folder analyses only the 9 pages the sample left out
    census = tmp_path / "c.json"
    assert (
        _survey([folder, "--db", db, "--name", "census", "--all", "--workers", 1, "--json", census])
        == 0
    )
    full = json.loads(census.read_text(encoding="utf-8"))
    assert full["survey"]["done"] == PAGES
    assert _checks(db) == PAGES  # 12 reused, 9 new: every page stored once
    for name, c in full["classes"].items():
        assert c["ci95"] == [c["proportion"], c["proportion"]]  # a census has no sampling error
        lo, hi = doc["classes"][name]["ci95"]
        assert lo <= c["proportion"] <= hi, f"{name}: {c['proportion']} outside [{lo}, {hi}]"
    # tears and fading are measured exactly on these pages: the census equals the truth
    for name in ("tear", "fading"):
        true_share = sum(name in t for t in truth.values()) / PAGES
        assert full["classes"][name]["proportion"] == pytest.approx(true_share, abs=1e-4)
        lo, hi = doc["classes"][name]["ci95"]
        assert lo <= true_share <= hi
    # the ranked list puts the most damaged pages first
    need = full["most_in_need"]
    assert [n["rank"] for n in need[:3]] == [1, 2, 3]
    assert need[0]["score"] >= need[-1]["score"]

    # running the first survey again does nothing new
    assert _survey([folder, "--db", db, "--sample", 12, "--seed", 5]) == 0
    assert _checks(db) == PAGES


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["CONSERVATOR_THREADS"] = "1"
    return env


@pytest.mark.slow
def test_killed_survey_resumes_and_stores_every_page_once(population, tmp_path):
    folder, _ = population
    db = tmp_path / "k.db"
    cmd = [sys.executable, "-m", "conservator", "survey", str(folder), "--db", str(db)]
    cmd += ["--sample", "10", "--seed", "11", "--workers", "1", "--quiet"]
    proc = subprocess.Popen(cmd, env=_env(), cwd=tmp_path, start_new_session=True)
    done = 0
    deadline = time.monotonic() + 240
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
            if db.exists():
                try:
                    with sqlite3.connect(db, timeout=1) as conn:
                        done = conn.execute(
                            "SELECT COUNT(*) FROM survey_items WHERE status = 'done'"
                        ).fetchone()[0]
                except sqlite3.Error:
                    continue
                if done >= 3:
                    break
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # kill -9: the client and its worker processes
        proc.wait(30)
    assert 3 <= done < 10, f"the survey was not stopped half-way ({done} pages done)"
    stored_before = _checks(db)
    assert stored_before >= done

    out = tmp_path / "k.json"
    assert (
        _survey([folder, "--db", db, "--sample", 10, "--seed", 11, "--workers", 1, "--json", out])
        == 0
    )
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["survey"]["done"] == 10
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM condition_check").fetchone()[0] == 10
        rows = conn.execute(
            "SELECT check_id, attempts FROM survey_items WHERE in_sample = 1"
        ).fetchall()
        # each page's check made once (a page in flight at the kill was not stored)
        assert len({r[0] for r in rows}) == 10 and all(r[1] == 1 for r in rows)
        assert (
            conn.execute(
                "SELECT COUNT(*) FROM (SELECT capture_id FROM condition_check GROUP BY capture_id "
                "HAVING COUNT(*) > 1)"
            ).fetchone()[0]
            == 0
        )


@pytest.mark.slow
def test_survey_on_a_separate_dask_scheduler_and_worker_matches_local(population, tmp_path):
    folder, _ = population
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = _env()
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "dask",
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-dashboard",
            ],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    ]
    try:
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "dask",
                    "worker",
                    address,
                    "--nthreads",
                    "1",
                    "--nworkers",
                    "1",
                    "--no-dashboard",
                    "--host",
                    "127.0.0.1",
                    "--death-timeout",
                    "60",
                ],
                env=env,
                cwd=tmp_path,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )
        remote, local = tmp_path / "remote.json", tmp_path / "local.json"
        args = ["--sample", 6, "--seed", 3, "--json"]
        assert (
            _survey([folder, "--db", tmp_path / "a.db", "--scheduler", address, *args, remote]) == 0
        )
        assert _survey([folder, "--db", tmp_path / "b.db", "--workers", 1, *args, local]) == 0
    finally:
        for p in reversed(procs):
            try:
                os.killpg(p.pid, signal.SIGTERM)
                p.wait(20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(p.pid, signal.SIGKILL)
    a = json.loads(remote.read_text(encoding="utf-8"))
    b = json.loads(local.read_text(encoding="utf-8"))
    assert a["survey"]["done"] == b["survey"]["done"] == 6
    assert a["classes"] == b["classes"]
    assert a["grades"] == b["grades"]
    strip = [{k: i[k] for k in ("inventory_no", "page", "status")} for i in a["items"]]
    assert strip == [{k: i[k] for k in ("inventory_no", "page", "status")} for i in b["items"]]


@pytest.mark.slow
def test_csv_list_with_strata(population, tmp_path):
    folder, _ = population
    files = sorted(folder.rglob("*.tif"))[:12]
    listing = tmp_path / "list.csv"
    with open(listing, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["inventory_no", "file", "shelf", "page"])
        for i, f in enumerate(files):
            w.writerow([f"ИНВ-{i:03d}", os.path.relpath(f, tmp_path), "A" if i < 8 else "B", 1])
    out = tmp_path / "csv.json"
    db = tmp_path / "csv.db"
    assert (
        _survey(
            [
                listing,
                "--db",
                db,
                "--strata",
                "shelf",
                "--sample",
                6,
                "--seed",
                2,
                "--workers",
                2,
                "--json",
                out,
            ]
        )
        == 0
    )
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["survey"]["strata_field"] == "shelf"
    assert "stratified" in doc["survey"]["method"]
    assert {k: v["sample"] for k, v in doc["strata"].items()} == {"A": 4, "B": 2}
    assert {k: v["population"] for k, v in doc["strata"].items()} == {"A": 8, "B": 4}
    for stratum in doc["strata"].values():
        for c in stratum["classes"].values():
            assert c["ci95"][0] <= c["proportion"] <= c["ci95"][1]
    assert {i["stratum"] for i in doc["items"]} == {"A", "B"}
    assert all(i["inventory_no"].startswith("ИНВ-") for i in doc["items"])
    with sqlite3.connect(db) as conn:
        invs = {r[0] for r in conn.execute("SELECT inventory_no FROM item")}
    assert invs == {i["inventory_no"] for i in doc["items"]}


def test_bad_source_and_conflicting_resume_are_one_line_errors(population, tmp_path, capsys):
    folder, _ = population
    assert _survey([tmp_path / "nowhere", "--db", tmp_path / "e.db"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "does not exist" in err
    bad = tmp_path / "bad.csv"
    bad.write_text("number,path\n1,x.tif\n", encoding="utf-8")
    assert _survey([bad, "--db", tmp_path / "e.db"]) == 2
    assert "no 'inventory_no' column" in capsys.readouterr().err
    # a survey's plan cannot silently change when it is resumed
    from conservator.storage import open_db
    from conservator.survey.run import plan_survey

    with open_db(tmp_path / "e.db") as store:
        plan_survey(store, folder, name="s", size=4, seed=1)
    assert _survey([folder, "--db", tmp_path / "e.db", "--name", "s", "--sample", 5]) == 2
    assert "has a sample of 4 pages" in capsys.readouterr().err
    assert _survey([folder, "--db", tmp_path / "e.db", "--name", "s", "--preset", "sensitive"]) == 2
    assert "other detectors, versions or parameters" in capsys.readouterr().err


def test_unreadable_page_is_reported_and_retried_not_fatal(population, tmp_path):
    folder, _ = population
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    for f in sorted(folder.rglob("*.tif"))[:2]:
        (mixed / f.name).write_bytes(f.read_bytes())
    (mixed / "torn-file.tif").write_bytes(b"II*\x00 truncated")
    out = tmp_path / "m.json"
    db = tmp_path / "m.db"
    assert _survey([mixed, "--db", db, "--all", "--workers", 1, "--json", out]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert (doc["survey"]["done"], doc["survey"]["failed"]) == (2, 1)
    bad = [i for i in doc["items"] if i["status"] == "failed"]
    assert bad[0]["inventory_no"] == "torn-file" and "torn-file.tif" in bad[0]["error"]
    assert bad[0]["check_id"] is None
    assert all(c["measured"] == 2 for c in doc["classes"].values())  # failures count nowhere
    # the next run tries the failed page again, and only that one
    assert _survey([mixed, "--db", db, "--all"]) == 0
    with sqlite3.connect(db) as conn:
        rows = dict(conn.execute("SELECT inventory_no, attempts FROM survey_items").fetchall())
    assert rows["torn-file"] == 2 and _checks(db) == 2
