"""A Content-Security-Policy as a <meta> tag can carry it.

Browsers ignore ``frame-ancestors``, ``report-uri``, ``report-to`` and
``sandbox`` in ``<meta http-equiv="Content-Security-Policy">`` (and say so in
the console). The theme's meta tag (plugins/security_policy) and the check
that compares it with the _headers policy (sitecheck/headers) both take
this definition.
"""

from __future__ import annotations

NOT_IN_META = frozenset({"frame-ancestors", "report-uri", "report-to", "sandbox"})


def directives(policy: str) -> list[tuple[str, str]]:
    """(name, the directive as written) for each directive of a policy."""
    found = []
    for part in (policy or "").split(";"):
        words = part.split()
        if words:
            found.append((words[0].lower(), " ".join(words)))
    return found


def meta_policy(policy: str) -> str:
    """The policy without the directives a meta tag cannot carry."""
    return "; ".join(
        text for name, text in directives(policy) if name not in NOT_IN_META
    )
