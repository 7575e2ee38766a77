"""What a spreadsheet template holds: its columns, read from ``kinds/*.toml``.

Each kind (measures, suspensions, memberships) is declared in a TOML file, one
``[[column]]`` table per column, in the manner of ROBOT's templates: the column's
headers in English and Traditional Chinese, the guidance written under them, the
property it fills, the kind of value it takes and whether it may hold several. The
template is written, each cell checked, the triples made and the graph's own
entities written back from this one declaration, so a new column is a change to a
TOML file, not to Python.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from mingraph.iris import PREFIXES

KINDS_DIR = Path(__file__).resolve().parent / "kinds"

#: The value types a column may take: text (plain or with a language), a date at its
#: precision, a number, yes/no, a web address, or an entity of the graph of some kind.
VALUE_TYPES = (
    "id",
    "text",
    "text@en",
    "text@zh-Hant",
    "date",
    "integer",
    "boolean",
    "url",
    "decimal",
    "concept",
    "mineral",
    "actor",
    "place",
    "initiative",
    "policy",
    "claim",
    "entity",
    "source",
)


@dataclass(frozen=True)
class Column:
    name: str
    en: str
    zh: str
    type: str
    guide_en: str
    guide_zh: str
    predicate: str | None = None  # a prefixed name (mg:concerns): "property" in TOML
    required: bool = False
    split: str | None = None  # the separator of several values in one cell
    inverse: bool = False  # the value is the subject: <value> <property> <entity>
    role: str = "fact"  # fact, summary (the record's words), source or document
    scheme: str | None = None  # for a concept: its code list (mgi:units)
    language_from: str | None = None  # text tagged with the language another column gives

    @property
    def property_iri(self) -> str | None:
        return expand(self.predicate) if self.predicate else None

    @property
    def scheme_iri(self) -> str | None:
        return expand(self.scheme) if self.scheme else None

    @property
    def language(self) -> str | None:
        return self.type.split("@", 1)[1] if "@" in self.type else None

    def header(self, lang: str) -> str:
        return self.zh if lang == "zh-Hant" else self.en


@dataclass(frozen=True)
class Kind:
    name: str
    class_iri: str
    en: str
    zh: str
    columns: tuple[Column, ...]
    fixed: tuple[tuple[str, str], ...] = field(default=())  # (property, value) IRIs
    excluded: tuple[str, ...] = field(default=())  # classes of entities other kinds hold
    cited: bool = True  # whether each entity is credited to the row's summary

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def facts(self) -> tuple[Column, ...]:
        """The columns that state facts of the row's entity."""
        return tuple(c for c in self.columns if c.role == "fact" and c.predicate)


def expand(name: str) -> str:
    """The IRI of a prefixed name of the project's namespaces (``mg:concerns``)."""
    prefix, local = name.split(":", 1)
    return PREFIXES[prefix] + local


def kind_names() -> list[str]:
    """The template kinds, as ``mingraph template`` offers them."""
    return sorted(p.stem for p in KINDS_DIR.glob("*.toml") if not p.stem.startswith("_"))


def _columns(tables: list[dict], optional: set[str]) -> list[Column]:
    columns = []
    for declared in tables:
        table = {("predicate" if k == "property" else k): v for k, v in declared.items()}
        column = Column(**table)
        if column.type not in VALUE_TYPES:
            raise ValueError(f"column {column.name}: unknown value type {column.type!r}")
        if (column.type == "concept") != (column.scheme is not None):
            raise ValueError(
                f"column {column.name}: a concept column, and only one, names its scheme"
            )
        if column.name in optional:
            column = Column(**{**table, "required": False})
        columns.append(column)
    return columns


def load_kind(name: str) -> Kind:
    """The declaration of one kind; ``ValueError`` for a kind that is not declared."""
    if name not in kind_names():
        raise ValueError(f"unknown template {name!r}; known: {', '.join(kind_names())}")
    declared = tomllib.loads((KINDS_DIR / f"{name}.toml").read_text(encoding="utf-8"))
    optional = set(declared.get("optional", ()))
    tables = []
    for part in declared.get("include", ()):
        included = tomllib.loads((KINDS_DIR / f"{part}.toml").read_text(encoding="utf-8"))
        tables.extend(included["column"])
    tables.extend(declared["column"])
    cited = declared.get("cited", True)
    if cited:
        shared = tomllib.loads((KINDS_DIR / "_source.toml").read_text(encoding="utf-8"))
        tables.extend(shared["column"])
    return Kind(
        name=declared["kind"],
        class_iri=expand(declared["class"]),
        en=declared["en"],
        zh=declared["zh"],
        columns=tuple(_columns(tables, optional)),
        fixed=tuple((expand(p), expand(v)) for p, v in declared.get("fixed", ())),
        excluded=tuple(expand(c) for c in declared.get("exclude", ())),
        cited=cited,
    )
