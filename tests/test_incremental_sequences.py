"""Random sequences of an author's edits: every rebuild equals a clean build.

Hypothesis drives a copy of the project through sequences of edits (posts,
metadata, status, tags, CSV files, images, the theme, settings, files
deleted from the output), rebuilding after each one as the live preview
and as `invoke build` do; the output is compared with a clean build of the
same sources every few steps and at the end.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule
from incremental_site import Project

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
WORDS = st.sampled_from(
    ["signal", "noise", "funnel", "Twitter", "email", "reach", "churn", "brand"]
)
FIELDS = ("Title", "Summary", "Description", "Original_url", "Campaign", "Modified")
CHECK_EVERY = 4


def field_value(field: str, words: list[str], number: int) -> str:
    if field == "Original_url":
        return f"https://old.example.org/{'-'.join(words).lower()}/"
    if field == "Modified":
        return f"2013-0{number % 9 + 1}-1{number % 9} 10:00"
    return " ".join(words).capitalize()


class AnAuthorEditing(RuleBasedStateMachine):
    live = True

    @initialize()
    def build_the_site(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="edits-"))
        self.project = Project(self.folder)
        if self.live:
            self.project.go_live()
        self.project.rebuild()
        self.steps = 0

    # --- what is there -----------------------------------------------------------

    def posts(self) -> list[str]:
        return sorted(
            str(p.relative_to(self.project.root))
            for p in self.project.path("content/posts").glob("*.md")
        )

    def csvs(self) -> list[str]:
        return sorted(
            str(p.relative_to(self.project.root))
            for p in self.project.path("content/data").glob("*.csv")
        )

    def rebuild(self) -> None:
        self.project.rebuild()
        self.steps += 1
        if self.steps % CHECK_EVERY == 0:
            assert self.project.differences() == ""

    # --- edits ----------------------------------------------------------------

    @rule(data=st.data(), words=st.lists(WORDS, min_size=1, max_size=6))
    def edit_a_body(self, data, words) -> None:
        post = data.draw(st.sampled_from(self.posts()))
        text = self.project.read(post)
        self.project.write(post, text + "\n" + " ".join(words) + ".\n")
        self.rebuild()

    @rule(
        data=st.data(),
        field=st.sampled_from(FIELDS),
        words=st.lists(WORDS, min_size=1, max_size=4),
        number=st.integers(0, 99),
        remove=st.booleans(),
    )
    def set_a_field(self, data, field, words, number, remove) -> None:
        post = data.draw(st.sampled_from(self.posts()))
        value = (
            None if remove and field != "Title" else field_value(field, words, number)
        )
        self.project.set_metadata(post, field, value)
        self.rebuild()

    @rule(data=st.data(), status=st.sampled_from(["draft", "hidden", "published"]))
    def change_a_status(self, data, status) -> None:
        post = data.draw(st.sampled_from(self.posts()))
        self.project.set_metadata(post, "Status", status)
        self.rebuild()

    @rule(data=st.data(), tags=st.lists(WORDS, max_size=3, unique=True))
    def retag(self, data, tags) -> None:
        post = data.draw(st.sampled_from(self.posts()))
        self.project.set_metadata(post, "Tags", ", ".join(tags) if tags else None)
        self.rebuild()

    @rule(data=st.data(), category=WORDS)
    def recategorise(self, data, category) -> None:
        post = data.draw(st.sampled_from(self.posts()))
        self.project.set_metadata(post, "Category", category.capitalize())
        self.rebuild()

    @rule(number=st.integers(0, 10_000), words=st.lists(WORDS, min_size=1))
    def add_a_post(self, number, words) -> None:
        self.project.write(
            f"content/posts/new-{number}.md",
            f"Title: New {number} {words[0]}\nDate: 2013-02-{number % 28 + 1:02d} "
            f"10:00\nCategory: {words[-1].capitalize()}\nTags: {', '.join(words)}\n\n"
            f"{' '.join(words)}.\n",
        )
        self.rebuild()

    @precondition(lambda self: len(self.posts()) > 3)
    @rule(data=st.data())
    def delete_a_post(self, data) -> None:
        post = data.draw(st.sampled_from(self.posts()))
        self.project.path(post).unlink()
        self.rebuild()

    @rule(data=st.data(), number=st.integers(0, 10_000))
    def rename_a_post_file(self, data, number) -> None:
        post = self.project.path(data.draw(st.sampled_from(self.posts())))
        target = post.with_name(f"renamed-{number}.md")
        if not target.exists():
            post.rename(target)
        self.rebuild()

    @precondition(lambda self: bool(self.csvs()))
    @rule(data=st.data(), delta=st.integers(1, 500))
    def edit_a_csv(self, data, delta) -> None:
        path = data.draw(st.sampled_from(self.csvs()))
        lines = self.project.read(path).splitlines()
        cells = lines[1].split(",")
        last = cells[-1].strip()
        if last.isdigit():
            cells[-1] = str(int(last) + delta)
            lines[1] = ",".join(cells)
            self.project.write(path, "\n".join(lines) + "\n")
        self.rebuild()

    @precondition(lambda self: bool(self.csvs()))
    @rule(data=st.data(), rename=st.booleans())
    def remove_or_rename_a_csv(self, data, rename) -> None:
        path = self.project.path(data.draw(st.sampled_from(self.csvs())))
        if rename:
            path.rename(path.with_name("renamed-" + path.name))
        else:
            path.unlink()
        self.rebuild()

    @rule(add=st.booleans())
    def add_or_remove_an_image(self, add) -> None:
        image = self.project.path("content/images/pixel.png")
        if add:
            image.parent.mkdir(exist_ok=True)
            image.write_bytes(PNG)
        elif image.exists():
            image.unlink()
        self.rebuild()

    @rule(
        asset=st.sampled_from(
            ["theme/static/css/site.css", "theme/static/js/charts.js"]
        ),
        number=st.integers(0, 1000),
    )
    def edit_the_theme(self, asset, number) -> None:
        text = self.project.read(asset)
        self.project.write(asset, text + f"\n/* edit {number} */\n")
        self.rebuild()

    @rule(pagination=st.integers(2, 7))
    def change_a_setting(self, pagination) -> None:
        text = self.project.read("pelicanconf.py")
        lines = [
            f"DEFAULT_PAGINATION = {pagination}"
            if line.startswith("DEFAULT_PAGINATION =")
            else line
            for line in text.splitlines()
        ]
        self.project.write("pelicanconf.py", "\n".join(lines) + "\n")
        self.rebuild()

    @rule(what=st.sampled_from(["a page", "the theme folder", "everything"]))
    def delete_from_the_output(self, what) -> None:
        output = self.project.output
        if what == "a page":
            pages = sorted(output.rglob("index.html"))
            if pages:
                pages[len(pages) // 2].unlink()
        elif what == "the theme folder":
            shutil.rmtree(output / "theme", ignore_errors=True)
        else:
            shutil.rmtree(output, ignore_errors=True)
        self.rebuild()

    def teardown(self) -> None:
        if not hasattr(self, "project"):
            return
        try:
            assert self.project.differences() == ""
        finally:
            self.project.close()
            shutil.rmtree(self.folder, ignore_errors=True)


class AnAuthorRunningInvokeBuild(AnAuthorEditing):
    live = False


SEQUENCES = settings(
    max_examples=4,
    stateful_step_count=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize(
    "machine", [AnAuthorEditing, AnAuthorRunningInvokeBuild], ids=["live", "build"]
)
def test_random_sequences_of_edits_rebuild_to_a_clean_build(machine):
    machine.TestCase.settings = SEQUENCES
    machine.TestCase().runTest()
