"""What an import did, and what it could not do, for the author to read."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .files import Plan

HEADINGS = {
    "not_published": "Not published (nothing was written for these)",
    "missing_images": "Images and files not found in --uploads: linked to where "
    "they were, never loaded from there. Put each in content/images/ and link it "
    "with {static}, or run the import again with --uploads pointing at a copy of "
    "wp-content/uploads",
    "without_alt": "Images WordPress had no description for: given their file "
    "name as alt text; write what each one shows",
    "shortcodes": "Shortcodes left as text (WordPress plugins drew these; replace "
    "them by hand)",
    "removed": "Removed (scripts, forms and styles would not work under the site's "
    "Content-Security-Policy)",
    "unmatched_links": "Links to the old site that match no imported post: they "
    "still point there",
    "cards": "Embeds replaced by link cards (no request to another site)",
    "notes": "Notes",
    "kept": "Kept as you edited them (--force replaces them with the import)",
}


@dataclass
class Report:
    source: str
    counts: Counter = field(default_factory=Counter)
    entries: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    plan: Plan | None = None
    dry_run: bool = False

    def add(self, kind: str, message: str) -> None:
        if message not in self.entries[kind]:
            self.entries[kind].append(message)

    def text(self) -> str:
        c = self.counts
        verb = "Would import" if self.dry_run else "Imported"
        lines = [
            f"{verb} from {self.source}: {counted(c['posts'], 'post')} "
            f"({counted(c['drafts'], 'draft')}), {counted(c['pages'], 'page')}, "
            f"{counted(c['comments'], 'comment')}, {c['files']} image"
            f"{'s' * (c['files'] != 1)} and files, {c['addresses']} old addresses."
        ]
        if c["dropped_comments"]:
            lines.append(
                f"Comments left out: {c['dropped_comments']} (spam, pending, "
                "trashed, pingbacks)."
            )
        for kind, heading in HEADINGS.items():
            found = self.entries.get(kind)
            if not found:
                continue
            lines.append("")
            lines.append(f"{heading}:")
            lines += [f"  {entry}" for entry in found]
        if self.plan is not None:
            lines.append("")
            counts = self.plan.counts()
            words = {
                "create": "created",
                "update": "updated",
                "overwrite": "overwritten (--force)",
                "unchanged": "unchanged",
                "keep": "kept as you edited them",
            }
            summary = ", ".join(f"{n} {words[a]}" for a, n in counts.items())
            heading = "Files without --dry-run" if self.dry_run else "Files"
            lines.append(f"{heading}: {summary or 'none'}.")
            if self.dry_run:
                for action in ("create", "update", "overwrite", "keep"):
                    for path in self.plan.paths(action):
                        lines.append(f"  {action:9} content/{path}")
        return "\n".join(lines)


def counted(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"
