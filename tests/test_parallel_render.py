"""Rendering pages in forked processes changes nothing but the time it
takes: the same bytes, the same messages (once each), the same failures."""

from __future__ import annotations

import logging
import os
import shutil

from conftest import ROOT, assert_same_tree, build_site
from jinja2 import Environment
from site_writer.parallel_render import RenderJob, render_all

PARALLEL = {"RENDER_WORKERS": 2, "RENDER_MIN_PAGES": 1}
SERIAL = {"RENDER_WORKERS": 0}
WIDE_LOG = {**os.environ, "COLUMNS": "400"}


def test_parallel_and_serial_rendering_write_the_same_site(tmp_path, extended_content):
    serial = build_site(tmp_path / "serial", content=extended_content, extra=SERIAL)
    parallel = build_site(
        tmp_path / "parallel", content=extended_content, extra=PARALLEL
    )
    assert serial.returncode == parallel.returncode == 0, parallel.stderr
    assert_same_tree(tmp_path / "serial", tmp_path / "parallel")
    assert len(list((tmp_path / "parallel").rglob("*.html"))) > 20


def broken_theme(folder):
    """The site's theme, with a template that fails on one post only."""
    theme = folder / "theme"
    shutil.copytree(ROOT / "theme", theme)
    article = theme / "templates" / "article.html"
    text = article.read_text("utf-8")
    marker = "{% block content %}"
    assert marker in text
    article.write_text(
        text.replace(
            marker,
            marker + "{% if article.slug.endswith('funnel-from-the-bottom-up') %}"
            "{{ no_such_thing.attribute }}{% endif %}",
            1,
        ),
        "utf-8",
    )
    return theme


def test_a_template_failing_in_a_forked_process_fails_the_build_alike(tmp_path):
    theme = broken_theme(tmp_path)
    results = {
        name: build_site(
            tmp_path / name,
            extra={**extra, "THEME": str(theme)},
            env=WIDE_LOG,
        )
        for name, extra in (("serial", SERIAL), ("parallel", PARALLEL))
    }
    for result in results.values():
        assert result.returncode != 0
        assert "'no_such_thing' is undefined" in result.stdout + result.stderr


def test_messages_logged_while_rendering_reach_the_build(tmp_path, caplog):
    log = logging.getLogger("theme.test")

    def note(text):
        log.warning("rendered %s in process %s", text, os.getpid())
        return text

    environment = Environment()
    environment.globals["note"] = note
    template = environment.from_string("<p>{{ note(name) }}</p>")
    jobs = [
        RenderJob(template, {"name": f"page {n}"}, str(tmp_path / f"{n}.html"), "utf-8")
        for n in range(6)
    ]
    with caplog.at_level(logging.WARNING, logger="theme.test"):
        render_all(jobs, PARALLEL)
    messages = [r.getMessage() for r in caplog.records if r.name == "theme.test"]
    assert sorted(m.split(" in process")[0] for m in messages) == sorted(
        f"rendered page {n}" for n in range(6)
    )
    processes = {m.rsplit(" ", 1)[1] for m in messages}
    assert len(processes) == 2, processes  # this one and a forked one
    for n in range(6):
        assert (tmp_path / f"{n}.html").read_text("utf-8") == f"<p>page {n}</p>"
