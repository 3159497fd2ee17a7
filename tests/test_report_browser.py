"""The HTML report in a real headless browser: it renders, with no console errors.

Needs Debian's chromium (``make test`` installs it in CI only). Without it the tests skip
on a developer's machine and fail in CI (``CI`` set), so that CI never passes untested.
The screenshots are kept in ``tests/out/`` for a person to look at.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ACCEPTANCE = ROOT.parent / "shared" / "acceptance" / "workspace"
OUT = ROOT / "tests" / "out"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

if CHROMIUM is None:
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed: CI must test the HTML report in a browser", pytrace=False)
    pytestmark = pytest.mark.skip(reason="chromium is not installed (apt-get install chromium)")

_CONSOLE = re.compile(r":CONSOLE(?::\d+)?\]\s*(.*)")


def screenshot(page: Path, png: Path, tmp_path: Path) -> list[str]:
    """Open the page headless, save a screenshot, and return what it wrote to the console."""
    assert CHROMIUM is not None
    command = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0",
        "--window-size=1280,2400", f"--screenshot={png}", page.as_uri(),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert png.is_file() and png.stat().st_size > 1000, done.stderr[-2000:]
    return [m.group(1) for line in done.stderr.splitlines() if (m := _CONSOLE.search(line))]


def render(workspace: Path, out: Path, *args: str) -> None:
    command = [sys.executable, "-m", "pmplan", "report", *args, "--format", "html", "-o", str(out),
               "--workspace", str(workspace)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_the_harness_sees_console_errors(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text('<!doctype html><html lang="en"><title>x</title><script>missing();</script></html>')
    messages = screenshot(page, tmp_path / "broken.png", tmp_path)
    assert any("missing is not defined" in m for m in messages)


@pytest.mark.skipif(not ACCEPTANCE.is_dir(), reason="the shared acceptance workspace is not beside the repo")
def test_acceptance_report_renders_without_console_errors(tmp_path: Path) -> None:
    page = tmp_path / "q2.html"
    render(ACCEPTANCE, page, "q2", "--as-of", "2025-11-20")
    OUT.mkdir(exist_ok=True)
    messages = screenshot(page, OUT / "report-acceptance-q2.png", tmp_path)
    assert messages == []


def test_example_council_report_renders_without_console_errors(tmp_path: Path) -> None:
    page = tmp_path / "q2.html"
    render(ROOT, page, "q2", "--year", "2026/27", "--as-of", "2026-11-25")
    OUT.mkdir(exist_ok=True)
    messages = screenshot(page, OUT / "report-example-q2.png", tmp_path)
    assert messages == []
