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
    utf16 = _utf16(data)
    if utf16 is not None:
        try:
            text = _strict(data, utf16, data)
            _reject_control_characters(text)
            return text.removeprefix("\ufeff"), utf16
        except DocumentError:
            pass  # not UTF-16 text after all: judged as bytes below
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
        try:
            text, encoding = data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError as gb:
            # report where the file stops being what it evidently is: a prefix of Chinese
            # UTF-8 makes it a UTF-8 file with a bad byte, not a GB18030 file
            at = exc.start if not data[:exc.start].isascii() else gb.start
            name = "UTF-8" if at == exc.start else "GB18030"
            raise DocumentError(
                f"cannot decode as UTF-8 or GB18030: invalid {name} bytes at offset {at}",
                line=_line_at(data, at)) from None
    _reject_control_characters(text)
    return text, encoding


def _utf16(data: bytes) -> str | None:
    """The UTF-16 codec of ``data`` when it is UTF-16 text: a byte-order mark, or (no mark)
    NULs in the first 1,000 bytes mostly on one side of the byte pairs (the high bytes of the
    ASCII characters: line breaks, digits). Decoding must then confirm it (:func:`decode`)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = data[:1000]
    if len(data) % 2 == 0 and len(head) >= 8:
        odd, even = head[1::2].count(0), head[0::2].count(0)
        if odd >= 2 and odd >= 4 * even:
            return "utf-16-le"
        if even >= 2 and even >= 4 * odd:
            return "utf-16-be"
    return None


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
