"""Text from outside (the server, file names) made harmless for a terminal.

A job message can carry escape sequences that retitle the window, move the cursor or clear the
screen; `printable` shows every control character as a visible escape (``\\x1b``) instead, and
`SafeConsole` applies it to all text it prints, whatever renderable holds it. rich's own
styling and cursor control (the live board) is emitted apart from the text and is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment

__all__ = ["SafeConsole", "printable"]

# C0 controls but newline and tab, DEL, C1 controls, and the bidirectional overrides that can
# make a line read differently from what it holds.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    r"""``text`` with control characters shown as escapes (newlines and tabs kept).

    >>> printable("done\x1b]0;pwned\x07")
    'done\\x1b]0;pwned\\x07'
    """
    return _CONTROL.sub(_shown, text)


class SafeConsole(Console):
    """A rich console that prints no control character of the text it is given."""

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control or not _CONTROL.search(segment.text):
                yield segment
            else:
                yield Segment(printable(segment.text), segment.style)
