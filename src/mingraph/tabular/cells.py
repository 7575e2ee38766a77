"""One cell's text to RDF terms, by its column's value type, or a problem at the cell.

Names are resolved as ``mingraph ask`` resolves a parameter (slug, label in either
language or script, QID, ISO code), against the graph the rows will join; a name
that matches nothing is refused with the closest entities as suggestions. Every
problem names its file, row, column and field, in English or Traditional Chinese.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from mingraph.dates import parse_date
from mingraph.engines import Engine
from mingraph.iris import MGI, XSD
from mingraph.printable import one_line
from mingraph.resolve import BadParameter, resolve_entity
from mingraph.tabular.declaration import Column
from mingraph.tabular.sheets import Cell

#: What each entity type names: the kinds it is resolved as (those of 'ask'), what it
#: is called in messages, and the class a described entity must then belong to.
MG_ = "https://w3id.org/mingraph/ontology#"
ENTITY_KINDS = {
    "mineral": (("mineral",), "mineral", "礦物", None),
    "actor": (("country",), "state or organisation", "國家或組織", None),
    "initiative": (("initiative",), "initiative", "倡議", None),
    "policy": (("policy",), "measure", "措施", None),
    "source": (("source",), "source", "來源", None),
    # 'ask' has no parameter of these: any described entity, held to its class
    "place": (("place",), "place", "地點", MG_ + "Place"),
    "claim": (("claim",), "claim", "說法", MG_ + "Claim"),
    "entity": (("entity",), "entity", "項目", None),
}
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
URL = re.compile(r"https?://[^\s<>\"{}|^`\\]+")
YES = {"yes", "true", "y", "1", "是"}
NO = {"no", "false", "n", "0", "否"}
CONCEPTS = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?concept ?label WHERE { ?concept skos:inScheme <%s> ; rdfs:label ?label . }
"""


def concepts(engine: Engine, scheme: str) -> dict[str, list[str]]:
    """The codes of a code list (a SKOS scheme's IRI), each with its labels."""
    codes: dict[str, list[str]] = {}
    for row in engine.run(CONCEPTS % scheme).rows:
        codes.setdefault(row["concept"].value[len(MGI) :], []).append(row["label"].value)
    return codes


@dataclass(frozen=True)
class Problem:
    path: str
    cell: Cell | None
    row: int
    column: Column
    message: str

    def __str__(self) -> str:
        where = f"{self.path}, row {self.row}"
        if self.cell is not None:
            where += f", column {self.cell.column}"
        return f"{where} ({self.column.en}): {self.message}"

    def in_chinese(self) -> str:
        where = f"{self.path}，第 {self.row} 列"
        if self.cell is not None:
            where += f"，{self.cell.column} 欄"
        return f"{where}（{self.column.zh}）：{self.message}"


#: Entities of the rows being read that a value of a type may name.
NEW_KINDS = {("policy", MG_ + "Policy"), ("policy", MG_ + "Suspension"), ("claim", MG_ + "Claim")}


class CellError(ValueError):
    """A cell whose text is no value of its column: the message says why."""


class Resolver:
    """Turns names in cells into terms of one graph, remembering what it found."""

    def __init__(self, engine: Engine, lang: str = "en"):
        self.engine = engine
        self.lang = lang
        self.new_ids: dict[str, str] = {}  # slug → class IRI, of the rows being imported
        self._concepts: dict[str, dict[str, str]] = {}
        self._cache: dict[tuple[str, str], ox.NamedNode] = {}

    def say(self, en: str, zh: str) -> str:
        return zh if self.lang == "zh-Hant" else en

    def entity(self, type_: str, raw: str) -> ox.NamedNode:
        key = (type_, raw)
        if key not in self._cache:
            self._cache[key] = self._entity(type_, raw)
        return self._cache[key]

    def _entity(self, type_: str, raw: str) -> ox.NamedNode:
        kinds, what_en, what_zh, required_class = ENTITY_KINDS[type_]
        slug = raw.strip().removeprefix("mgi:")
        if slug in self.new_ids and (type_, self.new_ids[slug]) in NEW_KINDS:
            return ox.NamedNode(MGI + slug)
        try:
            found = ox.NamedNode(resolve_entity(self.engine, raw, kinds, "").value)
            held = f"ASK {{ {found} a <{required_class}> }}"
            if required_class and not self.engine.run(held).value:
                raise BadParameter(f"{raw!r} names no {what_en}.")
            return found
        except BadParameter as error:
            hint = str(error).split(". ", 1)[1] if ". " in str(error) else ""
            if " is ambiguous" in str(error):
                raise CellError(one_line(str(error).strip())) from None
            raise CellError(
                self.say(
                    f"{raw[:60]!r} names no {what_en}. {hint}".strip(),
                    f"「{raw[:60]}」不是已知的{what_zh}。{_chinese_hint(hint)}".strip(),
                )
            ) from None

    def concept(self, column: Column, raw: str) -> ox.NamedNode:
        """A concept of the column's code list, by code or label in either language."""
        from mingraph.search import fold

        scheme = column.scheme_iri
        if scheme not in self._concepts:
            codes = concepts(self.engine, scheme)
            self._concepts[scheme] = {
                fold(key): MGI + code for code, labels in codes.items() for key in (code, *labels)
            }
        known = self._concepts[scheme]
        found = known.get(fold(raw.strip().removeprefix("mgi:")))
        if found:
            return ox.NamedNode(found)
        import difflib

        codes = sorted({iri[len(MGI) :] for iri in known.values()})
        close = difflib.get_close_matches(fold(raw), codes, n=3, cutoff=0.6)
        what_en, what_zh = column.en.lower(), column.zh
        hint_en = f" Did you mean: {', '.join(close)}?" if close else ""
        hint_zh = f"是否指：{'、'.join(close)}？" if close else ""
        raise CellError(
            self.say(
                f"{raw[:60]!r} is no {what_en}.{hint_en} Known: {', '.join(codes)}",
                f"「{raw[:60]}」不是{what_zh}。{hint_zh}已知：{'、'.join(codes)}",
            )
        )


