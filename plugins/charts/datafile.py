"""A chart's CSV file: which reader takes it, and within which limits.

Below the engine threshold a file is read into memory and csvread.py reads
it. From the threshold on (or above CHARTS_MAX_CSV_BYTES, which the
Python reader does not go beyond), a chart with ``aggregate`` reads it
through the engine (bigcsv.py), and the file is never held whole: its
cache key is hashed as it is read in pieces.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from .bigcsv import engine_applies
from .bigfile import chunks
from .errors import ChartError
from .markup import human_size
from .settings import ChartSettings
from .spec import ChartSpec


@dataclass(frozen=True)
class DataFile:
    path: str
    size: int
    content: bytes | None = None  # None: read when needed, in pieces

    def data(self) -> bytes:
        if self.content is not None:
            return self.content
        with open(self.path, "rb") as file:
            return file.read()

    def pieces(self) -> Iterable[bytes]:
        return (self.content,) if self.content is not None else chunks(self.path)


def engine_from(settings: ChartSettings) -> int:
    """The size from which an aggregated chart reads its CSV with the engine:
    the threshold, or any file the Python reader would refuse."""
    return min(settings.engine_threshold, settings.max_csv_bytes + 1)


def uses_engine(spec: ChartSpec, size: int, settings: ChartSettings) -> bool:
    return engine_applies(spec, size, engine_from(settings))


def open_data(
    spec: ChartSpec, path: str, size: int, relative: str, settings: ChartSettings
) -> DataFile:
    """The block's data file, or the error of a file over the limit of the
    reader that would take it."""
    limit = settings.max_csv_bytes
    engine = uses_engine(spec, size, settings)
    if engine and size > settings.engine_max_csv_bytes:
        _over(
            spec,
            relative,
            size,
            settings.engine_max_csv_bytes,
            "CHARTS_ENGINE_MAX_CSV_BYTES",
            "split it",
        )
    if size > limit and not engine:
        _over(
            spec,
            relative,
            size,
            limit,
            "CHARTS_MAX_CSV_BYTES",
            "add 'aggregate:' to the chart block (an aggregated chart reads a "
            "file this large with the engine), aggregate it before charting",
        )
    if size >= engine_from(settings):
        return DataFile(path, size)
    with open(path, "rb") as file:
        return DataFile(path, size, file.read())


def _over(spec, relative, size, limit, setting, fix) -> None:
    raise ChartError(
        f"data: content/{relative} is {human_size(size)} ({size:,} bytes), over "
        f"the limit of {human_size(limit)} ({limit:,} bytes, {setting}); {fix}, "
        "or raise the limit in pelicanconf.py",
        line=spec.line_of("data"),
    )


def declined_error(
    spec: ChartSpec, relative: str, size: int, settings, declined
) -> ChartError:
    """A file too big for the Python reader that the engine cannot read as
    that reader would."""
    limit = settings.max_csv_bytes
    return ChartError(
        f"data: content/{relative} is {human_size(size)}, more than the "
        f"{human_size(limit)} the standard reader takes (CHARTS_MAX_CSV_BYTES), "
        f"and the engine that reads larger files cannot read this one exactly "
        f"as it would: {declined.reason}; {declined.fix}",
        line=spec.line_of("data"),
    )


@cache
def engine_version() -> str:
    """Part of a big chart's cache key: a new engine draws afresh."""
    from importlib.metadata import version  # here: for big files only

    return version("polars")
