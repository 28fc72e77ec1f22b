"""Templates are compiled once and kept in the cache; an edited template is
compiled afresh (its cache entry is keyed by its source)."""

from __future__ import annotations

from incremental_site import Project


def test_compiled_templates_are_kept_and_an_edit_is_seen(tmp_path):
    project = Project(tmp_path)
    project.rebuild()
    compiled = list(project.cache.rglob("templates/__jinja2_*.cache"))
    assert len(compiled) >= 10, compiled
    project.replace(
        "theme/templates/base.html", "</footer>", "<p>Edited footer line</p></footer>"
    )
    project.rebuild()
    home = (project.output / "index.html").read_text("utf-8")
    assert "Edited footer line" in home
    assert project.differences() == ""
