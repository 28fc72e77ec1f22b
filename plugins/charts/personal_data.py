"""Columns that look like personal data, before they are published.

ESP and CRM exports hold subscribers' addresses and names; analytics
exports hold client ids and IP addresses. A column is flagged when

- its values look like email addresses (any cell), or like phone numbers
  or IP addresses (at least half of its filled cells: a version number
  such as ``1.2.3.4`` alone is no IP column); or
- its header *is* one of those fields: an email, phone, name, address,
  IP or user id column (``Email``, ``First name``, ``Phone number``,
  ``Street address``, ``client_id``).

Headers are matched whole, after folding case and separators, not by the
words they contain: ``Campaign name``, ``Product name``, ``Emails sent``,
``Email opens``, ``Mobile`` (a device), ``Web address`` and ``Account id``
describe campaigns, counts and devices, not people, and ordinary marketing
exports must pass. A column headed ``Email`` that holds only numbers is a
channel's count, not addresses, and passes too.

Messages never repeat the values found (build logs are often public):
they name the file, the column and the first line.

Pure functions over text cells; the chart pipeline decides what is scanned
(every raw CSV that is published, and every table a chart shows) and what
a finding does (a warning in development, an error in a publish build).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

EMAIL = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}"
)
PHONE_CHARACTERS = re.compile(r"^\+?[\d\s().-]+$")
PHONE_SHAPES = (
    # +1 415 555 2671, +44 20 7946 0958, +14155552671
    re.compile(r"^\+\d[\d\s().-]*$"),
    # (415) 555-2671, 415-555-2671, 415.555.2671
    re.compile(r"^\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}$"),
    # national numbers with a trunk 0: 020 7946 0958, 06 12 34 56 78
    re.compile(r"^0\d{1,4}(?:[\s.-]\d{2,8}){1,4}$"),
)
PHONE_DIGITS = (8, 15)
NATIONAL_PHONE_MIN_DIGITS = 9

# Headers that name a field about a person, folded (see fold()).
_PERSON = (
    "contact",
    "customer",
    "subscriber",
    "recipient",
    "member",
    "lead",
    "client",
    "user",
    "person",
    "buyer",
    "sender",
    "author",
    "owner",
    "visitor",
)
_EMAIL_HEADERS = {
    "email",
    "e mail",
    "mail",
    "email address",
    "e mail address",
    "mail address",
    "emailaddress",
    *(f"{who} email" for who in _PERSON),
    *(f"{who} email address" for who in _PERSON),
    "work email",
    "personal email",
    "billing email",
    "reply to",
}
_PHONE_HEADERS = {
    "phone",
    "telephone",
    "tel",
    "phone number",
    "telephone number",
    "mobile number",
    "mobile phone",
    "mobile phone number",
    "cell phone",
    "cell number",
    "cellphone",
    "fax",
    "fax number",
    "sms number",
    "whatsapp",
    "whatsapp number",
    *(f"{who} phone" for who in _PERSON),
    *(f"{who} phone number" for who in _PERSON),
    "home phone",
    "work phone",
    "business phone",
}
_NAME_HEADERS = {
    "name",
    "names",
    "full name",
    "fullname",
    "first name",
    "firstname",
    "last name",
    "lastname",
    "given name",
    "family name",
    "surname",
    "forename",
    "middle name",
    "display name",
    "username",
    "user name",
    "screen name",
    "nickname",
    *(f"{who} name" for who in _PERSON),
    *(f"{who} full name" for who in _PERSON),
    *(f"{who} first name" for who in _PERSON),
    *(f"{who} last name" for who in _PERSON),
}
_ADDRESS_HEADERS = {
    "address",
    "street",
    "street address",
    "address line 1",
    "address line 2",
    "address 1",
    "address 2",
    "address1",
    "address2",
    "home address",
    "postal address",
    "mailing address",
    "billing address",
    "shipping address",
    "delivery address",
    *(f"{who} address" for who in _PERSON),
}
_IP_HEADERS = {
    "ip",
    "ip address",
    "ipaddress",
    "ip addr",
    "ipv4",
    "ipv6",
    "remote ip",
    "remote addr",
    "client ip",
    "user ip",
    "visitor ip",
    "source ip",
}
_ID_HEADERS = {
    "user id",
    "userid",
    "uid",
    "user pseudo id",
    "customer id",
    "client id",
    "subscriber id",
    "contact id",
    "member id",
    "visitor id",
    "lead id",
    "person id",
    "recipient id",
    "device id",
    "cookie id",
}
HEADER_KINDS = (
    (_EMAIL_HEADERS, "an email address"),
    (_PHONE_HEADERS, "a phone number"),
    (_NAME_HEADERS, "a person's name"),
    (_ADDRESS_HEADERS, "an address"),
    (_IP_HEADERS, "an IP address"),
    (_ID_HEADERS, "a user id"),
)
# A header of one of these kinds over a column of numbers is a count
# ("Email" as a channel in a wide table), not the field itself.
COUNTABLE_KINDS = ("an email address", "a person's name", "an address")
NUMBER = re.compile(r"^[\s$€£¥%+\-−(),.'0-9]*\d[\s$€£¥%+\-−(),.'0-9]*$")
CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
SEPARATORS = re.compile(r"[\s_\-./:#()\[\]]+")


# The "column" of a finding in the lines outside the table.
NOTES = "(a line outside the table)"


@dataclass(frozen=True)
class Column:
    """A column to scan: its header, its cells and the file line of each.
    ``typed``: its cells are numbers or dates the chart typed (values, not
    text), which no value test can match, and which make a header such as
    "Email" a count."""

    name: str
    cells: Sequence  # text; values (None where empty) when typed
    lines: Sequence[int | None]
    typed: bool = False


@dataclass(frozen=True)
class Finding:
    """One column that looks personal: why, and the first line showing it."""

    column: str
    line: int | None
    reason: str

    def to_json(self) -> list:
        return [self.column, self.line, self.reason]

    @classmethod
    def from_json(cls, value: list) -> Finding:
        column, line, reason = value
        return cls(str(column), line if isinstance(line, int) else None, str(reason))


def fold(header: str) -> str:
    """``clientId``, ``Client_ID`` and ``client id`` all read ``client id``."""
    spaced = CAMEL.sub(" ", header.strip())
    return SEPARATORS.sub(" ", spaced.replace("-", " ")).strip().casefold()


def header_kind(header: str) -> str | None:
    folded = fold(header)
    for names, kind in HEADER_KINDS:
        if folded in names:
            return kind
    return None


def is_email(cell: str) -> bool:
    return "@" in cell and EMAIL.search(cell) is not None


def is_phone(cell: str) -> bool:
    text = cell.strip()
    if not PHONE_CHARACTERS.match(text):
        return False
    digits = sum(character.isdigit() for character in text)
    if not PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]:
        return False
    if text.startswith("0") and digits < NATIONAL_PHONE_MIN_DIGITS:
        return False
    return any(shape.match(text) for shape in PHONE_SHAPES)


def is_ip(cell: str) -> bool:
    """A dotted-quad IPv4 or an IPv6 address (a time such as 10:00:00,
    with two colons, is none)."""
    text = cell.strip()
    if not text or len(text) > 45:
        return False
    if ":" in text:
        if "::" not in text and text.count(":") != 7:
            return False
    elif text.count(".") != 3:
        return False
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


VALUE_KINDS = (
    (is_phone, "phone numbers"),
    (is_ip, "IP addresses"),
)


def scan_column(column: Column) -> Finding | None:
    """The first reason this column looks personal, or None. ``lines`` is
    read only for the cell a finding names (it may be worked out lazily)."""
    cells, lines = column.cells, column.lines
    if column.typed:
        filled = [i for i, value in enumerate(cells) if value is not None]
        return _by_header(column, filled, True)
    filled = [i for i, cell in enumerate(cells) if cell and cell.strip()]
    for i in filled:
        if is_email(cells[i]):
            return Finding(column.name, lines[i], "holds email addresses")
    for test, what in VALUE_KINDS:
        matches = [i for i in filled if test(cells[i])]
        if matches and 2 * len(matches) >= len(filled):
            return Finding(column.name, lines[matches[0]], f"holds {what}")
    numbers = bool(filled) and all(NUMBER.match(cells[i]) for i in filled)
    return _by_header(column, filled, numbers)


def _by_header(column: Column, filled: list[int], numbers: bool) -> Finding | None:
    """A column headed as a personal field, unless it holds only numbers
    where that makes it a count ("Email" signups per week)."""
    kind = header_kind(column.name)
    if kind is None or (numbers and kind in COUNTABLE_KINDS):
        return None
    line = column.lines[filled[0]] if filled else None
    return Finding(column.name, line, f"its header says it holds {kind}")


def scan(columns: Iterable[Column]) -> tuple[Finding, ...]:
    """Every column that looks personal, in the order given."""
    return tuple(
        finding for column in columns if (finding := scan_column(column)) is not None
    )


def scan_notes(lines: Iterable[tuple[int, str]]) -> tuple[Finding, ...]:
    """Lines outside the table (notes above a header, skipped rows) that
    hold an email address: a raw file publishes them too."""
    for number, text in lines:
        if is_email(text):
            return (Finding(NOTES, number, "holds an email address"),)
    return ()
