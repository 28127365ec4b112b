"""What the command prints: text from documents may hold terminal control sequences (an
ANSI ``ESC[2J`` clears the screen, an OSC sequence retitles the window); none reaches the
terminal."""

from __future__ import annotations

import re
from typing import TextIO

# escape sequences first (CSI, OSC, other ESC forms), then any C0/C1 control character but
# tab and newline
_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"            # CSI: ESC [ params final
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: ESC ] text BEL|ST
    r"|\x1b[@-Z\\-_]"                      # other two-character escapes
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """``text`` without control characters and escape sequences (tab and newline kept)."""
    return _CONTROL.sub("", text)


class _Printable:
    """A text stream that writes through ``clean``; everything else is the wrapped stream's."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(clean(text))
        return len(text)

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


def printable(stream: TextIO) -> TextIO:
    return stream if isinstance(stream, _Printable) else _Printable(stream)  # type: ignore[return-value]
