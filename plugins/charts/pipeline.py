"""From placeholder to chart, for one post at a time.

Runs when a generator has read all its posts (article_generator_finalized,
page_generator_finalized): after Pelican has read each post (from its cache
or not), fixed its slug (the charts' ids use it) and before anything renders
its HTML. Each chart block goes
through spec -> CSV -> table -> figure/description/HTML, or, when any step
finds a problem, becomes an error box and an error message naming the file
and line. One bad block never affects another block or another post.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field

from pelican.contents import Article, Page
from sitekit.content_lists import HELD_LISTS, contents_of
from sitekit.paths import display_path, inside
from sitekit.pelican_seam import body_html, set_body_html

from .bigcsv import Declined, big_table
from .cache import RenderCache, cache_key
from .csvread import CsvData, decode, read_block_csv
from .datafile import (
    DataFile,
    declined_error,
    engine_from,
    engine_version,
    open_data,
    uses_engine,
)
from .describe import describe, headline
from .errors import ChartError, ChartWarning, did_you_mean
from .figure import build_figure, figure_json
from .format import plot_columns
from .markdown_ext import PLACEHOLDER, decode_placeholder
from .markup import ID_TOKEN, Download, chart_html, error_html
from .publication import Publication
from .published import ChartFiles, chart_files
from .settings import ChartSettings
from .spec import ChartSpec, parse_spec
from .table import ChartTable, build_table
from .typography import typeset

logger = logging.getLogger(__name__)

OPENING_FENCE = re.compile(r"\s*(`{3,}|~{3,})")
URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass
class RenderedChart:
    html: str
    plotted: bool
    warnings: tuple[ChartWarning, ...] = ()
    # What it publishes besides its HTML (None for an error box).
    files: ChartFiles | None = None


@dataclass(frozen=True)
class Drawing:
    """A chart's HTML, what it publishes, and what it left out that the
    author should know."""

    html: str
    files: ChartFiles
    warnings: tuple[ChartWarning, ...] = ()


@dataclass
class ChartPipeline:
    settings: ChartSettings | None = None
    cache: RenderCache = field(default_factory=RenderCache)
    publication: Publication = field(default_factory=Publication)

    def configure(
        self, settings: ChartSettings, pelican_settings: dict | None = None
    ) -> None:
        """``pelican_settings``: the build's, for what charts publish (the
        defaults without, as the benchmark's drawing alone needs)."""
        self.settings = settings
        self.cache.load(settings.cache_path if settings.use_cache else None)
        self.publication.configure(pelican_settings or {})

    # --- one post ---------------------------------------------------------------

    def render_generator(self, generator) -> None:
        """Every post (or page) of a generator, drafts, hidden and scheduled
        ones too: their errors show. Only what the build writes publishes
        its charts' files (a draft a publish build leaves out, a post
        scheduled for later, publish nothing)."""
        for content in contents_of(generator):
            self.render_content(
                content, generator.context, written=bool(content.save_as)
            )
        for content in contents_of(generator, HELD_LISTS):
            self.render_content(content, generator.context, written=False)

    def render_content(self, content, context: dict, *, written: bool) -> None:
        if not isinstance(content, Article | Page) or self.settings is None:
            return
        html = body_html(content)
        if "chart-block" not in html:
            return
        source = self.display_path(content.source_path)
        base_id = "chart-" + (
            re.sub(r"[^a-z0-9-]+", "-", str(content.slug or "post").lower()).strip("-")
            or "post"
        )
        count = 0
        plotted = False

        def replace(match: re.Match) -> str:
            nonlocal count, plotted
            count += 1
            body, first_line, closed = decode_placeholder(match)
            chart = self.render_block(
                body, first_line, closed, content.source_path, source
            )
            plotted = plotted or chart.plotted
            if chart.files is not None:
                self.publication.link_generated(context, chart.files)
                if written:
                    self.publication.publish(
                        chart.files,
                        f"{source}:{max(first_line - 1, 1)}",
                        self.display_path(
                            os.path.join(self.settings.content_root, chart.files.source)
                        ),
                    )
            return chart.html.replace(ID_TOKEN, f"{base_id}-{count}")

        # The summary was cut from the prose when the post was read, with the
        # placeholders left out (plugins/derived_metadata): never from this.
        set_body_html(content, PLACEHOLDER.sub(replace, html))
        # The theme loads chart_loader on this page only, and tells it where
        # chart_library is (see theme/static/js/charts.js).
        content.chart_loader = self.settings.loader if plotted else None
        content.chart_library = self.settings.library if plotted else None

    def render_block(
        self, body: str, first_line: int, closed: bool, post_path: str, source: str
    ) -> RenderedChart:
        fence_line = max(first_line - 1, 1)
        try:
            if not closed:
                # An unclosed block's body is its opening line.
                fence = OPENING_FENCE.match(body)
                marks = fence.group(1) if fence else "```"
                raise ChartError(
                    f"this chart block has no closing {marks} line; end it with "
                    f"a line of exactly {marks}",
                    line=fence_line,
                )
            chart = self._render(body, first_line, post_path)
        except ChartError as error:
            message = error.located(source, fence_line)
        except Exception as error:  # a bug of ours: still keep other charts alive
            logger.debug("Chart rendering crashed", exc_info=True)
            message = (
                f"{source}:{fence_line}: internal error while drawing this chart "
                f"({type(error).__name__}: {error}); please report it"
            )
        else:
            # Warnings do not fail a build (plugins/build_errors counts errors).
            for warning in chart.warnings:
                logger.warning("%s", warning.located(source, fence_line))
            return chart
        # plugins/build_errors counts it, lists it again at the end, and fails
        # a publish build.
        logger.error("%s", message)
        location, _, text = message.partition(": ")
        return RenderedChart(error_html(location, text, body), plotted=False)

    def _prepare(self, body: str, first_line: int, post_path: str):
        """The spec, data file and its DataFile of a block, and its cache key."""
        settings = self.settings
        spec = parse_spec(body, first_line, max_points=settings.max_points)
        path, relative = self.resolve_data_path(spec, post_path)
        data = self.read_data(spec, path, relative)
        return spec, relative, data, self._key(body, data)

    def _key(self, body: str, data: DataFile) -> str:
        fingerprint = self.settings.fingerprint()
        if data.size >= engine_from(self.settings):
            fingerprint += f":polars {engine_version()}"
        return cache_key(body, data.pieces(), fingerprint)

    def _render(self, body: str, first_line: int, post_path: str) -> RenderedChart:
        reused = self._reuse(body, first_line, post_path)
        if reused is not None:
            return reused
        spec, relative, data, key = self._prepare(body, first_line, post_path)
        self.cache.remember_block(body, spec.data, spec.type)
        plotted = spec.type != "table"
        cached = self.cache.get(key)
        if cached is not None:
            return RenderedChart(cached.html, plotted, files=cached.files)
        drawing = self.draw(spec, data, relative)
        if drawing.warnings:
            # Not cached, so that every build tells the author again.
            return RenderedChart(
                drawing.html, plotted, drawing.warnings, files=drawing.files
            )
        self.cache.put(key, drawing)
        return RenderedChart(drawing.html, plotted, files=drawing.files)

    def _reuse(self, body: str, first_line: int, post_path: str):
        """The cached chart of an unchanged block and CSV, found without
        parsing the block: the cache remembers which file it reads. The path
        is checked afresh; anything unexpected takes the full path."""
        known = self.cache.block(body)
        if known is None:
            return None
        data_value, chart_type = known
        stub = ChartSpec(data=data_value, type=chart_type, line=max(first_line - 1, 1))
        try:
            path, _ = self.resolve_data_path(stub, post_path)
        except ChartError:
            return None
        # No limits here: a chart cached under this key was drawn within them.
        data = DataFile(path, os.path.getsize(path))
        cached = self.cache.get(self._key(body, data))
        if cached is None:
            return None
        return RenderedChart(
            cached.html, plotted=chart_type != "table", files=cached.files
        )

    def prerender(self, body: str, first_line: int, post_path: str):
        """(key, drawing) of a chart drawn ahead of time in a worker process
        (plugins/parallel_read), or None. A block with a problem is left to
        render_content, which reports it in the build's process."""
        try:
            spec, relative, data, key = self._prepare(body, first_line, post_path)
            if key in self.cache.entries:
                return None
            drawing = self.draw(spec, data, relative)
        except Exception:
            return None
        # Warnings, like errors, are told by the build's process.
        return None if drawing.warnings else (key, drawing)

    def draw(self, spec: ChartSpec, data: bytes | DataFile, relative: str) -> Drawing:
        if isinstance(data, bytes):
            data = DataFile("", len(data), data)
        label = self.display_path(os.path.join(self.settings.content_root, relative))
        try:
            table, csv = self._table(spec, data, label, relative)
        except ChartError as error:
            if error.key and error.line is None:
                error.line = spec.line_of(error.key)
            raise
        columns = plot_columns(table)
        payload = (
            None
            if spec.type == "table"
            else figure_json(build_figure(table, spec, columns))
        )
        files = self._files(spec, data, label, relative, table, csv, columns)
        style = self.settings.typography
        html = chart_html(
            table=table,
            chart_type=spec.type,
            figure_json=payload,
            # The chart's words, typeset as prose is; its data never is.
            description=typeset(describe(table), style),
            title=typeset(spec.title, style),
            caption=typeset(spec.caption, style),
            source=typeset(spec.source, style),
            alt=typeset(spec.alt, style),
            headline=typeset(headline(table), style),
            height=spec.height,
            download=download_link(files, relative, data.size),
            columns=columns,
        )
        return Drawing(html, files, table.warnings)

    def _files(self, spec, data, label, relative, table, csv, columns) -> ChartFiles:
        """What the chart publishes, and what in it looks personal. A table
        from the engine comes without the file's cells: the Python reader
        reads them where the scan needs them, for a raw file's every cell or
        for the lines of a finding (rare, and an error in production)."""
        download = spec.download or self.settings.download
        raw_text = ""
        if download == "raw":
            content = data.data()  # a file path's bytes: read once here
            if csv is None:
                csv = read_block_csv(content, label, spec)
            raw_text = decode(content, label, spec.encoding)
        if csv is not None:
            return chart_files(relative, download, table, csv, raw_text, columns)
        files = chart_files(
            relative, download, table, CsvData(label, (), (), (), ","), "", columns
        )
        if files.shown and data.size <= self.settings.max_csv_bytes:
            csv = read_block_csv(data.data(), label, spec)
            files = chart_files(relative, download, table, csv, "", columns)
        return files

    def _table(
        self, spec: ChartSpec, data: DataFile, label: str, relative: str
    ) -> tuple[ChartTable, CsvData | None]:
        """The chart's table, from the engine (bigcsv.py) when the file is
        big and the chart aggregates, else from the Python reader; with the
        file's cells when the Python reader read them (the personal-data scan
        gives lines from them)."""
        settings = self.settings
        if data.path and uses_engine(spec, data.size, settings):
            try:
                table = big_table(
                    spec, data.path, label, max_points=settings.max_points
                )
                return table, None
            except Declined as declined:
                if data.size > settings.max_csv_bytes:
                    raise declined_error(
                        spec, relative, data.size, settings, declined
                    ) from None
                logger.debug("Engine declined %s: %s", label, declined.reason)
        csv = read_block_csv(data.data(), label, spec)
        return build_table(spec, csv, max_points=settings.max_points), csv

    # --- files ------------------------------------------------------------------

    def display_path(self, path: str) -> str:
        """A path as the author knows it: ``content/posts/x.md``."""
        return display_path(path, self.settings.content_root)

    def resolve_data_path(self, spec: ChartSpec, post_path: str) -> tuple[str, str]:
        """(real path, content-relative path) of a block's data file, or an
        error when it is not a file inside content/."""
        value = spec.data
        line = spec.line_of("data")
        root = self.settings.content_root

        def fail(message: str):
            raise ChartError(f"data: {message}", line=line)

        if "\x00" in value:
            fail("the path contains a NUL byte")
        if URL.match(value) or value.startswith("//"):
            fail(
                f"'{value}' is a URL or drive path; charts read files in content/ "
                "only (download the CSV into content/data/)"
            )
        if value.startswith("~"):
            fail(f"'{value}' points into a home folder; put the file in content/data/")
        if "\\" in value:
            fail(f"'{value}' uses backslashes; write paths with forward slashes")
        if value.startswith("/"):
            candidate = os.path.join(root, value.lstrip("/"))
        else:
            post_folder = os.path.dirname(os.path.realpath(post_path))
            candidate = os.path.join(post_folder, value)
        lexical = os.path.normpath(candidate)
        real = os.path.realpath(candidate)
        if not inside(real, root):
            if inside(lexical, root):
                fail(
                    f"'{value}' is a link to a file outside content/; copy the "
                    "file into content/data/ instead"
                )
            fail(
                f"'{value}' leaves the content folder; data files must be inside "
                "content/ (a leading / means relative to content/)"
            )
        relative = os.path.relpath(real, root).replace(os.sep, "/")
        if not os.path.exists(real):
            from_root = os.path.join(root, value)
            if not value.startswith("/") and os.path.isfile(from_root):
                # data/x.csv written in a post under posts/: relative to the
                # post, it is posts/data/x.csv; the author meant content/.
                fail(
                    f"'{value}' not found (looked for content/{relative}, next "
                    f"to the post) — did you mean '/{value}'? A leading / means "
                    "relative to content/"
                )
            folder = os.path.dirname(real)
            siblings = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
            fail(
                f"'{value}' not found (looked for content/{relative})"
                f"{did_you_mean(os.path.basename(real), siblings)}"
            )
        if not os.path.isfile(real):
            fail(f"'{value}' is a folder, not a CSV file")
        return real, relative

    def read_data(self, spec: ChartSpec, path: str, relative: str) -> DataFile:
        size = os.path.getsize(path)
        return open_data(spec, path, size, relative, self.settings)

    # --- the end of a build -------------------------------------------------------

    def finish(self, output_path: str) -> None:
        self.cache.save()
        self.publication.write(output_path)


def download_link(files: ChartFiles, relative: str, size: int) -> Download | None:
    """Where "Download the data" points, or None (download: none)."""
    if files.download == "raw":
        return Download(f"{{static}}/{relative}", size, None)
    if files.generated and files.csv_text is not None:
        return Download(
            f"{{filename}}/{files.generated}",
            len(files.csv_text.encode("utf-8")),
            os.path.basename(relative),
        )
    return None
