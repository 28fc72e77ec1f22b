"""Typography's CPU time with smartypants' converters guarded or not.

    python -m bench.typography [--posts 300] [--rounds 3]

Converts posts of the benchmark corpus (bench/work/corpus, written by
`invoke bench`) to HTML once, then times typogrify over all of them with the
library's own converters and with plugins/site_reader/smartypants_guards.py,
alternating, and checks that both give the same bytes.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTS = ROOT / "bench" / "work" / "corpus" / "site" / "posts"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "plugins"))
    import markdown
    import smartypants
    from site_reader import smartypants_guards
    from typogrify.filters import typogrify

    paths = sorted(POSTS.glob("*.md"))[: args.posts]
    if not paths:
        raise SystemExit(f"No corpus in {POSTS}: run `invoke bench` first.")
    md = markdown.Markdown(extensions=["extra", "toc"])
    pages = []
    for path in paths:
        md.reset()
        pages.append(md.convert(path.read_text("utf-8").split("\n\n", 1)[1]))
    smartypants.Attr.default = smartypants.Attr.set1 | smartypants.Attr.w

    def timed() -> tuple[float, list[str]]:
        start = time.process_time()
        out = [typogrify(page, ["pre", "code", "script"]) for page in pages]
        return time.process_time() - start, out

    plain, guarded = [], []
    for _ in range(args.rounds):
        smartypants_guards.uninstall()
        seconds, expected = timed()
        plain.append(seconds)
        smartypants_guards.install()
        seconds, found = timed()
        guarded.append(seconds)
        assert found == expected, "the guarded converters changed the output"
    before, after = statistics.median(plain), statistics.median(guarded)
    print(
        f"{len(pages)} posts, CPU medians of {args.rounds}: library {before:.2f} s, "
        f"guarded {after:.2f} s ({after / before:.2f}×), same bytes"
    )


if __name__ == "__main__":
    main()
