"""An incremental build equals a clean build, byte for byte.

Each case builds a copy of the project, makes one kind of edit an author
makes, rebuilds into the same output with the same caches (as `invoke
build` does), then builds the same sources from nothing and compares the
two outputs with `diff -r`: any difference is a stale or missing file.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator

import pytest
from incremental_site import REBUILDS, Project, built_project

REFERENCE = "content/posts/takeaway-spam-or-good-marketing.md"
FUNNEL = "content/posts/read-your-email-funnel-from-the-bottom-up.md"
WELCOME = "content/posts/before-you-automate-a-twitter-welcome-message.md"
ABOUT = "content/pages/about.md"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def edit_body(p: Project) -> None:
    p.replace(FUNNEL, "\n\n", "\n\nA new first paragraph, written later.\n\n", 1)


def edit_body_end(p: Project) -> None:
    text = p.read(WELCOME)
    p.write(WELCOME, text + "\nA closing line, added after publishing.\n")


def edit_title(p: Project) -> None:
    p.set_metadata(FUNNEL, "Title", "Read Your Funnel Backwards")


def edit_slug(p: Project) -> None:
    p.set_metadata(FUNNEL, "Slug", "funnel-from-the-bottom")


def edit_date(p: Project) -> None:
    p.set_metadata(FUNNEL, "Date", "2011-03-04 08:30")


def edit_original_url(p: Project) -> None:
    p.set_metadata(REFERENCE, "Original_url", "https://old.example.org/takeaway/")


def remove_original_url(p: Project) -> None:
    p.set_metadata(REFERENCE, "Original_url", None)


def edit_summary(p: Project) -> None:
    p.set_metadata(WELCOME, "Summary", "A shorter summary, rewritten.")


def add_description(p: Project) -> None:
    p.set_metadata(WELCOME, "Description", "What the search result should say.")


def add_modified(p: Project) -> None:
    p.set_metadata(WELCOME, "Modified", "2012-01-01 10:00")


def edit_author(p: Project) -> None:
    p.set_metadata(WELCOME, "Author", "Sam Rivera")


def add_custom_field(p: Project) -> None:
    p.set_metadata(WELCOME, "Campaign", "Spring launch")


def make_draft(p: Project) -> None:
    p.set_metadata(FUNNEL, "Status", "draft")


def make_hidden(p: Project) -> None:
    p.set_metadata(FUNNEL, "Status", "hidden")


def publish_draft(p: Project) -> None:
    # The starting site has no draft: make one, build, then publish it.
    make_draft(p)
    p.rebuild()
    p.set_metadata(FUNNEL, "Status", "published")


def set_now(p: Project, when: str) -> None:
    """The build's now, as an author (or CI) sets it: no other setting
    changes, exactly as when the clock moves on."""
    text = p.read("pelicanconf.py")
    lines = [
        f'BUILD_NOW = "{when}"' if line.startswith("BUILD_NOW =") else line
        for line in text.splitlines()
    ]
    p.write("pelicanconf.py", "\n".join(lines) + "\n")


def now_passes_a_scheduled_post(p: Project) -> None:
    # The funnel post (2010-02-09) is scheduled, marked so, then goes live.
    set_now(p, "2010-01-01T00:00")
    p.rebuild()
    set_now(p, "2010-02-10T00:00")


def now_passes_a_held_post(p: Project) -> None:
    # As publishing does: the scheduled post is left out, then appears.
    p.replace("pelicanconf.py", 'SCHEDULED_POSTS = "show"', 'SCHEDULED_POSTS = "hold"')
    set_now(p, "2010-01-01T00:00")
    p.rebuild()
    set_now(p, "2010-02-10T00:00")


def date_moves_past_now(p: Project) -> None:
    set_now(p, "2026-01-01T00:00")
    p.rebuild()
    p.set_metadata(WELCOME, "Date", "2026-06-01 09:00")


def add_tag(p: Project) -> None:
    p.set_metadata(FUNNEL, "Tags", "email, funnels, brand new tag")


def rename_tag(p: Project) -> None:
    for path in p.path("content/posts").glob("*.md"):
        text = path.read_text("utf-8")
        path.write_text(text.replace("Twitter", "X (Twitter)"), "utf-8")


def remove_tags(p: Project) -> None:
    p.set_metadata(FUNNEL, "Tags", None)


def rename_category(p: Project) -> None:
    p.set_metadata(FUNNEL, "Category", "Email Strategy")


def remove_category(p: Project) -> None:
    p.set_metadata(FUNNEL, "Category", None)


def add_post(p: Project) -> None:
    p.write(
        "content/posts/a-new-post.md",
        "Title: A New Post\nDate: 2012-05-01 10:00\nCategory: Brand New\n"
        "Tags: fresh, Twitter\n\nWritten after the first build.\n",
    )


def delete_post(p: Project) -> None:
    p.path(FUNNEL).unlink()


def rename_post_file(p: Project) -> None:
    p.path(WELCOME).rename(p.path("content/posts/welcome-message.md"))


def edit_page(p: Project) -> None:
    p.replace(ABOUT, "Signal & Noise", "Signal and Noise", 1)


def edit_csv_cell(p: Project) -> None:
    p.replace("content/data/email-funnel.csv", "\n", "\n", 1)
    lines = p.read("content/data/email-funnel.csv").splitlines()
    cells = lines[1].split(",")
    cells[-1] = str(int(cells[-1]) + 17)
    lines[1] = ",".join(cells)
    p.write("content/data/email-funnel.csv", "\n".join(lines) + "\n")


def delete_csv(p: Project) -> None:
    p.path("content/data/email-funnel.csv").unlink()


def rename_csv(p: Project) -> None:
    p.path("content/data/email-funnel.csv").rename(
        p.path("content/data/funnel-2011.csv")
    )
    p.replace(FUNNEL, "/data/email-funnel.csv", "/data/funnel-2011.csv")


BIG_CSV = "content/data/sessions-export.csv"


def add_big_csv_chart(p: Project) -> None:
    """A chart aggregating a CSV above the engine threshold (set low in the
    copy's settings), so plugins/charts/bigcsv.py draws it."""
    p.write(
        "pelicanconf.py", p.read("pelicanconf.py") + "\nCHARTS_ENGINE_THRESHOLD = 1\n"
    )
    rows = [f"2024-03-{1 + i % 28:02d},ch{i % 4},{(i * 37) % 500}" for i in range(3000)]
    p.write(BIG_CSV, "day,channel,sessions\n" + "\n".join(rows) + "\n")
    p.write(
        "content/posts/sessions-by-channel.md",
        "Title: Sessions by Channel\nDate: 2012-06-01 10:00\nCategory: Analytics\n\n"
        "```chart\ndata: /data/sessions-export.csv\ntype: bar\nx: channel\n"
        "y: sessions\naggregate: sum\n```\n",
    )


def edit_big_csv_cell(p: Project) -> None:
    add_big_csv_chart(p)
    p.rebuild()
    p.replace(BIG_CSV, "ch1,", "ch1,9", 1)


def add_image(p: Project) -> None:
    p.path("content/images").mkdir(exist_ok=True)
    p.path("content/images/pixel.png").write_bytes(PNG)
    p.replace(FUNNEL, "\n\n", "\n\n![A single pixel]({static}/images/pixel.png)\n\n")


def remove_image(p: Project) -> None:
    add_image(p)
    p.rebuild()
    p.path("content/images/pixel.png").unlink()
    p.replace(FUNNEL, "![A single pixel]({static}/images/pixel.png)\n\n", "")


def edit_template(p: Project) -> None:
    p.replace("theme/templates/_reply.html", "Leave a Reply", "Leave a reply")


def edit_css(p: Project) -> None:
    css = p.read("theme/static/css/site.css")
    p.write("theme/static/css/site.css", css + "\n.added-later { color: inherit; }\n")


def edit_charts_js(p: Project) -> None:
    js = p.read("theme/static/js/charts.js")
    p.write("theme/static/js/charts.js", js + "\n// edited after the first build\n")


def edit_plugin(p: Project) -> None:
    p.replace(
        "plugins/charts/describe.py",
        '"bar": "Bar chart"',
        '"bar": "Bar graph"',
    )


def edit_setting(p: Project) -> None:
    p.replace("pelicanconf.py", "DEFAULT_PAGINATION = 5", "DEFAULT_PAGINATION = 3")


def edit_sitename(p: Project) -> None:
    p.replace("pelicanconf.py", 'SITENAME = "Signal & Noise"', 'SITENAME = "S&N"')


def delete_one_page(p: Project) -> None:
    pages = sorted(p.output.glob("20*/*/*/index.html"))
    pages[0].unlink()


def delete_theme_folder(p: Project) -> None:
    shutil.rmtree(p.output / "theme")


def delete_everything(p: Project) -> None:
    shutil.rmtree(p.output)


def delete_a_data_file(p: Project) -> None:
    (generated,) = (p.output / "data").glob("dm-poll.*.csv")
    generated.unlink()


EDITS: dict[str, Callable[[Project], None]] = {
    edit.__name__: edit
    for edit in (
        edit_body,
        edit_body_end,
        edit_title,
        edit_slug,
        edit_date,
        edit_original_url,
        remove_original_url,
        edit_summary,
        add_description,
        add_modified,
        edit_author,
        add_custom_field,
        make_draft,
        make_hidden,
        publish_draft,
        now_passes_a_scheduled_post,
        now_passes_a_held_post,
        date_moves_past_now,
        add_tag,
        rename_tag,
        remove_tags,
        rename_category,
        remove_category,
        add_post,
        delete_post,
        rename_post_file,
        edit_page,
        edit_csv_cell,
        delete_csv,
        rename_csv,
        add_big_csv_chart,
        edit_big_csv_cell,
        add_image,
        remove_image,
        edit_template,
        edit_css,
        edit_charts_js,
        edit_plugin,
        edit_setting,
        edit_sitename,
        delete_one_page,
        delete_theme_folder,
        delete_everything,
        delete_a_data_file,
    )
}


@pytest.fixture(params=REBUILDS)
def project(request, tmp_path) -> Iterator[Project]:
    yield from built_project(tmp_path, request.param)


@pytest.mark.parametrize("edit", list(EDITS))
def test_a_rebuild_after_an_edit_equals_a_clean_build(project, edit):
    EDITS[edit](project)
    project.rebuild()
    assert project.differences() == ""
