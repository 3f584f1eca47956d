"""Outputs never clobber inputs: every typo that once destroyed a database or a scan is refused
with exit code 2 and one line, and the input is left byte for byte intact."""

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from conservator.cli import main
from conservator.outputs import OutputError, clear_protection, protect, write_bytes

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def sha(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    monkeypatch.delenv("CONSERVATOR_DB", raising=False)
    clear_protection()
    yield
    clear_protection()


@pytest.fixture
def scan(tmp_path):
    """A small leaf on a dark board at 200 ppi, as PNG and as TIFF."""
    rgb = np.full((300, 240, 3), 30, np.uint8)
    rgb[30:270, 30:210] = (225, 210, 180)
    rgb[100:110, 100:110] = (140, 90, 50)
    png = tmp_path / "scan.png"
    Image.fromarray(rgb).save(png, dpi=(200, 200))
    return png


@pytest.fixture
def tif(tmp_path):
    import tifffile

    rgb = np.full((300, 240, 3), 200, np.uint8)
    path = tmp_path / "scan.tif"
    tifffile.imwrite(path, rgb, photometric="rgb", resolution=(200, 200), resolutionunit="INCH")
    return path


@pytest.fixture
def lab(tmp_path, scan, capsys):
    """A records database with one draft check of ``scan``."""
    db = tmp_path / "lab.db"
    code, _, err = run(capsys, "--db", db, "items", "add", "A1", "--title", "Letter")
    assert code == 0, err
    code, _, err = run(
        capsys, "--db", db, "assess", scan, "--item", "A1", "--examiner", "X", "--quiet"
    )
    assert code == 0, err
    return db


def _one_line_refusal(code, err):
    assert code == 2
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err


@pytest.mark.parametrize("flag", ["--pdf", "--json", "--csv", "--annotations"])
def test_export_onto_the_database_is_refused_and_the_database_survives(lab, capsys, flag):
    before = sha(lab)
    code, _, err = run(capsys, "--db", lab, "export", "1", flag, lab)
    _one_line_refusal(code, err)
    assert "records database" in err
    assert sha(lab) == before
    code, out, _ = run(capsys, "--db", lab, "verify")
    assert code == 0 and out.startswith("intact")


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_export_onto_the_database_journal_files_is_refused(lab, capsys, suffix):
    target = Path(f"{lab}{suffix}")
    existed = target.exists()
    code, _, err = run(capsys, "--db", lab, "export", "1", "--json", target)
    _one_line_refusal(code, err)
    assert target.exists() == existed


def test_export_into_the_files_folder_or_onto_the_scan_is_refused(lab, scan, capsys):
    files = Path(f"{lab}.files")
    mask = next(files.rglob("*.png"))
    mask_sha = sha(mask)
    for target in (mask, files / "report.pdf", scan):
        code, _, err = run(capsys, "--db", lab, "export", "1", "--pdf", target)
        _one_line_refusal(code, err)
    assert sha(mask) == mask_sha
    assert not (files / "report.pdf").exists()
    assert Image.open(scan).size == (240, 300)


def test_a_hard_link_to_the_database_is_the_database(lab, tmp_path, capsys):
    other = tmp_path / "other-name.db"
    os.link(lab, other)
    before = sha(lab)
    code, _, err = run(capsys, "--db", lab, "export", "1", "--csv", other)
    _one_line_refusal(code, err)
    assert sha(lab) == before


def test_analyze_json_onto_its_scan_is_refused(tif, capsys):
    before = sha(tif)
    code, _, err = run(capsys, "analyze", tif, "--json", tif, "--quiet")
    _one_line_refusal(code, err)
    assert "scan being read" in err
    assert sha(tif) == before
    code, _, err = run(capsys, "analyze", tif, "--overlay", tif.with_suffix(".png"), "--quiet")
    assert code == 0, err


def test_analyze_masks_onto_the_scan_is_refused(tmp_path, capsys):
    rgb = np.full((120, 100, 3), 200, np.uint8)
    scan = tmp_path / "foxing.png"
    Image.fromarray(rgb).save(scan, dpi=(200, 200))
    before = sha(scan)
    code, _, err = run(capsys, "analyze", scan, "--masks", tmp_path, "--quiet")
    _one_line_refusal(code, err)
    assert sha(scan) == before


def test_convert_onto_its_own_scan_is_refused(tif, capsys):
    before = sha(tif)
    code, _, err = run(capsys, "convert", tif, tif)
    _one_line_refusal(code, err)
    assert sha(tif) == before
    # the same file by another spelling
    code, _, err = run(capsys, "convert", tif, tif.parent / "." / tif.name)
    _one_line_refusal(code, err)
    assert sha(tif) == before


@pytest.mark.parametrize("flag", ["--pdf", "--json", "--csv", "--annotations"])
def test_export_onto_a_device_is_refused_and_the_device_stays(lab, capsys, flag):
    code, _, err = run(capsys, "--db", lab, "export", "1", flag, os.devnull)
    _one_line_refusal(code, err)
    assert "a device" in err
    assert Path(os.devnull).is_char_device()


def test_special_files_are_refused(tif, tmp_path, capsys):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    for target in (os.devnull, fifo, tmp_path):
        code, _, err = run(capsys, "analyze", tif, "--json", target, "--quiet")
        _one_line_refusal(code, err)
    assert Path(os.devnull).is_char_device()


def test_symlink_targets_are_refused_and_left_alone(tif, tmp_path, capsys):
    real = tmp_path / "real.json"
    real.write_text("keep")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    code, _, err = run(capsys, "analyze", tif, "--json", link, "--quiet")
    _one_line_refusal(code, err)
    assert "symbolic link" in err
    assert link.is_symlink() and real.read_text() == "keep"
    # a link to the scan itself
    link2 = tmp_path / "copy.tif"
    link2.symlink_to(tif)
    before = sha(tif)
    code, _, err = run(capsys, "convert", tif, link2)
    _one_line_refusal(code, err)
    assert sha(tif) == before


def test_no_temporary_file_is_left_after_a_refusal_or_a_failure(tmp_path):
    protect(tmp_path / "in.tif", what="the scan being read")
    with pytest.raises(OutputError):
        write_bytes(tmp_path / "in.tif", b"x")
    # a stale temporary file of a killed process (no such pid) is cleaned by the next write
    stale = tmp_path / ".out.json.999999999-1.part"
    stale.write_bytes(b"half")
    write_bytes(tmp_path / "out.json", b"{}")
    assert (tmp_path / "out.json").read_bytes() == b"{}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_killed_demo_leaves_no_part_files(tmp_path, sig):
    out = tmp_path / "demo"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "conservator",
            "demo",
            str(out),
            "--count",
            "40",
            "--quiet",
            "--scale",
            "0.4",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (out.exists() and any(out.iterdir())):
        time.sleep(0.05)
    time.sleep(0.3)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode in (130, 143), err
    assert b"Traceback" not in err
    left = [p.name for p in out.iterdir() if p.name.endswith(".part") or p.name.startswith(".")]
    assert left == []


# --- backup ----------------------------------------------------------------------------------
def _tree(folder: Path) -> dict:
    return {str(p.relative_to(folder)): sha(p) for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    "dest",
    [
        "lab.db",  # the database itself
        "lab.db-wal",
        "lab.db.files",  # its files folder (the copy would land in lab.db.files/lab.db)
        "lab.db.files/masks",  # deeper: copying masks into masks, 600 folders deep
        "lab.db.files/masks/copy.db",
    ],
)
def test_backup_into_the_database_own_folders_is_refused(lab, capsys, dest):
    files = Path(f"{lab}.files")
    db_sha, files_before = sha(lab), _tree(files)
    code, _, err = run(capsys, "--db", lab, "backup", lab.parent / dest)
    _one_line_refusal(code, err)
    assert sha(lab) == db_sha
    assert _tree(files) == files_before
    assert max(len(p.relative_to(files).parts) for p in files.rglob("*")) <= 2


def test_backup_whose_files_folder_would_hold_the_database_is_refused(tmp_path, scan, capsys):
    inner = tmp_path / "store.files"
    inner.mkdir()
    db = inner / "lab.db"
    assert run(capsys, "--db", db, "items", "add", "A", "--title", "T")[0] == 0
    code, _, err = run(capsys, "--db", db, "backup", tmp_path / "store")
    _one_line_refusal(code, err)
    assert "overlap" in err


def test_a_good_backup_copies_database_and_masks(lab, tmp_path, capsys):
    (tmp_path / "bk").mkdir()
    code, out, err = run(capsys, "--db", lab, "backup", tmp_path / "bk")
    assert code == 0, err
    copy = tmp_path / "bk" / "lab.db"
    assert _tree(Path(f"{copy}.files")) == _tree(Path(f"{lab}.files"))
    code, out, _ = run(capsys, "--db", copy, "verify")
    assert code == 0 and out.startswith("intact")
    assert not [p for p in (tmp_path / "bk").rglob("*.part")]


def test_the_named_database_is_protected_even_for_commands_that_do_not_open_it(
    lab, tif, capsys, monkeypatch
):
    before = sha(lab)
    code, _, err = run(capsys, "--db", lab, "analyze", tif, "--json", lab, "--quiet")
    _one_line_refusal(code, err)
    monkeypatch.setenv("CONSERVATOR_DB", str(lab))
    code, _, err = run(capsys, "convert", tif, f"{lab}.files/copy.png")
    _one_line_refusal(code, err)
    assert sha(lab) == before
