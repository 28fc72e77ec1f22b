"""``Template:`` must name a template of the theme."""

from __future__ import annotations

from pelican.generators import PelicanTemplateNotFound


def template_problem(generator, content) -> str | None:
    name = getattr(content, "template", None)
    if not name or name == content.default_template:
        return None
    try:
        generator.get_template(name)
    except PelicanTemplateNotFound:
        return (
            f"Template: {name!r} is not a template of the theme; remove the "
            "line to use the default layout"
        )
    return None
