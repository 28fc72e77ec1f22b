"""Never copy a static file whose real path is outside content/ (a symlink
in content/data/ to a private file, or to a folder on its path)."""

from __future__ import annotations

import logging
import os

from sitekit.paths import inside

from .messages import guard

logger = logging.getLogger(__name__)


def check_static_files(generator) -> None:
    """Never copy a file whose real path is outside content/."""
    kept = []
    output = guard.output_root
    for static in generator.staticfiles:
        source = static.source_path
        target = os.path.normpath(os.path.join(output, static.save_as))
        if guard.inside_content(source) and inside(target, output):
            kept.append(static)
            continue
        lexical = os.path.normpath(os.path.abspath(source))
        if inside(lexical, os.path.abspath(generator.path)) or inside(
            lexical, guard.content_root
        ):
            # In content/ by name, elsewhere in fact: a symlink (to the file
            # or to a folder on its path) that leads out.
            relative = os.path.relpath(lexical, os.path.abspath(generator.path))
            guard.error(
                source,
                None,
                "a link to a file outside the content folder; it is not "
                "published (copy the file into content/ instead)",
                shown=os.path.basename(guard.content_root)
                + "/"
                + relative.replace(os.sep, "/"),
            )
        else:
            logger.debug("Not publishing %s: outside the content folder", source)
        static_content = generator.context.get("static_content", {})
        for key in [k for k, v in static_content.items() if v is static]:
            del static_content[key]
    generator.staticfiles[:] = kept
