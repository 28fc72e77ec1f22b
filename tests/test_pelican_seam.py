"""The one seam with Pelican's internals holds, for the Pelican in uv.lock.

plugins/sitekit/pelican_seam.py lists every use of Pelican's private API,
each with the Pelican code it relies on and a digest of that code's source
as it was read. An upgrade that changes any of it fails here, by name,
before a build goes subtly wrong; so does a private use outside the seam.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.metadata
import inspect
import re
import tomllib

import pytest
from conftest import ROOT
from sitekit import pelican_seam


def resolve(dotted: str):
    """``pelican.contents.Content.get_content`` -> that function."""
    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:split]))
        except ModuleNotFoundError:
            continue
        for name in parts[split:]:
            target = getattr(target, name)
        while not inspect.isroutine(target) and hasattr(target, "func"):
            target = target.func  # functools.partial (Pelican's memoized)
        return inspect.unwrap(target)
    raise LookupError(dotted)


def source_digest(dotted_names) -> str:
    hasher = hashlib.sha256()
    for dotted in dotted_names:
        hasher.update(inspect.getsource(resolve(dotted)).encode())
    return hasher.hexdigest()[:16]


def locked_version(package: str) -> str:
    lock = tomllib.loads((ROOT / "uv.lock").read_text("utf-8"))
    [entry] = [p for p in lock["package"] if p["name"] == package]
    return entry["version"]


def test_the_seam_was_read_against_the_locked_pelican():
    assert locked_version("pelican") == pelican_seam.PELICAN_VERSION
    assert importlib.metadata.version("pelican") == pelican_seam.PELICAN_VERSION


@pytest.mark.parametrize("use", pelican_seam.USES, ids=lambda use: use.name)
def test_pelican_code_each_private_use_relies_on_is_unchanged(use):
    assert source_digest(use.relies_on) == use.source_digest, (
        f"Pelican changed what {use.name} relies on ({', '.join(use.relies_on)}); "
        f"check that it still holds: {use.reason}"
    )


def test_pelican_still_logs_the_messages_the_seam_rewords():
    source = inspect.getsource(importlib.import_module("pelican.contents"))
    for template in (pelican_seam.MISSING_PROPERTY, pelican_seam.OUTSIDE_OUTPUT):
        assert repr(template)[1:-1] in source or template in source, template


def test_pelican_still_warns_of_a_failed_copy_as_the_seam_expects():
    source = inspect.getsource(importlib.import_module("pelican.utils"))
    assert f'"{pelican_seam.FAILED_COPY}", source, destination, e' in " ".join(
        source.split()
    )


PRIVATE = re.compile(
    r"\.(_content|_update_content|_get_intrasite_link_regex|_update_context"
    r"|_open_w|_written_files|_overridden_files|_add_item_to_the_feed"
    r"|_parse_metadata|_source_path|_md|_summary|_context|_file_update_required"
    r"|override_url|override_save_as)\b"
)


def test_no_plugin_uses_pelicans_private_api_outside_the_seam():
    offenders = []
    for path in sorted((ROOT / "plugins").rglob("*.py")):
        if path.name == "pelican_seam.py":
            continue
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if PRIVATE.search(line) and not line.lstrip().startswith("#"):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []
