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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ingest.catalogue import narrow, nfkc
from ingest.document import Document, Paragraph
from ingest.interpret.amounts import too_large
from ingest.interpret.layout import LocatedTable
from ingest.interpret.memory import Memory

_QUOTE_CHARS = "“”\"'‘’「」『』"
_QUOTES = str.maketrans("", "", _QUOTE_CHARS)
# a number: "\d\d*" matches as "\d+" does, but opening with a character class lets the regex
# engine skip to the next digit instead of trying a match at every character
_DIGITS = re.compile(r"\d\d*(?:,\d{3})*(?:\.\d+)?")
_DIGIT = re.compile(r"\d")
_SPACES_OR_QUOTES = re.compile(rf"[\s{_QUOTE_CHARS}]+")
_SENTENCE_END = re.compile(r"[。;]")
_HEADING_PUNCTUATION = re.compile(r"[,;。]")
_LABELS_REMEMBERED = 65536  # labels whose reading is remembered (see _Rules)
_PARAGRAPHS_REMEMBERED = 16384  # paragraphs whose forms are remembered (see _Rules)


def _figure_pattern(units: list[str]) -> str:
    r"""A number, not preceded by a digit or a point, and one of ``units`` (longest first).

    Written ``\d(?<![\d.]\d)\d*`` rather than ``(?<![\d.])\d+``: the two match alike (the
    look-behind tests the same character, the one before the first digit), but a pattern that
    opens with a character class lets the regex engine skip to the next digit instead of trying
    a match at every character."""
    return (r"(?P<num>\d(?<![\d.]\d)\d*(?:,\d{3})*(?:\.\d+)?)\s*(?P<unit>"
            + "|".join(re.escape(u) for u in units) + ")")


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
    orig_at: Sequence[int]  # index in ``orig`` of each character of ``norm`` (read only)
    section: str | None
    spans: list[tuple[int, int, int]]  # (source line, start, end in ``orig``) of each line


@dataclass(frozen=True, slots=True)
class _Reading:
    """What a label says by itself, whatever its context (see ``_Rules.reading``)."""

    change: re.Match[str] | None  # the label states a change (``comparison.change``)
    change_direction: str | None
    change_basis: str | None  # what the change is compared with, stated or by default
    share: re.Match[str] | None  # the label states a share (``comparison.share``)
    relative: str | None  # key template of the first ``relative`` rule the label matches


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
        self.figure = re.compile(_figure_pattern(units))
        self.generic: dict[str, str] = vocab["generic_keys"]
        not_figures = [(r["reason"], re.compile(r["pattern"])) for r in vocab["not_figures"]]
        self.not_figures = not_figures
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
        # pure functions of their texts, worked out once per text (see the methods using them)
        self._label_matches = Memory(self._label_matches_of, _LABELS_REMEMBERED)
        self._unprefixed = Memory(self._strip_prefixes, _LABELS_REMEMBERED)
        self._readings = Memory(self._read, _LABELS_REMEMBERED)
        self._paragraphs = Memory(self._paragraph, _PARAGRAPHS_REMEMBERED)
        self._labels = Memory(self._figure_label, _LABELS_REMEMBERED)

    def subjects_for(self, kind: str) -> list[_SubjectRule]:
        """The subject rules for figures of ``kind``, in order (a rule naming no kinds: all)."""
        rules = self._subjects_by_kind.get(kind)
        if rules is None:
            rules = self._subjects_by_kind[kind] = [
                r for r in self.subjects if not r.kinds or kind in r.kinds]
        return rules

    def paragraph(self, text: str) -> tuple[str, Sequence[int], str, int | None]:
        """``_forms(text)`` and the depth of the heading ``text`` is (None if it is none), worked
        out once per text (headings and set phrases recur from one document to the next)."""
        return self._paragraphs[text]

    def _paragraph(self, text: str) -> tuple[str, Sequence[int], str, int | None]:
        norm, at, form = _forms(text)
        return norm, at, form, self.heading_depth(form)

    def heading_depth(self, form: str) -> int | None:
        """The depth of the heading a paragraph is, given its NFKC form; None if it is not one."""
        t = form.strip()
        if len(t) > self.heading_max or _HEADING_PUNCTUATION.search(t) or self.figure.search(t):
            return None
        for depth, pattern in enumerate(self.headings):
            if pattern.search(t):
                return depth
        return None

    def without_prefixes(self, label: str) -> str:
        """``label`` without the prefixes (``label_prefixes``) it starts with, however nested
        (labels repeat: each is worked out once)."""
        return self._unprefixed[label]

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

    def figure_label(self, words: str, unit_name: str) -> str:
        """The label of a figure that ``words`` lead to: its last clause, cleaned (worked out
        once per text and unit name, a pure function of the two: the same words recur from
        one document to the next)."""
        return self._labels[words, unit_name]

    def _figure_label(self, key: tuple[str, str]) -> str:
        words, unit_name = key
        return _clean_label(words[_clause_start(words, 0, len(words)):], self, [unit_name])

    def reading(self, label: str) -> _Reading:
        """What ``label`` says by itself (a pure function of the label: each is read once)."""
        return self._readings[label]

    def _read(self, label: str) -> _Reading:
        change = self.change.match(label)
        direction = basis = None
        if change:
            direction = self.directions[change.group("verb")]
            basis = self.basis_words.sub("", change.group("basis") or self.basis_default)
        relative = next((key for pattern, key in self.relative if pattern.search(label)), None)
        return _Reading(change, direction, basis, self.share.search(label), relative)

    def label_matches(self, label: str, kind: str) -> list[tuple[_SubjectRule, str | None]]:
        """The subject rules for ``kind`` whose label pattern finds ``label``, in order, each
        with the qualifier it reads (labels repeat: each is searched for once)."""
        return self._label_matches[label, kind]

    def _label_matches_of(self, key: tuple[str, str]) -> list[tuple[_SubjectRule, str | None]]:
        label, kind = key
        return [(rule, m.groupdict().get("q")) for rule in self.subjects_for(kind)
                if (m := rule.label.search(label))]


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


