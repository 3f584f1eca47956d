"""Progress of one long job: one tqdm bar with the time left on a terminal, plain lines else."""

import io

from conservator.cli.common import StderrProgress


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(stream) -> str:
    p = StderrProgress("analyze", stream=stream, interval=0.0)
    for i, step in enumerate(["reading the scan", "finding the leaf", "foxing", "done"]):
        for k in range(5):
            p((i * 5 + k + 1) / 20, step)
    return stream.getvalue()


def test_a_terminal_gets_one_bar_with_the_time_left():
    out = _run(_Tty())
    frames = [f for f in out.replace("\r", "\n").split("\n") if f.strip()]
    assert "100%" in frames[-1] and "<00:00" in frames[-1]  # elapsed<remaining
    assert "|" in frames[-1] and "done" in frames[-1]
    assert out.count("\n") <= 1  # one bar redrawn in place, not a line per step


def test_a_pipe_gets_plain_lines():
    out = _run(io.StringIO())
    lines = out.strip().splitlines()
    assert lines[0].startswith("analyze:") and lines[-1] == "analyze: 100% done"
    assert "\r" not in out and "|" not in out