def _chinese_hint(hint: str) -> str:
    """The suggestion part of a refusal, framed in Chinese (the names stay as they are)."""
    if hint.startswith("Did you mean: "):
        names = hint.removeprefix("Did you mean: ").split("? ")[0]
        return f"是否指：{names}？"
    return ""


def values(column: Column, cell: Cell, resolver: Resolver) -> list[ox.NamedNode | ox.Literal]:
    """The terms a cell holds; raises :class:`CellError` when its text is no value."""
    texts = [t.strip() for t in cell.text.split(column.split)] if column.split else [cell.text]
    return [_value(column, text, resolver) for text in texts if text]


def _value(column: Column, text: str, resolver: Resolver) -> ox.NamedNode | ox.Literal:
    say = resolver.say
    kind = column.type
    if kind == "id":
        if not SLUG.fullmatch(text):
            raise CellError(
                say(
                    f"{text[:60]!r} is not a name: use lower case letters, digits and hyphens",
                    f"「{text[:60]}」不是有效名稱：請只用小寫英文字母、數字與連字號",
                )
            )
        return ox.NamedNode(MGI + text)
    if kind.startswith("text"):
        return ox.Literal(" ".join(text.split()), language=column.language)
    if kind == "date":
        try:
            lexical, datatype = parse_date(text)
        except ValueError:
            raise CellError(
                say(
                    f"{text[:40]!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, "
                    "at the precision the source gives",
                    f"「{text[:40]}」不是日期：請依來源之精確度寫作 YYYY、YYYY-MM 或 YYYY-MM-DD",
                )
            ) from None
        return ox.Literal(lexical, datatype=ox.NamedNode(datatype))
    if kind == "integer":
        if not text.isdigit():
            raise CellError(say(f"{text[:40]!r} is not a whole number", f"「{text[:40]}」不是整數"))
        return ox.Literal(str(int(text)), datatype=ox.NamedNode(XSD + "integer"))
    if kind == "boolean":
        if text.lower() in YES | NO:
            value = "true" if text.lower() in YES else "false"
            return ox.Literal(value, datatype=ox.NamedNode(XSD + "boolean"))
        raise CellError(
            say(f"{text[:40]!r}: write yes or no", f"「{text[:40]}」：請填「是」或「否」")
        )
    if kind == "url":
        if not URL.fullmatch(text):
            raise CellError(
                say(f"{text[:60]!r} is not an http(s) address", f"「{text[:60]}」不是 http(s) 網址")
            )
        return ox.NamedNode(text)
    if kind == "concept":
        return resolver.concept(column, text)
    if kind == "decimal":
        try:
            number = Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise CellError(
                say(f"{text[:40]!r} is not a number", f"「{text[:40]}」不是數字")
            ) from None
        # as Turtle reads a bare number: 190 is an integer, 3.4 a decimal
        datatype = (
            "integer" if number == number.to_integral_value() and "." not in text else "decimal"
        )
        return ox.Literal(str(number), datatype=ox.NamedNode(XSD + datatype))
    return resolver.entity(kind, text)


def problem(path: Path, row: int, column: Column, cell: Cell | None, message: str) -> Problem:
    return Problem(str(path), cell, row, column, message)