def _forms(text: str) -> tuple[str, Sequence[int], str]:
    """``text`` in NFKC character by character, the index in ``text`` of each character (a
    range when each is its own) and ``nfkc(text)``; full-width forms replaced once for all."""
    narrowed = narrow(text)
    if unicodedata.is_normalized("NFKC", narrowed):
        # each character of an NFKC text is its own form: the full-width ones were replaced;
        # and ``nfkc`` gives ``narrowed`` (``text`` itself when already in NFKC, since then it
        # holds no full-width form to replace)
        return narrowed, range(len(text)), narrowed
    form = unicodedata.normalize("NFKC", text)
    norm = text.translate(_CHAR_FORMS)
    if len(norm) == len(text):  # no form is empty: each character has a form of one
        return norm, range(len(text)), form
    out, at = [], []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch):
            out.append(c)
            at.append(i)
    return "".join(out), at, form


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
        for p in t.preamble:
            consumed.add(p.pos.line)
    texts: list[_Text] = []
    headings: list[tuple[Paragraph, str | None]] = []
    path: list[str] = []
    section: str | None = None  # the path joined (kept with it)
    previous_was_prose = False
    for block in doc.blocks:
        if not isinstance(block, Paragraph) or block.pos.line in consumed:
            previous_was_prose = False
            continue
        norm, at, form, depth = rules.paragraph(block.text)
        if depth is not None:
            path = [*path[:depth], *([""] * max(0, depth - len(path))), block.text.strip()]
            path = path[:depth + 1]
            section = " / ".join(p for p in path if p) or None
            if _DIGIT.search(form):
                headings.append((block, section))
            previous_was_prose = False
            continue
        line = block.pos.line
        if previous_was_prose and texts and norm.startswith(rules.continuation):
            last = texts[-1]
            offset = len(last.orig)
            last.norm += norm
            last.lines += [line] * len(norm)
            last.orig += block.text
            last.orig_at = [*last.orig_at, *(offset + i for i in at)]  # (shared: not in place)
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


# What a figure means, as ``classify`` reads it: subject, measure, qualifier, direction, basis
# and whether the subject is a generic key
_Meaning = tuple[str, str, str | None, str | None, str | None, bool]


