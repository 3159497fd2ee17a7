"""The HTML report in a real headless browser, as a resident would read it on a phone (390 px)
and on a desktop (1280 px): no console errors, no table cell too narrow to read, no word broken
inside, a page no more than three times as tall on the phone, the charts there, and no
accessibility violation found by axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA). The audit
committee's tracker (``pmplan report audit --format html``) is held to the same checks.

Needs Debian's chromium, Playwright (a dev dependency; it drives that chromium, it downloads
no browser of its own) and axe-core (``npm ci`` puts it in ``node_modules``; ``make test`` does
so where npm is installed). Without them the tests skip and say why, on a developer's machine;
in CI (``CI`` set) they fail, so that CI never passes untested. Screenshots are kept in
``tests/out/`` for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
ACCEPTANCE = ROOT.parent / "shared" / "acceptance" / "workspace"
OUT = ROOT / "tests" / "out"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync", "--disable-quic"]  # fmt: skip
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE, DESKTOP = 390, 1280
LEAST_CELL_PX = 60


def _missing() -> str | None:
    if CHROMIUM is None:
        return "chromium is not installed (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[dev]')"
    return None


if (_reason := _missing()) is not None:
    if os.environ.get("CI"):
        pytest.fail(f"{_reason}: CI must test the HTML report in a browser", pytrace=False)
    pytestmark = pytest.mark.skip(reason=_reason)


def needs_axe() -> str:
    if not AXE.is_file():
        if os.environ.get("CI"):
            pytest.fail("axe-core is not installed (npm ci): CI must check the HTML report's accessibility")
        pytest.skip("axe-core is not installed: run npm ci (make test does where npm is installed)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


def render(workspace: Path, out: Path, *args: str) -> Path:
    command = [sys.executable, "-m", "pmplan", "report", *args, "--format", "html", "-o", str(out),
               "--workspace", str(workspace)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return out


class Opened:
    """A page at one width: its console messages, and what the checks read from it."""

    def __init__(self, browser: Any, page: Path, width: int) -> None:
        self.messages: list[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.page.on(
            "console", lambda m: self.messages.append(m.text) if m.type in ("error", "warning") else None
        )
        self.page.on("pageerror", lambda e: self.messages.append(str(e)))
        self.page.goto(page.as_uri())
        self.width = width

    def height(self) -> int:
        return int(self.page.evaluate("document.documentElement.scrollHeight"))

    def page_width(self) -> int:
        return int(self.page.evaluate("document.documentElement.scrollWidth"))

    def narrow_cells(self) -> list[str]:
        """Table cells with text narrower than :data:`LEAST_CELL_PX` (tables inside a closed
        ``details`` are not shown, so not measured)."""
        return list(self.page.evaluate(
            """least => Array.from(document.querySelectorAll('td, th'))
                .filter(c => c.textContent.trim() && c.getClientRects().length && !c.closest('details:not([open])'))
                .filter(c => c.getBoundingClientRect().width < least)
                .map(c => `${Math.round(c.getBoundingClientRect().width)}px: ${c.textContent.trim().slice(0, 40)}`)""",
            LEAST_CELL_PX,
        ))  # fmt: skip

    def broken_words(self) -> list[str]:
        """Words wider than the cell that holds them (so broken inside), but for unbroken
        tokens of more than 30 characters, which may break where they must."""
        return list(self.page.evaluate(
            """() => {
                const canvas = document.createElement('canvas').getContext('2d');
                const found = [];
                for (const cell of document.querySelectorAll('td, th')) {
                    if (!cell.getClientRects().length || cell.closest('details:not([open])')) continue;
                    const style = getComputedStyle(cell);
                    const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
                    for (const element of [cell, ...cell.querySelectorAll('*')]) {
                        const own = Array.from(element.childNodes).filter(n => n.nodeType === 3).map(n => n.textContent).join(' ');
                        if (!own.trim()) continue;
                        const s = getComputedStyle(element);
                        canvas.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
                        const extra = element === cell ? 0 : parseFloat(s.paddingLeft) + parseFloat(s.paddingRight)
                            + parseFloat(s.borderLeftWidth) + parseFloat(s.borderRightWidth);
                        for (const word of own.split(/[ \\t\\n]+/)) {
                            if (!word || word.length > 30) continue;
                            if (canvas.measureText(word).width + extra > room + 1) found.push(`${word} in ${Math.round(room)}px`);
                        }
                    }
                }
                return found;
            }"""
        ))  # fmt: skip

    def axe(self, script: str) -> list[str]:
        self.page.add_script_tag(content=script)
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        return [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"]
        ]

    def screenshot(self, name: str) -> None:
        OUT.mkdir(exist_ok=True)
        self.page.screenshot(path=str(OUT / name), full_page=True)


@pytest.fixture(scope="module")
def example_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("html")
    return render(ROOT, folder / "q2.html", "q2", "--year", "2026/27", "--as-of", "2026-11-25")


def test_the_harness_sees_console_errors_and_narrow_cells(browser: Any, tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text(
        '<!doctype html><html lang="en"><title>x</title><script>missing();</script>'
        '<table style="width: 200px; table-layout: fixed"><tr><td>a</td><td>b</td><td>c</td>'
        '<td style="overflow-wrap: anywhere">Households</td></tr></table></html>'
    )
    opened = Opened(browser, page, PHONE)
    assert any("missing is not defined" in m for m in opened.messages)
    assert len(opened.narrow_cells()) == 4
    assert [w.split(" in ")[0] for w in opened.broken_words()] == ["Households"]


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_example_report_reads_on_every_screen(browser: Any, example_page: Path, width: int) -> None:
    opened = Opened(browser, example_page, width)
    assert opened.messages == []
    assert opened.page_width() <= width  # only the tables' own regions scroll sideways
    assert opened.narrow_cells() == []
    assert opened.broken_words() == []
    charts = opened.page.locator("svg.chart[role=img]")
    assert charts.count() >= 4
    assert opened.page.locator("svg.chart title").count() == charts.count()
    assert opened.page.locator("figure details table").count() == charts.count()
    assert opened.page.locator('a[href^="mailto:"]').count() == 1
    opened.screenshot(f"report-example-q2-{width}.png")


def test_phone_page_is_no_taller_than_three_desktop_pages(browser: Any, example_page: Path) -> None:
    phone, desktop = Opened(browser, example_page, PHONE), Opened(browser, example_page, DESKTOP)
    assert phone.height() <= 3 * desktop.height(), (phone.height(), desktop.height())


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_no_accessibility_violations(browser: Any, example_page: Path, width: int) -> None:
    script = needs_axe()
    assert Opened(browser, example_page, width).axe(script) == []


@pytest.mark.skipif(not ACCEPTANCE.is_dir(), reason="the shared acceptance workspace is not beside the repo")
def test_acceptance_report_in_the_browser(browser: Any, tmp_path: Path) -> None:
    page = render(ACCEPTANCE, tmp_path / "q2.html", "q2", "--as-of", "2025-11-20")
    for width in (PHONE, DESKTOP):
        opened = Opened(browser, page, width)
        assert opened.messages == []
        assert opened.narrow_cells() == []
        assert opened.broken_words() == []
    if AXE.is_file():
        assert opened.axe(AXE.read_text(encoding="utf-8")) == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_printing_leaves_no_page_nearly_empty(browser: Any, example_page: Path, tmp_path: Path) -> None:
    opened = Opened(browser, example_page, DESKTOP)
    pdf = tmp_path / "printed.pdf"
    opened.page.pdf(path=str(pdf), prefer_css_page_size=True)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, timeout=60).stdout
    pages = text.split("\f")[:-1]
    words = [len(page.split()) for page in pages]
    assert len(words) > 10
    assert all(count >= 40 for count in words[:-1]), words  # the last page may be short


@pytest.fixture(scope="module")
def audit_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("audit-html")
    return render(ROOT, folder / "audit.html", "audit", "--as-of", "2026-12-03")


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_audit_tracker_reads_on_every_screen(browser: Any, audit_page: Path, width: int) -> None:
    opened = Opened(browser, audit_page, width)
    assert opened.messages == []
    assert opened.page_width() <= width
    assert opened.narrow_cells() == []
    assert opened.broken_words() == []
    assert opened.page.locator("table").count() >= 8
    opened.screenshot(f"audit-tracker-{width}.png")


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_audit_tracker_has_no_accessibility_violations(browser: Any, audit_page: Path, width: int) -> None:
    script = needs_axe()
    assert Opened(browser, audit_page, width).axe(script) == []
