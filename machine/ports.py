"""A port to listen on, or one line saying why not.

Every local server here (`invoke serve`, `invoke livereload`, and any that
replaces them) calls ensure_free() before it does anything slow, and starts
listening inside `with bind_refusals_explained(...)`, for a port taken in
between: a busy port is the machine's problem, and the author needs its
number and a free one, not a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import socket
from collections.abc import Iterator

from .errors import MachineError

HOST = "127.0.0.1"
# What a bind refused for the port's sake raises; other errors are not ours.
BIND_REFUSALS = (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL)
SEARCHED = 50  # ports tried above a busy one for a free one to suggest


def parse(value: int | str) -> int:
    try:
        port = int(value)
    except (TypeError, ValueError):
        port = -1
    if not 1 <= port <= 65535:
        raise MachineError(
            f"--port {value} is not a port: give a number from 1 to 65535."
        )
    return port


def _bind_error(port: int, host: str) -> OSError | None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the servers do, so that a port left in TIME_WAIT counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            return error
    return None


def free_port_above(port: int, host: str = HOST) -> int | None:
    for candidate in range(port + 1, min(port + SEARCHED, 65535) + 1):
        if _bind_error(candidate, host) is None:
            return candidate
    return None


def explain(error: OSError, port: int, command: str, host: str = HOST) -> MachineError:
    """The one line for a failed bind; ``command`` is how the author started
    the server (`invoke serve`), to show it again with a port that works."""
    suggestion = free_port_above(max(port, 1023), host)
    retry = f" `{command} --port {suggestion}`" if suggestion else ""
    if error.errno == errno.EADDRINUSE:
        return MachineError(
            f"Port {port} on {host} is already in use (another `{command}` "
            f"or another server still running?): stop that program, or choose "
            f"a free port:{retry or ' --port N'}."
        )
    if error.errno == errno.EACCES:
        return MachineError(
            f"Port {port} on {host} needs administrator rights on this "
            f"system: choose a port from 1024 up:{retry or ' --port N'}."
        )
    return MachineError(
        f"Cannot listen on {host}:{port} ({error.strerror}): choose another "
        f"port:{retry or ' --port N'}."
    )


def ensure_free(port: int, command: str, host: str = HOST) -> None:
    """Raise MachineError when nothing could listen on the port now."""
    error = _bind_error(port, host)
    if error is not None:
        raise explain(error, port, command, host)


@contextlib.contextmanager
def bind_refusals_explained(
    port: int, command: str, host: str = HOST
) -> Iterator[None]:
    """Around the call that starts a server listening (and serves): a bind
    refused there, as by a program that took the port since ensure_free(),
    becomes the same MachineError. Wrap only that call: a build's EACCES
    is no port's fault."""
    try:
        yield
    except OSError as error:
        if error.errno not in BIND_REFUSALS:
            raise
        raise explain(error, port, command, host) from None