class _Reader:
    """Reads the figures of one logical paragraph."""

    def __init__(self, text: _Text, rules: _Rules, unit_name: str) -> None:
        self.t = text
        self.rules = rules
        self.unit_name = unit_name  # removed from labels ("" for none)
        self.figures: list[StatedFigure] = []
        self.last_value: StatedFigure | None = None  # the last of ``figures`` that is a value
        self.covered: list[tuple[int, int, str]] = []  # spans of digits accounted for
        self.previous_head: StatedFigure | None = None
        self.sentence_head: StatedFigure | None = None  # head of the last 。-sentence
        self.owner: StatedFigure | None = None  # the figure an enumeration (其中…) breaks down

    def sentence_text(self, start: int, end: int) -> str:
        t = self.t
        a = t.orig_at[start] if start < len(t.orig_at) else len(t.orig)
        b = t.orig_at[end - 1] + 1 if end - 1 < len(t.orig_at) else len(t.orig)
        return t.orig[a:b].strip()

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
        t, rules = self.t, self.rules
        norm = t.norm
        section = t.section or ""
        sentence = self.sentence_text(start, end)
        head: StatedFigure | None = None
        heads: dict[str, StatedFigure] = {}  # first labelled figure of each value kind
        last_value: StatedFigure | None = None
        last_change: StatedFigure | None = None
        previous: StatedFigure | None = None
        clause_start = start
        placed: list[tuple[int, StatedFigure]] = []
        earlier = self.last_value
        last_of_kind: dict[str, StatedFigure] = {}
        reason_at = None
        m = rules.reason.search(norm, start, end)
        if m:
            reason_at = m.start()
        # the spans of the figures, covered after the sentence's thresholds (as found before)
        spans: list[tuple[int, int, str]] = []
        for m in rules.figure.finditer(norm, start, end):
            at, cand_end = m.span()
            num_end = m.end("num")
            if rules.threshold.match(norm[cand_end:cand_end + 12]):
                self.covered.append((at, num_end, "threshold"))
                continue
            num, unit = m.group("num", "unit")
            if too_large(Decimal(num.replace(",", ""))):
                self.covered.append((at, num_end, _TOO_LARGE))
                continue
            kind = rules.units[unit]
            label = rules.figure_label(norm[clause_start:at], self.unit_name)
            in_reason = reason_at is not None and at > reason_at
            if self.owner is None and rules.opener.search(norm, start, at):
                self.owner = last_of_kind.get(kind) or self.sentence_head
            subject, measure, qualifier, direction, basis, generic = self.classify(
                kind, label, norm[cand_end:cand_end + 30], section, in_reason,
                heads.get(kind, head), last_value, last_change, previous)
            parent = self.owner
            fig = StatedFigure(
                t.lines[at], t.section, subject, measure, label, qualifier,
                Decimal(num.replace(",", "")), unit,
                direction, basis or None,
                parent.subject if parent is not None and parent.subject != subject else None,
                sentence, generic)
            self.figures.append(fig)
            placed.append((at, fig))
            spans.append((at, num_end, "figure"))
            clause_start = cand_end
            previous = fig
            if measure == "value":
                self.last_value = last_value = fig
                if not generic and not in_reason:
                    if head is None:
                        head = fig
                    heads.setdefault(kind, fig)
                    last_of_kind[kind] = fig
                    if self.sentence_head is None:
                        self.sentence_head = fig
            elif measure in ("change", "change_rate"):
                last_change = fig
        self.covered += spans
        self.unchanged(start, end, sentence, placed, earlier)
        if head is not None:
            self.previous_head = head

    def classify(self, kind: str, label: str, after: str, section: str,
                 in_reason: bool, head: StatedFigure | None, last_value: StatedFigure | None,
                 last_change: StatedFigure | None, previous: StatedFigure | None) -> _Meaning:
        rules = self.rules
        reading = rules.reading(label)
        generic_key = rules.generic[kind]
        change = reading.change
        if change:
            direction, basis = reading.change_direction, reading.change_basis
            measure = "change_rate" if kind == "percent" else "change"
            if measure == "change_rate" and not change.group("basis") and last_change:
                basis = last_change.basis or basis
            if in_reason:
                return generic_key, measure, None, direction, basis, True
            own = change.group("label")
            if own:
                found = rules.subject(own, section, after, "amount")
                if found:
                    return found[0], measure, found[1], direction, basis, False
            target = (last_change if measure == "change_rate" and last_change else None) \
                or head or self.previous_head
            if target is None:
                return generic_key, measure, None, direction, basis, True
            return target.subject, measure, target.qualifier, direction, basis, False
        if in_reason:
            return generic_key, "value", None, None, None, True
        if kind == "percent":
            share = reading.share
            if share and last_value is not None:
                return (last_value.subject, "share", last_value.qualifier, None,
                        share.group("basis") or None, last_value.generic)
        if reading.relative is not None and previous is not None and not previous.generic:
            base = previous.subject.removesuffix("_amount")
            return reading.relative.format(previous=base), "value", previous.qualifier, None, \
                None, False
        found = rules.subject(label, section, after, kind,
                              previous.subject if previous is not None else None)
        if found:
            return found[0], "value", found[1], None, None, False
        return generic_key, "value", None, None, None, True

    def unchanged(self, start: int, end: int, sentence: str,
                  placed: list[tuple[int, StatedFigure]], earlier: StatedFigure | None) -> None:
        rules = self.rules
        for m in rules.unchanged.finditer(self.t.norm, start, end):
            before = [f for at, f in placed if at < m.start() and f.measure == "value"]
            target = before[-1] if before else earlier
            own = _clean_label(m.groupdict().get("label") or "", rules, [self.unit_name])
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
    unit = unicodedata.normalize("NFKC", unit_name).replace(" ", "") if unit_name else ""
    texts, headings = _prose_texts(doc, tables, rules)
    result = ProseResult()
    for para, section in headings:
        numbers = len(_DIGITS.findall(nfkc(para.text)))
        result.lines.append(ProseLine(para.pos.line, section, para.text, "skipped", 0, numbers,
                                      "heading"))
    for text in texts:
        if not _DIGIT.search(text.norm):
            continue  # no number: no figure (_Reader.unchanged needs one before) and no line
        reader = _Reader(text, rules, unit)
        reader.read()
        result.figures.extend(reader.figures)
        result.lines.extend(_line_report(text, reader, rules))
    result.lines.sort(key=lambda x: x.line)
    return result


