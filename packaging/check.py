"""Check a built package (``make package-check``): run the frozen programs like a user would.

Runs, against ``dist/conservator-app/`` and with nothing from the source checkout on the path
(clean environment, temporary HOME, working folder outside the checkout):

1. ``conservator-app --version`` and ``conservator --version``;
2. ``conservator-selftest OUT``: a demo page made by the bundled ``conservator.demo``, the bundled
   analysis, a record in a new database, PDF reports in English and Persian through the bundled
   ``conservator.report.pdf``, the main window grabbed offscreen, every interface language
   loaded (see ``packaging/selftest.py``); the PDFs are then read back with ``pdftotext`` /
   ``pdffonts`` when poppler is installed;
3. the frozen command line end to end: ``demo``, ``info``, ``analyze --json``, ``items add``,
   ``assess``, ``export --pdf`` (Russian + Kazakh);
4. ``conservator-app SCAN`` opened offscreen (and under ``xvfb-run`` with the bundled xcb plugin
   when available): it must stay up without an error;
5. the folder size (fails above :data:`SIZE_LIMIT_MB`) and, on Linux, the tarball: its contents,
   and ``install.sh`` / the installed programs / ``uninstall.sh`` in a temporary HOME.

Usage::

    python packaging/check.py [--dist dist] [--keep DIR] [--no-xvfb]

Exit code 0 when everything passed, 1 when a check failed, 2 when there is no build.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import build as pkg  # noqa: E402  (packaging/build.py: names and sizes)

#: The bundle may grow a little with the application; above this the check fails.
SIZE_LIMIT_MB = 520
#: Seconds the app must stay up with a scan open.
APP_UP_SECONDS = 8


class Checker:
    def __init__(self, folder: Path, work: Path, use_xvfb: bool):
        self.folder = folder
        self.work = work
        self.use_xvfb = use_xvfb
        self.failures: list[str] = []
        self.exe_suffix = ".exe" if sys.platform == "win32" else ""
        home = work / "home"
        for sub in ("", ".config", ".cache", ".local/share"):
            (home / sub).mkdir(parents=True, exist_ok=True)
        env = {
            k: v
            for k, v in os.environ.items()
            if k
            not in (
                "PYTHONPATH",
                "PYTHONHOME",
                "PYTHONSTARTUP",
                "VIRTUAL_ENV",
                "CONSERVATOR_RESOURCES",
                "CONSERVATOR_DEBUG",
            )
        }
        venv_bin = str(Path(sys.executable).parent)
        env["PATH"] = os.pathsep.join(
            p for p in env.get("PATH", "").split(os.pathsep) if p and p != venv_bin
        )
        env.update(
            HOME=str(home),
            USERPROFILE=str(home),
            XDG_CONFIG_HOME=str(home / ".config"),
            XDG_CACHE_HOME=str(home / ".cache"),
            XDG_DATA_HOME=str(home / ".local/share"),
            CONSERVATOR_DB=str(work / "cli" / "records.db"),
            CONSERVATOR_CACHE_DIR=str(work / "cache"),
            QT_QPA_PLATFORM="offscreen",
        )
        self.env = env

    # -- helpers ----------------------------------------------------------------------------------
    def exe(self, name: str) -> Path:
        return self.folder / f"{name}{self.exe_suffix}"

    def result(self, name: str, ok: bool, detail: str) -> bool:
        print(f"{'ok' if ok else 'FAIL'} {name}: {detail}", flush=True)
        if not ok:
            self.failures.append(name)
        return ok

    def run(self, args: list, *, timeout: int = 600, env=None, cwd=None):
        return subprocess.run(
            [str(a) for a in args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env or self.env,
            cwd=cwd or self.work,
        )

    # -- checks -----------------------------------------------------------------------------------
    def versions(self) -> None:
        want = pkg.version()
        for name in (pkg.APP_EXE, pkg.CLI_EXE):
            path = self.exe(name)
            if not path.exists():
                self.result(f"{name} --version", False, f"{path.name} is missing from the build")
                continue
            proc = self.run([path, "--version"], timeout=120)
            out = (proc.stdout + proc.stderr).strip()
            self.result(
                f"{name} --version",
                proc.returncode == 0 and want in out,
                out or f"exit {proc.returncode}",
            )

    def selftest(self) -> None:
        out = self.work / "selftest"
        required = [
            step
            for step, marker in (
                ("demo", "conservator/demo/__init__.py"),
                ("analysis", "conservator/analysis/__init__.py"),
                ("records", "conservator/storage/__init__.py"),
                ("pdf", "conservator/report/pdf.py"),
            )
            if (ROOT / marker).exists()
        ]
        t0 = time.monotonic()
        proc = self.run(
            [self.exe(pkg.SELFTEST_EXE), out, "--require", ",".join(required)], timeout=900
        )
        seconds = time.monotonic() - t0
        for line in proc.stdout.splitlines():
            print(f"    {line}")
        summary = out / "selftest.json"
        if not summary.exists():
            self.result(
                "selftest", False, f"no result (exit {proc.returncode}): {proc.stderr[-800:]}"
            )
            return
        data = json.loads(summary.read_text(encoding="utf-8"))
        bad = [s["step"] for s in data["steps"] if s["status"] != "ok"]
        self.result(
            "selftest",
            proc.returncode == 0 and data["frozen"],
            f"{len(data['steps']) - len(bad)}/{len(data['steps'])} steps ok in {seconds:.0f} s"
            + (f", not ok: {bad} (tracebacks in {out})" if bad else ""),
        )
        self.pdf_text(out / "report-en.pdf", must_contain=["ST-1"], fonts=["NotoSans"])
        self.pdf_text(out / "report-fa.pdf", must_contain=["ST-1"], fonts=["Vazirmatn"])

    def pdf_text(self, pdf: Path, *, must_contain: list[str], fonts: list[str]) -> None:
        if not pdf.exists():
            return  # already reported by the self-test
        if not (shutil.which("pdftotext") and shutil.which("pdffonts")):
            self.result(f"read {pdf.name}", True, "poppler-utils not installed: not read back")
            return
        text = self.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], timeout=120).stdout
        listing = self.run(["pdffonts", pdf], timeout=120).stdout
        missing = [s for s in must_contain if s not in text]
        lines = listing.splitlines()[2:]
        not_embedded = [ln.split()[0] for ln in lines if ln.split()[-5:-4] != ["yes"]]
        no_font = [f for f in fonts if f not in listing]
        self.result(
            f"read {pdf.name}",
            not missing and not no_font and not not_embedded,
            f"{len(text)} characters of text, fonts {sorted({ln.split()[0] for ln in lines})}"
            + (f"; missing text {missing}" if missing else "")
            + (f"; missing fonts {no_font}" if no_font else "")
            + (f"; not embedded {not_embedded}" if not_embedded else ""),
        )

    def cli(self) -> Path | None:
        cli = self.exe(pkg.CLI_EXE)
        demo = self.work / "cli" / "demo"
        steps = [
            ("demo", [cli, "demo", demo, "--count", "1", "--seed", "3", "--quiet"]),
            ("info", [cli, "info", demo / "page-001.tif"]),
            (
                "analyze",
                [cli, "analyze", demo / "page-001.tif", "--json", self.work / "cli" / "a.json"],
            ),
            ("items add", [cli, "items", "add", "INV-7", "--title", "Дәптер / Тетрадь"]),
            (
                "assess",
                [cli, "assess", demo / "page-001.tif", "--item", "INV-7", "--examiner", "Check"],
            ),
            (
                "export --pdf",
                [
                    cli,
                    "export",
                    "1",
                    "--pdf",
                    self.work / "cli" / "report-ru-kk.pdf",
                    "--lang",
                    "ru",
                    "--second-lang",
                    "kk",
                ],
            ),
        ]
        (self.work / "cli").mkdir(exist_ok=True)
        for name, args in steps:
            t0 = time.monotonic()
            proc = self.run(args)
            detail = (proc.stdout.strip().splitlines() or [""])[-1][:160]
            ok = proc.returncode == 0 and "Traceback" not in proc.stderr
            if not ok:
                detail = f"exit {proc.returncode}: {proc.stderr.strip()[-600:]}"
            if not self.result(f"cli {name}", ok, f"{detail} [{time.monotonic() - t0:.1f} s]"):
                return None
        data = json.loads((self.work / "cli" / "a.json").read_text(encoding="utf-8"))
        self.result(
            "cli analyze json",
            set(data.get("detectors", {})) == {"foxing", "loss", "tear", "fading"},
            f"detectors {sorted(data.get('detectors', {}))}",
        )
        self.pdf_text(
            self.work / "cli" / "report-ru-kk.pdf", must_contain=["INV-7"], fonts=["NotoSans"]
        )
        return demo / "page-001.tif"

    def app_opens(self, scan: Path | None) -> None:
        """``conservator-app SCAN`` offscreen: it must stay up without printing an error."""
        args = [self.exe(pkg.APP_EXE)] + ([scan] if scan else [])
        log = self.work / "app-offscreen.log"
        with open(log, "w", encoding="utf-8") as fh:
            proc = subprocess.Popen(
                [str(a) for a in args],
                stdout=fh,
                stderr=subprocess.STDOUT,
                env=self.env,
                cwd=self.work,
                start_new_session=True,
            )
            try:
                code = proc.wait(timeout=APP_UP_SECONDS)
            except subprocess.TimeoutExpired:
                code = None
            finally:
                if proc.poll() is None:
                    _terminate(proc)
        text = log.read_text(encoding="utf-8", errors="replace")
        bad = [ln for ln in text.splitlines() if "Traceback" in ln or ln.startswith("error:")]
        self.result(
            "conservator-app SCAN (offscreen)",
            code is None and not bad,
            f"stayed up {APP_UP_SECONDS} s"
            if code is None and not bad
            else f"exit {code}: {text.strip()[-800:]}",
        )

    def app_on_x11(self, scan: Path | None) -> None:
        """``conservator-app SCAN`` on an X server (bundled xcb plugin): its window shows the scan.

        Needs ``xvfb-run`` (skipped otherwise); the window list comes from ``xwininfo`` and a
        screenshot from ImageMagick's ``import`` when they are installed.
        """
        if not self.use_xvfb or sys.platform != "linux" or not shutil.which("xvfb-run"):
            return
        winlist = self.work / "app-x11-windows.txt"
        shot = self.work / "app-x11.png"
        # Start the app, wait for a window titled with the scan's name (time to window), let
        # it run two more seconds, then list the windows, take a screenshot and stop it.
        script = (
            'QT_QPA_PLATFORM=xcb "$0" ${1:+"$1"} & P=$!; T0=$(date +%s%N); N=0; '
            'NAME=$(basename "${1:-none}"); '
            "while [ $N -lt $(( $4 * 4 )) ]; do "
            '  if [ -n "$1" ] && xwininfo -root -tree 2>/dev/null | grep -qF "$NAME"; then '
            '    echo "APP-WINDOW-MS $(( ($(date +%s%N) - T0) / 1000000 ))"; break; fi; '
            "  sleep 0.25; N=$((N + 1)); done; sleep 2; "
            "if kill -0 $P 2>/dev/null; then echo APP-ALIVE; fi; "
            'xwininfo -root -tree > "$2" 2>&1; import -window root "$3" 2>/dev/null; '
            "kill $P 2>/dev/null; wait $P 2>/dev/null; exit 0"
        )
        args = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", "sh", "-c", script]
        args += [self.exe(pkg.APP_EXE), scan or "", winlist, shot, APP_UP_SECONDS * 4]
        proc = self.run(args, timeout=APP_UP_SECONDS * 4 + 60)
        out = proc.stdout + proc.stderr
        bad = [ln for ln in out.splitlines() if "Traceback" in ln or ln.startswith("error:")]
        titles = []
        if winlist.exists():
            titles = re.findall(r'^\s*0x[0-9a-f]+ "([^"]*)"', winlist.read_text(), re.M)
        shown = [t for t in titles if scan is not None and scan.name in t]
        started = re.search(r"APP-WINDOW-MS (\d+)", out)
        when = f" after {int(started.group(1)) / 1000:.1f} s" if started else ""
        ok = "APP-ALIVE" in out and not bad
        ok = ok and (scan is None or bool(shown) or not shutil.which("xwininfo"))
        self.result(
            "conservator-app SCAN (X11, xcb plugin)",
            bool(ok),
            f"windows {shown or titles}{when}"
            + (f", screenshot {shot.name}" if shot.exists() else "")
            if ok
            else f"windows {titles}; output: {out.strip()[-800:]}",
        )

    def tarball(self) -> None:
        """The Linux tarball holds the folder with its installer and desktop files."""
        if sys.platform != "linux":
            return
        import platform
        import tarfile

        name = f"conservator-{pkg.version()}-linux-{platform.machine()}"
        path = self.folder.parent / f"{name}.tar.gz"
        if not path.exists():
            self.result("tarball", False, f"{path.name} missing (make package writes it)")
            return
        with tarfile.open(path) as tar:
            names = set(tar.getnames())
        want = [
            f"{name}/{pkg.APP_EXE}",
            f"{name}/{pkg.CLI_EXE}",
            f"{name}/install.sh",
            f"{name}/share/applications/{pkg.APP_ID}.desktop",
            f"{name}/share/metainfo/{pkg.APP_ID}.metainfo.xml",
            f"{name}/share/icons/hicolor/256x256/apps/{pkg.APP_ID}.png",
            f"{name}/_internal/licenses/THIRD-PARTY.txt",
        ]
        missing = [w for w in want if w not in names]
        self.result(
            "tarball",
            not missing,
            f"{path.name}: {path.stat().st_size / 1e6:.0f} MB, {len(names)} entries"
            + (f"; missing {missing}" if missing else ""),
        )

    def install_from_tarball(self) -> None:
        """Unpack the tarball, ``install.sh`` into a temporary HOME, run the installed programs
        through their links in ``~/.local/bin``, then ``uninstall.sh``."""
        if sys.platform != "linux":
            return
        import platform
        import tarfile

        name = f"conservator-{pkg.version()}-linux-{platform.machine()}"
        path = self.folder.parent / f"{name}.tar.gz"
        if not path.exists():
            return  # reported by tarball()
        unpack = self.work / "unpack"
        with tarfile.open(path) as tar:
            tar.extractall(unpack, filter="tar")
        home = self.work / "install-home"
        home.mkdir()
        env = {**self.env, "HOME": str(home), "XDG_DATA_HOME": str(home / ".local/share")}
        steps = []
        proc = self.run(["sh", unpack / name / "install.sh"], env=env, timeout=300)
        steps.append(("install.sh", proc))
        links = home / ".local" / "bin"
        if proc.returncode == 0:
            for exe in (pkg.CLI_EXE, pkg.APP_EXE):
                steps.append(
                    (f"~/.local/bin/{exe} --version", self.run([links / exe, "--version"], env=env))
                )
            prefix = home / ".local" / "opt" / "conservator"
            steps.append(("uninstall.sh", self.run(["sh", prefix / "uninstall.sh"], env=env)))
        bad = [
            f"{what}: exit {p.returncode} {p.stderr.strip()[-300:]}"
            for what, p in steps
            if p.returncode
        ]
        desktop = home / ".local/share/applications" / f"{pkg.APP_ID}.desktop"
        leftovers = [p for p in (links / pkg.APP_EXE, desktop) if p.exists() or p.is_symlink()]
        self.result(
            "install from tarball",
            not bad and not leftovers,
            "; ".join(bad)
            or (f"left behind {leftovers}" if leftovers else "")
            or f"install.sh, {', '.join(w for w, _ in steps[1:-1])}, uninstall.sh",
        )

    def size(self) -> None:
        total = pkg.folder_size(self.folder)
        top = ", ".join(f"{name} {n / 1e6:.0f}" for name, n in pkg.size_breakdown(self.folder, 8))
        self.result(
            "size",
            total <= SIZE_LIMIT_MB * 1e6,
            f"{total / 1e6:.0f} MB (limit {SIZE_LIMIT_MB} MB); biggest, MB: {top}",
        )


def _terminate(proc: subprocess.Popen) -> None:
    """Stop the program we started (and its children: xvfb-run starts Xvfb)."""
    import signal

    try:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGTERM)
        else:
            proc.terminate()
        proc.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        if hasattr(os, "killpg"):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        else:
            proc.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", default=str(ROOT / "dist"), help="folder holding the build")
    parser.add_argument("--keep", metavar="DIR", help="write the outputs here and keep them")
    parser.add_argument("--no-xvfb", action="store_true", help="skip the run under xvfb-run")
    args = parser.parse_args(argv)
    folder = Path(args.dist).resolve() / pkg.DIST_NAME
    if not (folder / "_internal").is_dir():
        print(f"error: no built package in {folder}: run 'make package' first", file=sys.stderr)
        return 2
    tmp = None
    if args.keep:
        work = Path(args.keep).resolve()
        if work.exists():
            shutil.rmtree(work)
        work.mkdir(parents=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="conservator-package-check-")
        work = Path(tmp.name)
    t0 = time.monotonic()
    try:
        checker = Checker(folder, work, use_xvfb=not args.no_xvfb)
        checker.versions()
        checker.selftest()
        scan = checker.cli()
        checker.app_opens(scan)
        checker.app_on_x11(scan)
        checker.size()
        checker.tarball()
        checker.install_from_tarball()
    finally:
        if tmp is not None:
            tmp.cleanup()
    took = time.monotonic() - t0
    if checker.failures:
        print(f"package check FAILED ({', '.join(checker.failures)}) in {took:.0f} s")
        return 1
    print(f"package check passed in {took:.0f} s ({folder})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
