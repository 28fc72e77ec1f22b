"""Stop before anything is written when the output would hold sources."""

from __future__ import annotations

import os
import sys

from sitekit.paths import inside


def check_output_folder(pelican) -> None:
    output = os.path.realpath(pelican.output_path)
    content = os.path.realpath(pelican.settings["PATH"])
    theme = os.path.realpath(pelican.settings["THEME"])
    problem = None
    if inside(output, content):
        problem = f"it is inside the content folder ({content})"
    elif inside(content, output):
        problem = f"it contains the content folder ({content})"
    elif inside(theme, output):
        problem = f"it contains the theme ({theme})"
    if problem:
        print(
            f"Refusing to build into {output}: {problem}. A build writes (and "
            "may delete) its output folder; choose a folder of its own, such "
            "as output/.",
            file=sys.stderr,
        )
        raise SystemExit(2)