_TOO_LARGE = "too large to store"


def _line_report(text: _Text, reader: _Reader, rules: _Rules) -> list[ProseLine]:
    covered, lines = reader.covered, text.lines
    ignored: _Ignored | None = None  # made when a number is not covered
    counts: dict[int, _LineCount] = {}
    for m in _DIGITS.finditer(text.norm):
        at = m.start()
        line = lines[at]
        count = counts.get(line)
        if count is None:
            count = counts[line] = _LineCount(0, 0, [], [])
        count.numbers += 1
        kind = _first_kind(covered, at)
        if kind == "figure":
            count.figures += 1
        elif kind in ("threshold", _TOO_LARGE):
            count.reasons.append(kind)
        else:
            if ignored is None:
                ignored = _Ignored(text.norm, rules.not_figures)
            reason = ignored.reason(at)
            if reason:
                count.reasons.append(reason)
            else:
                count.unlabelled.append(m.group(0))
    out = []
    lines_text = _physical_lines(text)
    for line, c in sorted(counts.items()):
        if c.unlabelled:
            status = "partial" if c.figures else "skipped"
            reason = "numbers without a unit or label: " + ", ".join(c.unlabelled)
        elif _TOO_LARGE in c.reasons:  # a figure lost to the store's range is never silent
            status = "partial" if c.figures else "skipped"
            reason = "figures too large to store"
        elif c.figures:
            status, reason = "extracted", None
        else:
            status = "skipped"
            reason = "no figure: " + ", ".join(dict.fromkeys(c.reasons))
        out.append(ProseLine(line, text.section, lines_text[line], status, c.figures,
                             c.numbers, reason, c.unlabelled))
    return out


@dataclass(slots=True)
class _LineCount:
    """The numbers of one source line, as the line report counts them."""

    figures: int
    numbers: int
    reasons: list[str]  # why numbers that are not figures are not
    unlabelled: list[str]  # numbers with no reason


def _first_kind(spans: Iterable[tuple[int, int, str]], at: int) -> str | None:
    """The kind of the first span ``(start, end, kind)`` holding position ``at``."""
    for start, end, kind in spans:
        if start <= at < end:
            return kind
    return None


class _Ignored:
    """Why numbers of a text are not figures (``not_figures``): the reason of the first pattern
    with a match holding the number. Each pattern's matches are found only as far as the numbers
    asked about need (most numbers left over are years near the start of a text, which the first
    patterns explain)."""

    def __init__(self, norm: str, patterns: list[tuple[str, re.Pattern[str]]]) -> None:
        self.norm = norm
        self.patterns = patterns
        self.matches: list[_Matches] = []  # of the first patterns, in order

    def reason(self, at: int) -> str | None:
        norm = self.norm
        for i, (reason, pattern) in enumerate(self.patterns):
            if i == len(self.matches):
                self.matches.append(_Matches(pattern.finditer(norm)))
            if self.matches[i].hold(at):
                return reason
        return None


class _Matches:
    """The matches of a pattern in a text (``finditer``), found as far as questions need."""

    def __init__(self, matches: Iterator[re.Match[str]]) -> None:
        self.rest = matches
        self.spans: list[tuple[int, int]] = []  # of the matches found so far, in order

    def hold(self, at: int) -> bool:
        """Whether a match holds position ``at``: one found so far, or one of those up to the
        first that starts after ``at`` (the matches come in order of their start)."""
        for start, end in self.spans:
            if start <= at < end:
                return True
        if self.spans and self.spans[-1][0] > at:
            return False
        for m in self.rest:
            start, end = m.span()
            self.spans.append((start, end))
            if start <= at < end:
                return True
            if start > at:
                return False
        return False


def _physical_lines(text: _Text) -> dict[int, str]:
    """The text of each source line of a paragraph, as printed."""
    if len(text.spans) == 1:  # the usual paragraph of one line (what the loop gives for it)
        line, start, end = text.spans[0]
        return {line: text.orig[start:end]} if end > start else {}
    parts: dict[int, list[str]] = {}
    for line, start, end in text.spans:
        if end > start:
            parts.setdefault(line, []).append(text.orig[start:end])
    return {line: "".join(chunks) for line, chunks in parts.items()}
