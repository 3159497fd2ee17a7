"""A council's report templates run in Jinja's sandbox.

In a repository where plans (and templates) arrive by pull request, a template that could
run Python would be code execution in CI. Templates may lay out the report's data; they
cannot reach Python's internals, change the data, build unbounded strings or numbers, or
read files outside their folder.
"""

from __future__ import annotations

import pytest

from plan_fixtures import AS_OF_TEXT, invoke


def report(root, *args: str):
    return invoke("report", "q2", *args, "--as-of", AS_OF_TEXT, "-w", str(root))


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "{{ report.__class__.__mro__ }}",
            "access to attribute '__class__' of 'ReportView' object is unsafe",
        ),
        (
            "{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}",
            "access to attribute '__init__'",
        ),
        ("{{ lipsum.__globals__['os'].system('touch PWNED') }}", "access to attribute '__globals__'"),
        ("{{ self._TemplateReference__context }}", "is unsafe"),
        ("{{ report.plans.append(1) }}", "append"),
        ("{{ ''.__class__.__subclasses__() }}", "access to attribute '__class__' of 'str' object is unsafe"),
        ("{{ '{0.__class__}'.format(report) }}", "is unsafe"),
        ("{{ 'x' * 1000000000 }}", "too long a string or list"),
        ("{{ 2 ** 100000000 }}", "too large a number"),
        ("{% for i in range(10 ** 9) %}{% endfor %}", "Range too big"),
    ],
)
def test_a_template_that_reaches_for_python_is_refused(
    make_workspace, tmp_path, monkeypatch, template, message
):
    monkeypatch.chdir(tmp_path)
    root = make_workspace({"templates/report.md.j2": f"Report\n{template}\n"})
    result = report(root)
    assert result.exit_code == 2, result.stdout
    assert "report.md.j2, line 2" in result.stderr, result.stderr
    assert message in result.stderr
    assert not (tmp_path / "PWNED").exists()


def test_the_message_says_why(make_workspace):
    root = make_workspace({"templates/report.md.j2": "{{ report.__class__ }}"})
    assert report(root).stderr.endswith(
        "not allowed: access to attribute '__class__' of 'ReportView' object is unsafe. Templates run in "
        "a sandbox: they lay out the report's data and cannot reach into Python\n"
    )


def test_a_given_template_is_sandboxed_too(make_workspace, tmp_path):
    mine = tmp_path / "mine.html.j2"
    mine.write_text("{{ report.__class__ }}", encoding="utf-8")
    result = report(
        make_workspace(), "--format", "html", "--template", str(mine), "-o", str(tmp_path / "r.html")
    )
    assert result.exit_code == 2
    assert "is unsafe" in result.stderr
    assert not (tmp_path / "r.html").exists()


def test_a_template_cannot_include_a_file_outside_its_folder(make_workspace, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("the password", encoding="utf-8")
    root = make_workspace({"templates/report.md.j2": "{% include 'notes.j2' %}\n"})
    (root / "templates/notes.j2").symlink_to(secret)
    result = report(root)
    assert result.exit_code == 2
    assert "the password" not in result.stdout
    assert f"is a link to {secret.resolve()}, outside its folder" in result.stderr
    root = make_workspace({"templates/report.md.j2": "{% include '../pmplan.yaml' %}\n"})
    result = report(root)
    assert result.exit_code == 2 and "organisation" not in result.stdout


def test_html_is_autoescaped_and_layout_still_works(make_workspace, tmp_path):
    root = make_workspace(
        {
            "templates/report.html.j2": (
                "<h1>{{ report.organisation }}</h1>{{ '<script>' }}"
                "{% for p in report.plans %}<p>{{ p.title | upper }}</p>{% endfor %}"
                "{% set n = report.plans | length %}{{ n * 2 }}"
            ),
            "pmplan.yaml": "organisation: <b>Test</b> Council\n",
        }
    )
    out = tmp_path / "r.html"
    result = report(root, "--format", "html", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8") == (
        "<h1>&lt;b&gt;Test&lt;/b&gt; Council</h1>&lt;script&gt;<p>PERFORMANCE MANAGEMENT ACTION PLAN</p>2"
    )
