"""What the charts of the pages a build writes publish: files and findings.

For each post or page the build writes, each drawn chart

- asks for its raw CSV to be copied (``download: raw``), through
  sitekit.published_data, which content_guard reads;
- adds its generated CSV to the files written at the end of the build,
  declared as an output (sitekit.outputs) so the sweep keeps it, and linked
  with ``{filename}/data/x.<hash>.csv``, which Pelican resolves against the
  entry made here in its ``generated_content``;
- reports the columns that look like personal data: a warning in a
  development build, an error (which fails it) in a publish build
  (``PERSONAL_DATA = "refuse"``), unless PERSONAL_DATA_ALLOWED names them.

Posts the build does not write (drafts a publish build leaves out, posts
scheduled for later) are drawn, so their errors still show, but publish
nothing.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from sitekit import outputs, published_data

from .personal_data import NOTES, Finding
from .published import ChartFiles

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class GeneratedFile:
    """What Pelican needs of a linked content: its URL."""

    url: str


def parse_allowed(entries) -> set[tuple[str | None, str]]:
    """PERSONAL_DATA_ALLOWED: "Column" (in any file) or "data/x.csv: Column"."""
    allowed = set()
    for entry in entries or ():
        text = str(entry)
        head, colon, tail = text.partition(":")
        if colon and head.strip().lower().endswith((".csv", ".tsv")):
            allowed.add((head.strip().lstrip("/"), tail.strip().casefold()))
        else:
            allowed.add((None, text.strip().casefold()))
    return allowed


@dataclass
class Publication:
    refuse: bool = False
    allowed: set = field(default_factory=set)
    files: dict[str, str] = field(default_factory=dict)

    def configure(self, settings: dict) -> None:
        mode = str(settings.get("PERSONAL_DATA", "warn"))
        if mode not in ("warn", "refuse"):
            logger.error(
                "pelicanconf.py: PERSONAL_DATA is %r; use 'warn' or 'refuse'", mode
            )
        self.refuse = mode != "warn"
        self.allowed = parse_allowed(settings.get("PERSONAL_DATA_ALLOWED"))
        self.files = {}
        published_data.reset()

    # --- while drawing ----------------------------------------------------------

    @staticmethod
    def link_generated(context: dict, files: ChartFiles) -> None:
        """Let ``{filename}/<generated>`` resolve, in any post that shows it."""
        if files.generated:
            generated = context.setdefault("generated_content", {})
            generated.setdefault(files.generated, GeneratedFile(files.generated))

    def publish(self, files: ChartFiles, where: str, csv_label: str) -> None:
        """A chart of a page the build writes: its files, its findings."""
        if files.download == "raw":
            published_data.publish_as_is(files.source, where)
        if files.generated and files.csv_text is not None:
            self.files[files.generated] = files.csv_text
            outputs.declare(files.generated)
        for finding in files.shown:
            self.report(where, csv_label, files.source, finding, shown=True)
        for finding in files.raw:
            self.report(where, csv_label, files.source, finding, shown=False)

    def is_allowed(self, source: str, column: str) -> bool:
        folded = column.casefold()
        return (None, folded) in self.allowed or (source, folded) in self.allowed

    def report(
        self, where: str, label: str, source: str, finding: Finding, *, shown: bool
    ) -> None:
        if self.is_allowed(source, finding.column):
            return
        message = (
            f"{where}: personal data: {finding_message(label, source, finding, shown)}"
        )
        if self.refuse:
            logger.error("%s", message)
        else:
            logger.warning("%s (a publish build refuses it)", message)

    # --- the end of the build -------------------------------------------------------

    def write(self, output_path: str) -> None:
        """Write each generated CSV; an unchanged file is left as it is."""
        for name, text in sorted(self.files.items()):
            target = Path(output_path) / name
            data = text.encode("utf-8")
            unchanged = target.is_file() and target.stat().st_size == len(data)
            if unchanged and target.read_bytes() == data:
                continue
            os.makedirs(target.parent, exist_ok=True)
            target.write_bytes(data)
            logger.info("Writing %s (the table a chart shows)", name)


def finding_message(label: str, source: str, finding: Finding, shown: bool) -> str:
    """What was found where, and how to fix it (the values are never quoted:
    build logs are often public)."""
    line = f", line {finding.line}" if finding.line else ""
    column = f"column '{finding.column}'"
    if finding.column == NOTES:
        return (
            f"{label}{line}, outside the table, {finding.reason}, and the chart "
            "publishes the file as it is (download: raw). Delete that line "
            "from the file, or use 'download: generated'"
        )
    allow = (
        "; if publishing it is intended, allow it by name in pelicanconf.py: "
        f'PERSONAL_DATA_ALLOWED = ["{source}: {finding.column}"]'
    )
    if shown:
        return (
            f"the chart shows {column} of {label}{line}, which "
            f"{finding.reason}. Plot another column, or drop this one from "
            f"the CSV{allow}"
        )
    return (
        f"{label}, {column}{line}, {finding.reason}, and the chart publishes "
        "the file as it is (download: raw). Drop the column from the CSV, or "
        "use 'download: generated', which publishes only the plotted "
        f"table{allow}"
    )
