"""A big CSV file read once in pieces: its hash, and what its bytes say.

The engine path (bigcsv.py) never holds a whole file in memory. This pass
reads it in pieces of a few MB and gathers what the small path learns from
the decoded text: whether it is text at all, where the first byte that is
not UTF-8 or the first control character is (raised with the same words
as csvread.decode), how many lines it has, and whether its line ends or
quotes ask for more care than the engine gives.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from .csvread import (
    CONTROL_CHARACTERS,
    binary_error,
    control_error,
    is_utf16,
    not_utf8_error,
    nul_error,
)

CHUNK = 8 * 1024 * 1024
START_BYTES = 4096  # what the binary and UTF-16 checks look at
# Every byte but the control characters csvread refuses: deleting these
# leaves the control characters, in one pass in C.
NOT_CONTROL = bytes(b for b in range(256) if not CONTROL_CHARACTERS.fullmatch(chr(b)))
# The bytes Windows-1252 leaves undefined: a file holding one does not
# decode as cp1252 (what not_utf8_error's advice depends on).
NOT_CP1252 = bytes(b for b in range(256) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D))


def chunks(path: str, size: int = CHUNK) -> Iterator[bytes]:
    with open(path, "rb") as file:
        while chunk := file.read(size):
            yield chunk


def count_from(path: str, offset: int, byte: bytes) -> int:
    """How often ``byte`` occurs in the file from ``offset`` on."""
    found = done = 0
    for chunk in chunks(path):
        if done + len(chunk) > offset:
            found += chunk.count(byte, max(offset - done, 0))
        done += len(chunk)
    return found


@dataclass(frozen=True)
class FileFacts:
    path: str
    size: int
    start: bytes  # the first START_BYTES bytes
    ends_with_newline: bool
    lone_cr: bool  # a carriage return not followed by a line feed
    has_nul: bool
    # Offset and value of the first byte that is not UTF-8, and whether
    # the whole file decodes as Windows-1252 (which changes the advice).
    bad_utf8: tuple[int, int] | None
    cp1252: bool
    control: tuple[int, str] | None  # offset and character of the first one
    last_quote: int  # offset of the last '"', or -1

    @cached_property
    def line_count(self) -> int:
        """Lines as readlines() counts them (in a file without lone CRs)."""
        newlines = sum(chunk.count(b"\n") for chunk in chunks(self.path))
        return newlines + (0 if self.ends_with_newline or not self.size else 1)

    def line_at(self, offset: int) -> int:
        """The line the byte at ``offset`` is on."""
        line, done = 1, 0
        for chunk in chunks(self.path):
            if done + len(chunk) > offset:
                return line + chunk.count(b"\n", 0, offset - done)
            line += chunk.count(b"\n")
            done += len(chunk)
        return line

    def raise_text_errors(self, label: str, encoding: str) -> None:
        """The error csvread.decode raises for these bytes, if any, checked
        in the same order so that the same one comes first. (UTF-16 and
        other encodings than UTF-8 are left to the small path.)"""
        binary = binary_error(self.start, label)
        if binary is not None:
            raise binary
        if is_utf16(self.start, encoding):
            return
        if self.has_nul:
            raise nul_error(self.start, label)
        if encoding != "utf-8":
            return
        if self.bad_utf8 is not None:
            offset, byte = self.bad_utf8
            raise not_utf8_error(label, self.line_at(offset), byte, self.cp1252)
        if self.control is not None:
            offset, character = self.control
            raise control_error(label, self.line_at(offset), character)


def scan_file(path: str) -> FileFacts:
    """Read ``path`` once and gather its FileFacts."""
    size = 0
    start = previous_last = b""
    lone_cr = has_nul = False
    decoder = codecs.getincrementaldecoder("utf-8")()
    bad_utf8 = control = None
    cp1252 = True
    last_quote = -1
    for chunk in chunks(path):
        if not start:
            start = chunk[:START_BYTES]
        if previous_last == b"\r" and not chunk.startswith(b"\n"):
            lone_cr = True
        if b"\r" in chunk:
            crs = chunk.count(b"\r")
            lone_cr = lone_cr or crs != chunk.count(b"\r\n") + chunk.endswith(b"\r")
        has_nul = has_nul or b"\x00" in chunk
        if not chunk.isascii():
            cp1252 = cp1252 and not chunk.translate(None, NOT_CP1252)
            if bad_utf8 is None:
                bad_utf8 = _bad_utf8(decoder, chunk, size)
        elif bad_utf8 is None and decoder.getstate()[0]:
            bad_utf8 = _bad_utf8(decoder, chunk, size)  # a character cut short
        if control is None:
            found = chunk.translate(None, NOT_CONTROL)
            if found:  # its first byte is the first control character
                control = (size + chunk.index(found[:1]), found[:1].decode("ascii"))
        quote = chunk.rfind(b'"')
        if quote >= 0:
            last_quote = size + quote
        size += len(chunk)
        previous_last = chunk[-1:]
    lone_cr = lone_cr or previous_last == b"\r"
    if bad_utf8 is None:
        pending = decoder.getstate()[0]
        if pending:  # the file ends inside a character
            bad_utf8 = (size - len(pending), pending[0])
    return FileFacts(
        path=path,
        size=size,
        start=start,
        ends_with_newline=previous_last == b"\n",
        lone_cr=lone_cr,
        has_nul=has_nul,
        bad_utf8=bad_utf8,
        cp1252=cp1252,
        control=control,
        last_quote=last_quote,
    )


def _bad_utf8(decoder, chunk: bytes, offset: int) -> tuple[int, int] | None:
    """(offset, byte) of the first byte of ``chunk`` (at ``offset`` in the
    file) that is no UTF-8, the decoder holding what it kept of a character
    cut at the previous chunk's end."""
    pending = decoder.getstate()[0]
    try:
        decoder.decode(chunk)
    except UnicodeDecodeError as error:
        data = pending + chunk
        return offset - len(pending) + error.start, data[error.start]
    return None
