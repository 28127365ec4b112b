"""Interpret the prose of a document: figures stated in sentences, and a per-line coverage report.

A figure is a number followed by a unit (万元, %, 辆, 平方米, 个 …). Its label is the words
between the previous delimiter (",", ":", "、", or the previous figure) and the number; subject
rules (``stated_figures.yaml``) turn labels into normalised keys, and a figure no rule labels
keeps a generic key (``amount``, ``percentage``, ``count``, ``area``). Context gives meaning to
figures that only relate to another one: "占54.62%" is the share of the figure before it,
"比上年增加195.71万元，增长32.75%" the change of the sentence's head figure, "与上年相同" an
unchanged comparison. Figures in a clause explaining a change ("主要原因是…") keep generic keys.

Every prose line holding a digit is reported: ``extracted`` (every number is a figure or a
number that is not a figure, such as a year or an enumeration), ``partial`` (some numbers left
unlabelled) or ``skipped`` (no figure; the reason says why).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ingest.catalogue import narrow, nfkc
from ingest.document import Document, Paragraph
from ingest.interpret.layout import LocatedTable

_QUOTE_CHARS = "“”\"'‘’「」『』"
_QUOTES = str.maketrans("", "", _QUOTE_CHARS)
_DIGITS = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_DIGIT = re.compile(r"\d")
_SPACES_OR_QUOTES = re.compile(rf"[\s{_QUOTE_CHARS}]+")
_SENTENCE_END = re.compile(r"[。;]")
_HEADING_PUNCTUATION = re.compile(r"[,;。]")
_LABELS_REMEMBERED = 65536  # labels whose reading is remembered (see _Rules)


@dataclass(slots=True)
class StatedFigure:
    """One figure stated in prose."""

    line: int
    section: str | None
    subject: str
    measure: str  # value | share | change | change_rate
    label: str
    qualifier: str | None
    value: Decimal
    unit: str | None
    direction: str | None  # increase | decrease | unchanged
    basis: str | None  # what it is compared with, or a share of
    parent_subject: str | None
    sentence: str
    generic: bool


@dataclass(slots=True)
class ProseLine:
    """A prose line holding a digit, and what became of its numbers."""

    line: int
    section: str | None
    text: str
    status: str  # extracted | partial | skipped
    figures: int
    numbers: int
    reason: str | None
    unlabelled: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ProseResult:
    figures: list[StatedFigure] = field(default_factory=list)
    lines: list[ProseLine] = field(default_factory=list)


@dataclass(slots=True)
class _Text:
    """A logical paragraph (lines joined where a figure wraps) in normalised form."""

    norm: str
    lines: list[int]  # source line of each character of ``norm``
    orig: str
    orig_at: list[int]  # index in ``orig`` of each character of ``norm``
    section: str | None
    spans: list[tuple[int, int, int]]  # (source line, start, end in ``orig``) of each line


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    num_end: int
    value: Decimal
    unit: str
    kind: str


@dataclass(frozen=True, slots=True)
class _SubjectRule:
    """A rule giving a figure its subject by its label (``subjects`` in the vocabulary)."""

    key: str
    label: re.Pattern[str]
    section: re.Pattern[str] | None
    after: re.Pattern[str] | None
    previous: re.Pattern[str] | None
    kinds: frozenset[str]  # the figure kinds it applies to; empty: all


class _Rules:
    """Compiled vocabulary."""

    def __init__(self, vocab: dict[str, Any]) -> None:
        units = sorted(vocab["units"], key=len, reverse=True)
        self.units: dict[str, str] = vocab["units"]
        self.figure = re.compile(
            r"(?<![\d.])(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<unit>"
            + "|".join(re.escape(u) for u in units) + ")")
        self.generic: dict[str, str] = vocab["generic_keys"]
        self.not_figures = [(r["reason"], re.compile(r["pattern"])) for r in vocab["not_figures"]]
        self.threshold = re.compile(vocab["threshold_after_unit"])
        self.headings = [re.compile(p) for p in vocab["headings"]]
        self.heading_max = int(vocab["heading_max_chars"])
        self.prefixes = [re.compile(p) for p in vocab["label_prefixes"]]
        self.reason = re.compile(vocab["reason_marker"])
        self.opener = re.compile(vocab["enumeration_opener"])
        cmp = vocab["comparison"]
        self.change = re.compile(cmp["change"])
        self.unchanged = re.compile(cmp["unchanged"])
        self.share = re.compile(cmp["share"])
        self.basis_default: str = cmp["basis_default"]
        self.basis_words = re.compile(cmp["basis_words"])
        self.bare_basis = re.compile(cmp["bare_basis"])
        self.continuation = tuple(vocab["continuation_starts"])
        self.directions: dict[str, str] = cmp["directions"]
        self.relative = [(re.compile(r["pattern"]), r["key"]) for r in vocab["relative"]]
        self.subjects = [
            _SubjectRule(
                key=r["key"], label=re.compile(r["label"]),
                section=re.compile(r["section"]) if r.get("section") else None,
                after=re.compile(r["after"]) if r.get("after") else None,
                previous=re.compile(r["previous"]) if r.get("previous") else None,
                kinds=frozenset(r.get("kinds") or ()))
            for r in vocab["subjects"]]
        self._subjects_by_kind: dict[str, list[_SubjectRule]] = {}
        self._label_matches: dict[tuple[str, str], list[tuple[_SubjectRule, str | None]]] = {}
        self._unprefixed: dict[str, str] = {}

    def subjects_for(self, kind: str) -> list[_SubjectRule]:
        """The subject rules for figures of ``kind``, in order (a rule naming no kinds: all)."""
        rules = self._subjects_by_kind.get(kind)
        if rules is None:
            rules = self._subjects_by_kind[kind] = [
                r for r in self.subjects if not r.kinds or kind in r.kinds]
        return rules

    def heading_depth(self, text: str) -> int | None:
        t = nfkc(text).strip()
        if len(t) > self.heading_max or _HEADING_PUNCTUATION.search(t) or self.figure.search(t):
            return None
        for depth, pattern in enumerate(self.headings):
            if pattern.search(t):
                return depth
        return None

    def without_prefixes(self, label: str) -> str:
        """``label`` without the prefixes (``label_prefixes``) it starts with, however nested
        (labels repeat: each is worked out once)."""
        found = self._unprefixed.get(label)
        if found is None:
            if len(self._unprefixed) >= _LABELS_REMEMBERED:
                self._unprefixed.clear()
            found = self._unprefixed[label] = self._strip_prefixes(label)
        return found

    def _strip_prefixes(self, label: str) -> str:
        changed = True
        while changed:
            changed = False
            for p in self.prefixes:
                new = p.sub("", label)
                if new != label:
                    label, changed = new, True
        return label

    def subject(self, label: str, section: str, after: str, kind: str,
                previous: str | None = None) -> tuple[str, str | None] | None:
        unquoted = None
        for rule, qualifier in self.label_matches(label, kind):
            if rule.previous and not (previous and rule.previous.search(previous)):
                continue
            if rule.section and not rule.section.search(section):
                continue
            if rule.after:
                if unquoted is None:
                    unquoted = after.translate(_QUOTES)
                a = rule.after.match(unquoted)
                if not a:
                    continue
                qualifier = a.groupdict().get("q") or qualifier
            return rule.key, qualifier
        return None

    def label_matches(self, label: str, kind: str) -> list[tuple[_SubjectRule, str | None]]:
        """The subject rules for ``kind`` whose label pattern finds ``label``, in order, each
        with the qualifier it reads (labels repeat: each is searched for once)."""
        key = (label, kind)
        found = self._label_matches.get(key)
        if found is None:
            if len(self._label_matches) >= _LABELS_REMEMBERED:
                self._label_matches.clear()
            found = self._label_matches[key] = [
                (rule, m.groupdict().get("q")) for rule in self.subjects_for(kind)
                if (m := rule.label.search(label))]
        return found


_COMPILED: dict[int, tuple[dict[str, Any], _Rules]] = {}


def _compiled(vocab: dict[str, Any]) -> _Rules:
    """``vocab`` compiled, once per vocabulary object (it is loaded once and read-only)."""
    cached = _COMPILED.get(id(vocab))
    if cached is None or cached[0] is not vocab:
        _COMPILED.clear()
        cached = _COMPILED[id(vocab)] = (vocab, _Rules(vocab))
    return cached[1]


class _CharForms(dict[int, str]):
    """The NFKC form of each character by code point, for ``str.translate`` (filled on use)."""

    def __missing__(self, code: int) -> str:
        form = self[code] = unicodedata.normalize("NFKC", chr(code))
        return form


_CHAR_FORMS = _CharForms()


def _normalise(text: str) -> tuple[str, list[int]]:
    """``text`` in NFKC, character by character, and the index in ``text`` of each character."""
    narrowed = narrow(text)
    if unicodedata.is_normalized("NFKC", narrowed):
        # each character of an NFKC text is its own form: the full-width ones were replaced
        return narrowed, list(range(len(text)))
    norm = text.translate(_CHAR_FORMS)
    if len(norm) == len(text):  # no form is empty: each character has a form of one
        return norm, list(range(len(text)))
    out, at = [], []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch):
            out.append(c)
            at.append(i)
    return "".join(out), at


def _clean_label(text: str, rules: _Rules, unit_names: list[str]) -> str:
    label = _SPACES_OR_QUOTES.sub("", text)
    for name in unit_names:
        if name:
            label = label.replace(name, "")
    return rules.without_prefixes(label)


def _prose_texts(doc: Document, tables: list[LocatedTable], rules: _Rules
                 ) -> tuple[list[_Text], list[tuple[Paragraph, str | None]]]:
    """Logical paragraphs of prose, and the headings that hold digits."""
    consumed: set[int] = set()
    for t in tables:
        for p in (t.title, t.marker, t.unit_name, t.scale_line, t.year_line, *t.notes):
            if p is not None:
                consumed.add(p.pos.line)
    texts: list[_Text] = []
    headings: list[tuple[Paragraph, str | None]] = []
    path: list[str] = []
    previous_was_prose = False
    for block in doc.blocks:
        if not isinstance(block, Paragraph) or block.pos.line in consumed:
            previous_was_prose = False
            continue
        depth = rules.heading_depth(block.text)
        if depth is not None:
            path = [*path[:depth], *([""] * max(0, depth - len(path))), block.text.strip()]
            path = path[:depth + 1]
            if _DIGIT.search(nfkc(block.text)):
                headings.append((block, " / ".join(p for p in path if p) or None))
            previous_was_prose = False
            continue
        section = " / ".join(p for p in path if p) or None
        norm, at = _normalise(block.text)
        line = block.pos.line
        if previous_was_prose and texts and norm.startswith(rules.continuation):
            last = texts[-1]
            offset = len(last.orig)
            last.norm += norm
            last.lines += [line] * len(norm)
            last.orig += block.text
            last.orig_at += [offset + i for i in at]
            last.spans.append((line, offset, len(last.orig)))
        else:
            texts.append(_Text(norm, [line] * len(norm), block.text, at, section,
                               [(line, 0, len(block.text))]))
        previous_was_prose = True
    return texts, headings


def _clause_start(norm: str, start: int, end: int) -> int:
    """Where the clause holding ``norm[end]`` starts: after the last clause delimiter
    (",", ":" or "、") in ``norm[start:end]``, else at ``start``."""
    return max(start, norm.rfind(",", start, end) + 1, norm.rfind(":", start, end) + 1,
               norm.rfind("、", start, end) + 1)


def _sentences(norm: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(norm):
        spans.append((start, m.end()))
        start = m.end()
    if start < len(norm):
        spans.append((start, len(norm)))
    return spans


class _Reader:
    """Reads the figures of one logical paragraph."""

    def __init__(self, text: _Text, rules: _Rules, unit_names: list[str]) -> None:
        self.t = text
        self.rules = rules
        self.unit_names = unit_names
        self.figures: list[StatedFigure] = []
        self.covered: list[tuple[int, int, str]] = []  # spans of digits accounted for
        self.previous_head: StatedFigure | None = None
        self.sentence_head: StatedFigure | None = None  # head of the last 。-sentence
        self.owner: StatedFigure | None = None  # the figure an enumeration (其中…) breaks down

    def sentence_text(self, start: int, end: int) -> str:
        t = self.t
        a = t.orig_at[start] if start < len(t.orig_at) else len(t.orig)
        b = t.orig_at[end - 1] + 1 if end - 1 < len(t.orig_at) else len(t.orig)
        return t.orig[a:b].strip()

    def candidates(self, start: int, end: int) -> list[_Candidate]:
        out = []
        for m in self.rules.figure.finditer(self.t.norm, start, end):
            unit = m.group("unit")
            after = self.t.norm[m.end():m.end() + 12]
            if self.rules.threshold.match(after):
                self.covered.append((m.start(), m.end("num"), "threshold"))
                continue
            out.append(_Candidate(m.start(), m.end(), m.end("num"),
                                  Decimal(m.group("num").replace(",", "")), unit,
                                  self.rules.units[unit]))
        return out

    def read(self) -> None:
        opener = self.rules.opener
        for start, end in _sentences(self.t.norm):
            new_sentence = start == 0 or self.t.norm[start - 1] == "。"
            segment = self.t.norm[start:end]
            if new_sentence:
                self.owner = (self.owner or self.sentence_head) if opener.match(segment) \
                    else None
                self.sentence_head = None
            elif opener.search(segment):
                self.owner = None
            self.read_sentence(start, end)

    def read_sentence(self, start: int, end: int) -> None:
        norm, rules = self.t.norm, self.rules
        section = self.t.section or ""
        sentence = self.sentence_text(start, end)
        head: StatedFigure | None = None
        heads: dict[str, StatedFigure] = {}  # first labelled figure of each value kind
        last_value: StatedFigure | None = None
        last_change: StatedFigure | None = None
        previous: StatedFigure | None = None
        clause_start = start
        placed: list[tuple[int, StatedFigure]] = []
        earlier = next((f for f in reversed(self.figures) if f.measure == "value"), None)
        last_of_kind: dict[str, StatedFigure] = {}
        reason_at = None
        m = rules.reason.search(norm, start, end)
        if m:
            reason_at = m.start()
        for cand in self.candidates(start, end):
            cut = _clause_start(norm, clause_start, cand.start)
            label = _clean_label(norm[cut:cand.start], rules, self.unit_names)
            after = norm[cand.end:cand.end + 30]
            line = self.t.lines[cand.start]
            in_reason = reason_at is not None and cand.start > reason_at
            if self.owner is None and rules.opener.search(norm, start, cand.start):
                self.owner = last_of_kind.get(cand.kind) or self.sentence_head
            fig = self.classify(cand, label, after, section, in_reason,
                                heads.get(cand.kind, head), last_value, last_change, previous)
            fig.line, fig.sentence = line, sentence
            self.figures.append(fig)
            placed.append((cand.start, fig))
            self.covered.append((cand.start, cand.num_end, "figure"))
            clause_start = cand.end
            previous = fig
            if fig.measure == "value" and not fig.generic:
                last_value = fig
                if head is None and not in_reason:
                    head = fig
                if not in_reason:
                    heads.setdefault(cand.kind, fig)
                    last_of_kind[cand.kind] = fig
                if self.sentence_head is None and not in_reason:
                    self.sentence_head = fig
            elif fig.measure == "value":
                last_value = fig
            if fig.measure in ("change", "change_rate"):
                last_change = fig
        self.unchanged(start, end, sentence, placed, earlier)
        if head is not None:
            self.previous_head = head

    def classify(self, cand: _Candidate, label: str, after: str, section: str,
                 in_reason: bool, head: StatedFigure | None, last_value: StatedFigure | None,
                 last_change: StatedFigure | None, previous: StatedFigure | None
                 ) -> StatedFigure:
        rules = self.rules
        parent = self.owner

        def make(subject: str, measure: str, *, qualifier: str | None = None,
                 direction: str | None = None, basis: str | None = None,
                 generic: bool = False) -> StatedFigure:
            return StatedFigure(
                line=0, section=self.t.section, subject=subject, measure=measure, label=label,
                qualifier=qualifier, value=cand.value, unit=cand.unit, direction=direction,
                basis=basis or None,
                parent_subject=parent.subject if parent is not None and parent.subject
                != subject else None, sentence="", generic=generic)

        generic_key = rules.generic[cand.kind]
        change = rules.change.match(label)
        if change:
            direction = rules.directions[change.group("verb")]
            basis = change.group("basis") or rules.basis_default
            basis = rules.basis_words.sub("", basis)
            measure = "change_rate" if cand.kind == "percent" else "change"
            if measure == "change_rate" and not change.group("basis") and last_change:
                basis = last_change.basis or basis
            if in_reason:
                return make(generic_key, measure, direction=direction, basis=basis,
                            generic=True)
            own = change.group("label")
            if own:
                found = rules.subject(own, section, after, "amount")
                if found:
                    return make(found[0], measure, qualifier=found[1], direction=direction,
                                basis=basis)
            target = (last_change if measure == "change_rate" and last_change else None) \
                or head or self.previous_head
            if target is None:
                return make(generic_key, measure, direction=direction, basis=basis,
                            generic=True)
            return make(target.subject, measure, qualifier=target.qualifier,
                        direction=direction, basis=basis)
        if in_reason:
            return make(generic_key, "value", generic=True)
        if cand.kind == "percent":
            share = rules.share.search(label)
            if share and last_value is not None:
                basis = share.group("basis") or None
                return make(last_value.subject, "share", qualifier=last_value.qualifier,
                            basis=basis, generic=last_value.generic)
        for pattern, template in rules.relative:
            if pattern.search(label) and previous is not None and not previous.generic:
                base = previous.subject.removesuffix("_amount")
                return make(template.format(previous=base), "value",
                            qualifier=previous.qualifier)
        found = rules.subject(label, section, after, cand.kind,
                              previous.subject if previous is not None else None)
        if found:
            return make(found[0], "value", qualifier=found[1])
        return make(generic_key, "value", generic=True)

    def unchanged(self, start: int, end: int, sentence: str,
                  placed: list[tuple[int, StatedFigure]], earlier: StatedFigure | None) -> None:
        rules = self.rules
        for m in rules.unchanged.finditer(self.t.norm, start, end):
            before = [f for at, f in placed if at < m.start() and f.measure == "value"]
            target = before[-1] if before else earlier
            own = _clean_label(m.groupdict().get("label") or "", rules, self.unit_names)
            own = rules.bare_basis.sub("", own)
            if own:
                found = rules.subject(own, self.t.section or "", "", "amount")
                named = [f for f in self.figures if found and f.subject == found[0]]
                target = named[-1] if named else target
            if target is None:
                continue
            basis = (m.groupdict().get("basis") or rules.basis_default)
            basis = rules.basis_words.sub("", basis) + (m.groupdict().get("label") or "")
            self.figures.append(StatedFigure(
                line=self.t.lines[m.start()], section=self.t.section, subject=target.subject,
                measure="change", label=m.group(0), qualifier=target.qualifier,
                value=Decimal(0), unit=target.unit, direction="unchanged",
                basis=basis or None, parent_subject=target.parent_subject, sentence=sentence,
                generic=target.generic))


def interpret_prose(doc: Document, tables: list[LocatedTable], unit_name: str | None,
                    vocab: dict[str, Any]) -> ProseResult:
    """Stated figures and the line report of ``doc``'s prose (tables located beforehand)."""
    rules = _compiled(vocab)
    unit_names = [unicodedata.normalize("NFKC", unit_name).replace(" ", "")] if unit_name \
        else []
    texts, headings = _prose_texts(doc, tables, rules)
    result = ProseResult()
    for para, section in headings:
        numbers = len(_DIGITS.findall(nfkc(para.text)))
        result.lines.append(ProseLine(para.pos.line, section, para.text, "skipped", 0, numbers,
                                      "heading"))
    for text in texts:
        if not _DIGIT.search(text.norm):
            continue  # no number: no figure (_Reader.unchanged needs one before) and no line
        reader = _Reader(text, rules, unit_names)
        reader.read()
        result.figures.extend(reader.figures)
        result.lines.extend(_line_report(text, reader, rules))
    result.lines.sort(key=lambda x: x.line)
    return result


