"""Detect and decode the text encoding of an extracted document.

UTF-8 (with or without BOM) is tried first, then GB18030 (a superset of GBK and GB2312).
Nothing is guessed silently: the encoding used is returned and recorded, and a file that is
neither, or that is binary, is rejected with the byte offset and line where decoding failed.
"""

from __future__ import annotations

import codecs
import re

from ingest.errors import DocumentError

# C0 controls other than tab, line feed and carriage return, and DEL
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)`` for the bytes of a document."""
    if not data.strip():
        raise DocumentError("empty file: no text to read")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise DocumentError(
            f"binary content: NUL byte at offset {nul}; not an extracted-text document",
            line=_line_at(data, nul),
        )
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8):], "utf-8", data, offset=3), "utf-8-sig"
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end >= len(data):
            raise DocumentError(
                f"truncated file: incomplete UTF-8 character at byte {exc.start} (end of file)",
                line=_line_at(data, exc.start),
            ) from None
        text, encoding = _strict(data, "gb18030", data), "gb18030"
    _reject_control_characters(text)
    return text, encoding


def _strict(payload: bytes, encoding: str, data: bytes, offset: int = 0) -> str:
    try:
        return payload.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"cannot decode as UTF-8 or GB18030: invalid bytes at offset {exc.start + offset}",
            line=_line_at(data, exc.start + offset),
        ) from None


def _reject_control_characters(text: str) -> None:
    """Reject text with more control characters than one in 1,000 (binary content)."""
    found = _CONTROL.search(text)
    if found is None:
        return
    bad = len(_CONTROL.findall(text))
    if bad > len(text) // 1000:
        first = found.start()
        raise DocumentError(
            f"binary content: {bad} control characters (first at character {first})",
            line=text.count("\n", 0, first) + 1,
        )
