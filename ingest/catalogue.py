"""The table catalogue shipped as data (``catalogue.yaml``) and the label matching it needs."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import yaml

CATALOGUE_PATH = Path(__file__).with_name("catalogue.yaml")

# white space and quotes, left out of a label's canonical form
_SPACE_OR_QUOTE = re.compile(r"[\s“”\"'‘’「」『』]+")
_LEADING_YEAR = re.compile(r"^\d{4}年?度?")
_LEADERS = re.compile(r"(?:[.…·．‥]{2,}|[-—]{3,})\s*\d*$")
_NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}


def numeral_value(text: str) -> int | None:
    """The number a marker prints: digits, or a Chinese numeral up to 99 (十二, 二十一)."""
    digits = re.search(r"\d+", text)
    if digits:
        return int(digits.group())
    chars = [c for c in text if c in _NUMERALS]
    if not chars:
        return None
    if "十" not in chars:
        return _NUMERALS[chars[0]]
    i = chars.index("十")
    tens = _NUMERALS[chars[i - 1]] if i else 1
    ones = _NUMERALS[chars[i + 1]] if i + 1 < len(chars) else 0
    return tens * 10 + ones


_LABEL_CACHE = 65536  # distinct labels remembered per process (a few hundred per document)
# full-width forms and the ideographic space: each decomposes to one ASCII character
_NARROW = {c: unicodedata.normalize("NFKD", c) for c in map(chr, [*range(0xFF01, 0xFF5F), 0x3000])}
_WIDE = frozenset(_NARROW)


def narrow(text: str) -> str:
    """``text`` with its full-width forms and ideographic spaces replaced by their ASCII
    characters (their compatibility decompositions, and NFKC forms)."""
    for wide in _WIDE.intersection(text):
        text = text.replace(wide, _NARROW[wide])
    return text


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, cheaper for the usual Chinese text, whose only
    characters out of NFKC are full-width punctuation: those replaced by their (ASCII)
    decompositions, the text has the decomposition of the original, so the same NFKC form;
    when that is the text itself, nothing is left to compose."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    narrowed = narrow(text)
    if unicodedata.is_normalized("NFKC", narrowed):
        return narrowed
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=_LABEL_CACHE)
def normalise(text: str) -> str:
    """Canonical form for comparing labels: NFKC, no white space or quotes."""
    return _SPACE_OR_QUOTE.sub("", nfkc(text))


@lru_cache(maxsize=_LABEL_CACHE)
def normalise_header(text: str) -> str:
    """A header term without its leading year ("2026年预算数" -> "预算数")."""
    return _LEADING_YEAR.sub("", normalise(text))


@dataclass(frozen=True, slots=True)
class TableKind:
    key: str
    name: str
    label: str
    financial: bool
    code_kind: str | None
    header: frozenset[str]
    row_units: tuple[tuple[re.Pattern[str], str], ...]
    doc_kind: str | None = None
    title_all: tuple[re.Pattern[str], ...] = ()
    title_none: tuple[re.Pattern[str], ...] = ()

    def title_score(self, core: str) -> int:
        """How much of a title's core this kind's defining words cover (0: not this kind)."""
        if not self.title_all or any(p.search(core) for p in self.title_none):
            return 0
        score = 0
        for pattern in self.title_all:
            m = pattern.search(core)
            if m is None:
                return 0
            score += len(m.group()) or 1
        return score


@dataclass(frozen=True, slots=True)
class TitleMatch:
    """What a title line names: the kinds its words fit best (several when only the header
    can tell them apart), whether it continues a table, and the core the words were read in."""

    kinds: tuple[TableKind, ...]
    core: str
    continued: bool = False

    @property
    def kind(self) -> TableKind:
        return self.kinds[0]


class Catalogue:
    """Table kinds with the words that define them, template table sets, column roles and
    debris patterns."""

    def __init__(self, data: dict):
        self.version = data["version"]
        self.kinds = {
            key: TableKind(
                key=key,
                name=spec["name"],
                label=spec["label"],
                financial=bool(spec.get("financial")),
                code_kind=spec.get("code_kind"),
                header=frozenset(normalise_header(h) for h in spec.get("header", [])),
                row_units=tuple(
                    (re.compile(u["pattern"]), u["unit"]) for u in spec.get("row_units", [])
                ),
                doc_kind=spec.get("doc_kind"),
                title_all=tuple(re.compile(w) for w in spec.get("title", {}).get("all", [])),
                title_none=tuple(re.compile(w) for w in spec.get("title", {}).get("none", [])),
            )
            for key, spec in data["kinds"].items()
        }
        roles = data["roles"]
        self.code_leaves = frozenset(normalise(x) for x in roles["code"])
        self.label_leaves = frozenset(normalise(x) for x in roles["label"])
        self.line_no_leaves = frozenset(normalise(x) for x in roles["line_no"])
        self.code_kind_by_leaf = {normalise(k): v for k, v in roles["code_kind_by_leaf"].items()}
        self.split_code_labels = tuple(normalise(x) for x in data.get("split_code_labels", []))
        self.numbering_labels = frozenset(data["numbering_row_labels"])
        self.total_labels = frozenset(data["total_labels"])
        self.not_applicable = frozenset(normalise(x) for x in data["not_applicable_marks"])
        self.empty_marks = tuple(re.compile(m) for m in data["empty_table_marks"])
        self.role_patterns = tuple((role, re.compile(p)) for role, ps in roles["patterns"].items()
                                   for p in ps)
        self.note_prefixes = tuple(data["note_prefixes"])
        self.debris = tuple(re.compile(p) for p in data["debris"])
        # all of them as one pattern: a line is debris when any of them finds something
        self.debris_any = re.compile("|".join(f"(?:{p})" for p in data["debris"]) or "(?!)")
        # every word any kind's header, a column role or a split code prints: a header row
        # of one kind's table may use a word its kind's own list lacks
        self.header_words = frozenset().union(
            *(k.header for k in self.kinds.values()),
            (normalise_header(w) for w in data.get("header_words", [])),
            self.code_leaves, self.label_leaves, self.line_no_leaves,
            self.split_code_labels)
        shape = data["title_shape"]
        self.title_endings = tuple(shape["endings"])
        self.sentence_marks = frozenset(shape["sentence_marks"])
        self.title_max_length = int(shape["max_length"])
        self.references = re.compile(shape["references"])
        self.numbering = re.compile(data["numbering"])
        self.title_preamble = re.compile(data["title_preamble"])
        self.continuation = re.compile(data["continuation"])
        self.page_furniture = re.compile("|".join(f"(?:{p})" for p in data["page_furniture"]))
        self.templates = data["templates"]
        self.supplementary = tuple(data.get("supplementary", []))
        for name, spec in self.templates.items():
            for table in spec["tables"]:
                if table["kind"] not in self.kinds:
                    raise ValueError(f"template {name!r} names unknown kind {table['kind']!r}")
        self._matches: dict[tuple[str, str | None], TitleMatch | None] = {}

    def title_core(self, text: str) -> tuple[str, bool]:
        """A printed title reduced to the words that say what the table is, and whether it
        marks a continuation ("（续）")."""
        core = normalise(text).strip("#*")
        core = _LEADERS.sub("", core)  # a contents line: "1.收入预算总表……3"
        cut = self.title_preamble.search(core)
        if cut is not None and cut.start() > 0:
            core = core[:cut.start()]
        continued = bool(self.continuation.search(core))
        if continued:
            core = self.continuation.sub("", core)
        while True:
            m = self.numbering.match(core)
            if m is None or not m.group():
                break
            core = core[m.end():]
        return _LEADING_YEAR.sub("", core), continued

    def is_marker(self, text: str) -> bool:
        """A line that is only a table number ("表一", "公开01表", "预算公开表3")."""
        core = normalise(text)
        m = self.numbering.match(core)
        return m is not None and bool(m.group()) and m.end() == len(core) \
            and "部分" not in core

    def is_empty_mark(self, text: str) -> bool:
        """A note saying the table has nothing to show."""
        return any(m.search(text) for m in self.empty_marks)

    def leaf_role(self, leaf: str) -> str | None:
        """The role a column header's last words give it by pattern (code, label, line_no)."""
        return next((role for role, p in self.role_patterns if p.search(leaf)), None)

    def is_furniture(self, text: str) -> bool:
        """A page number or running mark, never content."""
        return self.page_furniture.match(normalise(text)) is not None

    def _title_shaped(self, core: str) -> bool:
        if not core or len(core) > self.title_max_length:
            return False
        if self.sentence_marks.intersection(core) or self.references.match(core):
            return False
        tail = re.sub(r"[(（][^()（）]{1,16}[)）]$", "", core)
        return tail.endswith(self.title_endings)

    def match_title(self, text: str, doc_kind: str | None = None) -> TitleMatch | None:
        """The kinds a printed title line names, or None if the line is no table title.

        Read from the words of the title, not a list of printed titles: every kind whose
        defining words occur in the title's core scores the length they cover; the best
        score wins, and kinds tied on it are left for the header to decide
        (:meth:`choose_kind`). A title saying 决算 names final-account kinds, one saying 预算
        budget kinds; one saying neither, the document's kind."""
        key = (text, doc_kind)
        if key in self._matches:
            return self._matches[key]
        if len(self._matches) >= _LABEL_CACHE:
            self._matches.clear()
        found = self._matches[key] = self._match(text, doc_kind)
        return found

    def _match(self, text: str, doc_kind: str | None) -> TitleMatch | None:
        core, continued = self.title_core(text)
        if not self._title_shaped(core):
            return None
        phase = "final_account" if "决算" in core else "budget" if "预算" in core else doc_kind
        scored = [(k.title_score(core), k) for k in self.kinds.values()
                  if k.doc_kind is None or phase is None or k.doc_kind == phase]
        best = max((score for score, _ in scored), default=0)
        if best == 0:
            return None
        return TitleMatch(tuple(k for score, k in scored if score == best), core, continued)

    def choose_kind(self, match: TitleMatch, header: list[str]) -> TableKind:
        """Of the kinds a title leaves open, the one whose header words the table's first
        rows print most (a code column counts for the kinds that have one)."""
        if len(match.kinds) == 1:
            return match.kinds[0]
        words = {normalise_header(c) for c in header if c}
        has_code = bool(words & self.code_leaves) or bool(
            words & set(self.split_code_labels))

        def score(kind: TableKind) -> tuple[int, int]:
            expects_code = bool(kind.header & self.code_leaves)
            return (len(words & kind.header) + (1 if has_code and expects_code else 0)
                    - (1 if has_code != expects_code else 0), 0)

        return max(match.kinds, key=score)

    def detect_template(self, kinds: set[str], doc_kind: str | None) -> str | None:
        """The template whose table set best matches the kinds a document holds (Jaccard
        similarity; ties go to the template listed first)."""
        best, best_score = None, 0.0
        for name, spec in self.templates.items():
            if doc_kind and spec["doc_kind"] != doc_kind:
                continue
            wanted = {t["kind"] for t in spec["tables"]}
            score = len(wanted & kinds) / len(wanted | kinds) if wanted | kinds else 0.0
            if score > best_score:
                best, best_score = name, score
        return best

    def table_number(self, template: str | None, kind: str) -> int | None:
        """The number ``template`` gives tables of ``kind`` (None: not in its set)."""
        if template is None:
            return None
        return next((t["number"] for t in self.templates[template]["tables"]
                     if t["kind"] == kind), None)

    def required_tables(self, template: str) -> list[tuple[int, str]]:
        """The numbered tables a document of this template must hold."""
        return [(t["number"], t["kind"]) for t in self.templates[template]["tables"]]

    def template_for(self, doc_kind: str) -> str | None:
        for name, spec in self.templates.items():
            if spec["doc_kind"] == doc_kind:
                return name
        return None


@cache
def load_catalogue(path: Path = CATALOGUE_PATH) -> Catalogue:
    """The shipped catalogue (parsed once per process)."""
    with open(path, encoding="utf-8") as fh:
        return Catalogue(yaml.safe_load(fh))