def _line_report(text: _Text, reader: _Reader, rules: _Rules) -> list[ProseLine]:
    norm = text.norm
    covered = _first_kinds(reader.covered)
    ignored: dict[int, str] | None = None  # found when a number is not covered
    by_line: dict[int, dict[str, Any]] = {}
    for m in _DIGITS.finditer(norm):
        at = m.start()
        line = text.lines[at]
        entry = by_line.get(line)
        if entry is None:
            entry = by_line[line] = {"figures": 0, "numbers": 0, "reasons": [],
                                     "unlabelled": []}
        entry["numbers"] += 1
        kind = covered.get(at)
        if kind == "figure":
            entry["figures"] += 1
            continue
        if kind == "threshold":
            entry["reasons"].append("threshold")
            continue
        if ignored is None:
            ignored = _first_kinds((f.start(), f.end(), reason)
                                   for reason, pattern in rules.not_figures
                                   for f in pattern.finditer(norm))
        reason = ignored.get(at)
        if reason:
            entry["reasons"].append(reason)
        else:
            entry["unlabelled"].append(m.group(0))
    out = []
    lines_text = _physical_lines(text)
    for line, e in sorted(by_line.items()):
        if e["unlabelled"]:
            status = "partial" if e["figures"] else "skipped"
            reason = "numbers without a unit or label: " + ", ".join(e["unlabelled"])
        elif e["figures"]:
            status, reason = "extracted", None
        else:
            status = "skipped"
            reason = "no figure: " + ", ".join(dict.fromkeys(e["reasons"]))
        out.append(ProseLine(line, text.section, lines_text[line], status, e["figures"],
                             e["numbers"], reason, e["unlabelled"]))
    return out


def _first_kinds(spans: Iterable[tuple[int, int, str]]) -> dict[int, str]:
    """For each position inside the spans ``(start, end, kind)``, the kind of the first span
    holding it."""
    kinds: dict[int, str] = {}
    for start, end, kind in spans:
        for at in range(start, end):
            kinds.setdefault(at, kind)
    return kinds


def _physical_lines(text: _Text) -> dict[int, str]:
    """The text of each source line of a paragraph, as printed."""
    parts: dict[int, list[str]] = {}
    for line, start, end in text.spans:
        if end > start:
            parts.setdefault(line, []).append(text.orig[start:end])
    return {line: "".join(chunks) for line, chunks in parts.items()}
