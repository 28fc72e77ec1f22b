"""Every setting the chart plugin reads, with its default, in one place."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from .typography import typography_style

logger = logging.getLogger(__name__)

DEFAULTS = {
    # More points than this in one chart is an error that suggests aggregate.
    "CHARTS_MAX_POINTS": 5000,
    # A CSV larger than this is refused before it is read, unless the chart
    # aggregates it through the engine (below).
    "CHARTS_MAX_CSV_BYTES": 20 * 1024 * 1024,
    # A chart with 'aggregate' reads a CSV of at least this size with the
    # analytical engine (Polars; plugins/charts/bigcsv.py): same table, same
    # errors, far less time. The default is measured (README, "Big data").
    "CHARTS_ENGINE_THRESHOLD": 4 * 1024 * 1024,
    # The largest CSV the engine reads.
    "CHARTS_ENGINE_MAX_CSV_BYTES": 4 * 1024 * 1024 * 1024,
    # Reuse rendered charts across builds (CACHE_PATH/charts.json).
    "CHARTS_CACHE": True,
    # The script a page with a plotted chart loads (from theme/static/), and
    # the plotly.js bundle it fetches when a chart nears the viewport.
    "CHARTS_LOADER": "js/charts.js",
    "CHARTS_LIBRARY": "vendor/plotly-basic-4.1.1.min.js",
    # What "Download the data" serves when a block does not say (download:):
    # "generated" (the plotted table), "raw" (the CSV as it is) or "none".
    "CHARTS_DOWNLOAD": "generated",
}


@dataclass(frozen=True)
class ChartSettings:
    content_root: str
    cache_path: str
    max_points: int
    max_csv_bytes: int
    use_cache: bool
    loader: str
    library: str
    engine_threshold: int
    engine_max_csv_bytes: int
    download: str = "generated"
    # The dash style of the site's typography, or None (see typography.py).
    typography: str | None = None

    @classmethod
    def from_pelican(cls, settings: dict) -> ChartSettings:
        content_root = os.path.realpath(settings["PATH"])
        return cls(
            content_root=content_root,
            cache_path=settings.get("CACHE_PATH", "cache"),
            max_points=int(settings["CHARTS_MAX_POINTS"]),
            max_csv_bytes=int(settings["CHARTS_MAX_CSV_BYTES"]),
            use_cache=bool(settings["CHARTS_CACHE"]),
            loader=str(settings["CHARTS_LOADER"]),
            library=str(settings["CHARTS_LIBRARY"]),
            download=str(settings["CHARTS_DOWNLOAD"]),
            typography=typography_style(settings),
            engine_threshold=int(settings["CHARTS_ENGINE_THRESHOLD"]),
            engine_max_csv_bytes=int(settings["CHARTS_ENGINE_MAX_CSV_BYTES"]),
        )

    def fingerprint(self) -> str:
        """What, besides the block and the CSV, changes a rendered chart."""
        return (
            f"{self.max_points}:{self.max_csv_bytes}:{self.typography}:{self.download}:"
            f"{self.engine_threshold}:{self.engine_max_csv_bytes}"
        )


# What "Download the data" serves: a CSV of exactly the plotted table, the
# author's file as it is, or no link (see download.py).
DOWNLOADS = ("generated", "raw", "none")


def apply_defaults(settings: dict) -> None:
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    if settings["CHARTS_DOWNLOAD"] not in DOWNLOADS:
        logger.error(
            "pelicanconf.py: CHARTS_DOWNLOAD is %r; use one of %s (charts "
            "serve the generated table meanwhile)",
            settings["CHARTS_DOWNLOAD"],
            ", ".join(DOWNLOADS),
        )
        settings["CHARTS_DOWNLOAD"] = "generated"
