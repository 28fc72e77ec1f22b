"""Material for the WordPress import tests: the reference post's export,
a copy of its wp-content/uploads, and an empty site to import into."""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

from conftest import ROOT

FIXTURES = Path(__file__).parent / "fixtures" / "wordpress"
REFERENCE_EXPORT = FIXTURES / "reference-post.xml"
REFERENCE_SLUG = "takeaway-from-the-spam-or-good-marketing-conversation"
REFERENCE_FILE = f"posts/{REFERENCE_SLUG}.md"
REFERENCE_PAGE = f"2009/10/{REFERENCE_SLUG}/index.html"
EARLIER_URL = "/2009/10/spam-or-good-marketing-mass-dms-on-twitter/"
# What the export holds about commenters and must never be published.
PRIVATE = [
    "dana@reader.example.org",
    "203.0.113.45",
    "jordan@blog.example.com",
    "198.51.100.7",
    "sales@followers.example.net",
    "192.0.2.200",
    "reader.example.org",
]


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A valid PNG of one colour, written here so no binary is committed."""
    row = b"\x00" + bytes(rgb) * width
    raw = row * height

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def write_uploads(folder: Path) -> Path:
    """wp-content/uploads as the old site had it: the originals only (the
    post shows a resized copy, hayzlett-dm-300x120.png, that is not here)."""
    month = folder / "2009" / "10"
    month.mkdir(parents=True)
    (month / "hayzlett-dm.png").write_bytes(png(60, 24, (29, 99, 191)))
    (month / "poll-results.png").write_bytes(png(80, 50, (194, 65, 12)))
    return folder


def empty_site(root: Path) -> Path:
    """A content folder with the site's own extras (favicon, _headers)."""
    content = root / "content"
    content.mkdir(parents=True)
    shutil.copytree(ROOT / "content" / "extra", content / "extra")
    return content


def reference_arguments(root: Path) -> list[str]:
    """`invoke import-wordpress` arguments: the reference export, with a copy
    of its uploads, into an empty site, all under ``root``."""
    content = empty_site(root)
    uploads = write_uploads(root / "uploads")
    return [str(REFERENCE_EXPORT), "--uploads", str(uploads), "--content", str(content)]


def import_reference(
    root: Path, *options: str, env: dict | None = None
) -> tuple[Path, str]:
    """The reference export imported under ``root``: the content folder and
    the import's report."""
    result = run_import(*reference_arguments(root), *options, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "content", result.stdout


def run_import(*arguments: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`invoke import-wordpress ...`, as an author runs it."""
    return subprocess.run(
        [sys.executable, "-m", "invoke", "import-wordpress", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        check=False,
        timeout=300,
    )
