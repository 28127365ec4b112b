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
# Table-number markers: 预算公开表1, 部门公开表9, 公开02表, 表一 (before a title in a contents line)
MARKER = re.compile(
    r"^(?:(?:预算|部门|单位|决算)?公开表\s*(?P<a>\d+)|公开\s*(?P<b>\d+)\s*表|表(?P<c>[一二三四五六七八九十]+))"
)


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


@lru_cache(maxsize=_LABEL_CACHE)
def normalise_title(text: str) -> str:
    """A table title without marker, markdown emphasis or leading year."""
    text = normalise(text).strip("#*")
    text = MARKER.sub("", text)
    return _LEADING_YEAR.sub("", text)


@dataclass(frozen=True, slots=True)
class TableKind:
    key: str
    name: str
    label: str
    financial: bool
    code_kind: str | None
    header: frozenset[str]
    row_units: tuple[tuple[re.Pattern[str], str], ...]


@dataclass(frozen=True, slots=True)
class TitleMatch:
    kind: TableKind
    template: str | None
    table_no: int | None


@dataclass(frozen=True, slots=True)
class _Alias:
    text: str
    suffix: bool
    kind: str
    template: str | None
    doc_kind: str | None
    table_no: int | None


class Catalogue:
    """Table kinds, templates and their title aliases, column roles and debris patterns."""

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
        self.empty_marks = tuple(data["empty_table_marks"])
        self.note_prefixes = tuple(data["note_prefixes"])
        self.debris = tuple(re.compile(p) for p in data["debris"])
        # all of them as one pattern: a line is debris when any of them finds something
        self.debris_any = re.compile("|".join(f"(?:{p})" for p in data["debris"]) or "(?!)")
        self.templates = data["templates"]
        aliases: list[_Alias] = []
        for template, spec in data["templates"].items():
            for table in spec["tables"]:
                for alias in table["aliases"]:
                    aliases.append(
                        _Alias(normalise_title(alias), table.get("match") == "suffix",
                               table["kind"], template, spec["doc_kind"], table.get("number"))
                    )
        for table in data["supplementary"]:
            for alias in table["aliases"]:
                aliases.append(
                    _Alias(normalise_title(alias), table.get("match") == "suffix",
                           table["kind"], None, None, None)
                )
        self._exact = {}
        for a in aliases:
            if not a.suffix:
                self._exact.setdefault(a.text, []).append(a)
        self._suffix = [a for a in aliases if a.suffix]
        self._suffix_texts = tuple(a.text for a in self._suffix)
        for a in aliases:
            if a.kind not in self.kinds:
                raise ValueError(f"catalogue alias {a.text!r} names unknown kind {a.kind!r}")
        self._candidates_of: dict[tuple[str, str | None], tuple[_Alias, ...]] = {}

    def _candidates(self, text: str, doc_kind: str | None) -> tuple[_Alias, ...]:
        """The aliases a line may name (remembered: a document's lines are looked up several
        times, and titles repeat across documents)."""
        key = (text, doc_kind)
        found = self._candidates_of.get(key)
        if found is None:
            if len(self._candidates_of) >= _LABEL_CACHE:
                self._candidates_of.clear()
            found = self._candidates_of[key] = self._find_candidates(text, doc_kind)
        return found

    def _find_candidates(self, text: str, doc_kind: str | None) -> tuple[_Alias, ...]:
        title = normalise_title(text)
        if not title or len(title) > 80:
            return ()
        candidates = self._exact.get(title)
        if not candidates:
            # one test for all suffixes first: most lines end with none of them
            candidates = [a for a in self._suffix if title.endswith(a.text)] \
                if title.endswith(self._suffix_texts) else []
        if doc_kind:
            preferred = [a for a in candidates if a.doc_kind in (doc_kind, None)]
            candidates = preferred or candidates
        return tuple(candidates)

    def match_title(self, text: str, doc_kind: str | None = None,
                    template: str | None = None) -> TitleMatch | None:
        """The table a printed title line names, or None if it names none.

        A title several templates print ("收入决算表") is read as the table of ``template``
        (the document's template, see :meth:`detect_template`) when that template has it."""
        candidates = self._candidates(text, doc_kind)
        if not candidates:
            return None
        if template:
            candidates = sorted(candidates, key=lambda a: a.template not in (template, None))
        a = candidates[0]
        return TitleMatch(self.kinds[a.kind], a.template, a.table_no)

    def detect_template(self, lines: list[str], doc_kind: str | None) -> str | None:
        """The template whose numbered tables the document's title lines name most often
        (distinct tables; ties go to the template listed first)."""
        seen: dict[str, set[int | None]] = {}
        for line in lines:
            for a in self._candidates(line, doc_kind):
                if a.template is not None:
                    seen.setdefault(a.template, set()).add(a.table_no)
        if not seen:
            return None
        order = list(self.templates)
        return max(seen, key=lambda t: (len(seen[t]), -order.index(t)))

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
