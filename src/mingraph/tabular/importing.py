"""A filled template to triples: one entity per row, each fact credited to the row's
summary, every problem reported at its cell.

A row's summary is the words of a record (the researcher's own summary of the
public document the row names), exactly as the shipped record rows are: the row
becomes a record row ``mgi:ref-<id>`` holding the summary and naming the document,
and a citation ``mgi:cite-<id>`` quotes it and attests each fact the row fills.
A row may instead credit a source the graph holds (the article, a record row) whose
words its summary quotes. Nothing is half-imported: a file with any problem adds
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from mingraph.engines import Engine
from mingraph.inputs import InputError
from mingraph.iris import MGI, PREFIXES
from mingraph.tabular.cells import CellError, Problem, Resolver, problem, values
from mingraph.tabular.declaration import Kind, kind_names, load_kind
from mingraph.tabular.sheets import Row, grid_rows, read_grid

RDF = PREFIXES["rdf"]
RDFS = PREFIXES["rdfs"]
OA = PREFIXES["oa"]
PROV = PREFIXES["prov"]
DCTERMS = PREFIXES["dcterms"]
MG = PREFIXES["mg"]


class TemplateProblems(InputError):
    """Problems of a filled template, each at its cell."""

    def __init__(self, path: Path, problems: list[Problem], lang: str = "en"):
        self.problems = problems
        shown = [p.in_chinese() if lang == "zh-Hant" else str(p) for p in problems]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(str(path), shown[0].removeprefix(f"{path}, ") + more)
        self.lines = shown


@dataclass
class Imported:
    """The triples of a filled template and where each entity and fact came from."""

    kind: Kind
    triples: list[ox.Triple] = field(default_factory=list)
    rows_by_entity: dict[str, int] = field(default_factory=dict)


def detect_kind(path: Path, header: list[str]) -> Kind:
    """The kind whose columns the header row names."""
    spelled = {h.strip().lower() for h in header if h.strip()}
    for name in kind_names():
        kind = load_kind(name)
        known = {s.lower() for c in kind.columns for s in (c.en, c.zh, c.name)} | {
            "row kind",
            "列別",
        }
        required = {c.name for c in kind.columns if c.required}
        named = {c.name for c in kind.columns for s in (c.en, c.zh, c.name) if s.lower() in spelled}
        if spelled <= known and required <= named:
            return kind
    raise InputError(
        str(path),
        "the first row names the columns of no template "
        f"({', '.join(kind_names())}); write one with 'mingraph template KIND -o FILE'",
    )


def import_rows(
    path: Path, rows: list[Row], kind: Kind, engine: Engine, lang: str = "en", restate: bool = False
) -> Imported:
    """The triples of ``rows``; raises :class:`TemplateProblems` listing every problem.

    ``restate`` lets rows describe entities the graph already holds (a round trip of
    the graph's own rows); otherwise such a row is refused.
    """
    resolver = Resolver(engine, lang)
    problems: list[Problem] = []
    id_column = kind.column("id")
    for row in rows:
        cell = row.cells.get("id")
        if cell is not None:
            resolver.new_ids.setdefault(cell.text.strip(), kind.class_iri)
    seen: dict[str, int] = {}
    imported = Imported(kind)
    for row in rows:
        made = _row_triples(path, row, kind, resolver, problems)
        if made is None:
            continue
        entity, triples = made
        slug = entity.value[len(MGI) :]

        def refuse(english: str, chinese: str, row=row) -> None:
            cell = row.cells["id"]
            problems.append(
                problem(path, row.number, id_column, cell, resolver.say(english, chinese))
            )

        if slug in seen:
            refuse(
                f"{slug!r} is also the id of row {seen[slug]}",
                f"「{slug}」亦為第 {seen[slug]} 列之識別碼",
            )
            continue
        seen[slug] = row.number
        if not restate and _exists(engine, entity):
            amendable = _amendable(kind)
            refuse(
                f"{slug!r} is already in the graph: give the new entity a new id"
                + (" and name the entity it changes in 'Amends'" if amendable else ""),
                f"「{slug}」已在圖譜中：請為新項目另取識別碼"
                + ("，並於「修訂對象」欄填寫其修訂之項目" if amendable else ""),
            )
            continue
        imported.triples.extend(triples)
        imported.rows_by_entity[entity.value] = row.number
    if problems:
        raise TemplateProblems(path, problems, lang)
    return imported


def _amendable(kind: Kind) -> bool:
    return any(c.name == "amends" for c in kind.columns)


def _exists(engine: Engine, entity: ox.NamedNode) -> bool:
    from mingraph.results import Term

    answer = engine.run("ASK { ?entity ?p ?o }", {"entity": Term.iri(entity.value)})
    return bool(getattr(answer, "value", answer))


def _row_triples(
    path: Path, row: Row, kind: Kind, resolver: Resolver, problems: list[Problem]
) -> tuple[ox.NamedNode, list[ox.Triple]] | None:
    """The triples of one row, or None with its problems added to ``problems``."""
    filled: dict[str, list] = {}
    before = len(problems)
    for column in kind.columns:
        cell = row.cells.get(column.name)
        if cell is None:
            if column.required:
                problems.append(
                    problem(
                        path,
                        row.number,
                        column,
                        None,
                        resolver.say(f"'{column.en}' is required", f"「{column.zh}」為必填"),
                    )
                )
            continue
        try:
            filled[column.name] = values(column, cell, resolver)
        except CellError as error:
            problems.append(problem(path, row.number, column, cell, str(error)))
    if kind.cited:
        problems.extend(_source_problems(path, row, kind, filled, resolver))
    for column in kind.columns:  # a title is tagged with its document's language
        tag = filled.get(column.language_from or "")
        if tag and column.name in filled:
            filled[column.name] = [
                ox.Literal(v.value, language=tag[0].value) for v in filled[column.name]
            ]
    if len(problems) > before:
        return None
    entity = filled["id"][0]
    slug = entity.value[len(MGI) :]
    triples = [ox.Triple(entity, ox.NamedNode(RDF + "type"), ox.NamedNode(kind.class_iri))]
    if kind.class_iri == MG + "PublicDocument":
        triples += _citation_key(entity, slug)
    attested = []
    for property_iri, value in kind.fixed:
        triples.append(ox.Triple(entity, ox.NamedNode(property_iri), ox.NamedNode(value)))
        attested.append(property_iri)
    for column in kind.facts():
        predicate = ox.NamedNode(column.property_iri)
        for value in filled.get(column.name, ()):
            if column.inverse:
                triples.append(ox.Triple(value, predicate, entity))
            else:
                triples.append(ox.Triple(entity, predicate, value))
                if column.property_iri != RDFS + "label":
                    attested.append(column.property_iri)
    if kind.cited:
        triples.extend(_citation(slug, entity, kind, filled, attested))
    return entity, triples


def _source_problems(path: Path, row: Row, kind: Kind, filled: dict, resolver: Resolver):
    """A row quotes a source of the graph or describes a new document: one, not both."""
    documented = [c for c in kind.columns if c.role == "document" and c.name in filled]
    if "source" in filled and documented:
        yield (
            problem(
                path,
                row.number,
                documented[0],
                row.cells[documented[0].name],
                resolver.say(
                    "a row either quotes a source of the graph or describes a new document; "
                    "clear one of the two",
                    "一列或引用圖譜中之來源，或描述新文件，不可兩者並存；請清除其一",
                ),
            )
        )
    elif "source" not in filled and "document_kind" not in filled:
        yield (
            problem(
                path,
                row.number,
                kind.column("source"),
                None,
                resolver.say(
                    "describe the document the summary is about (its kind, and its publisher, "
                    "title, date or URL), or name a source of the graph whose words it quotes",
                    "請描述摘要所述之文件（其性質，及發布者、標題、日期或網址），"
                    "或填寫摘要所逐字引用之圖譜來源",
                ),
            )
        )


def _triple(subject, predicate: str, obj) -> ox.Triple:
    return ox.Triple(subject, ox.NamedNode(predicate), obj)


def _citation_key(document, slug: str) -> list[ox.Triple]:
    """'cite' names a document by its key: a new document's is its row's identifier,
    stable, unique among the rows, and never one of the shipped keys (they have no
    hyphen)."""
    return [_triple(document, MG + "citationKey", ox.Literal(slug))]


def _citation(slug: str, entity, kind: Kind, filled: dict, attested: list[str]) -> list[ox.Triple]:
    """The row's citation of its summary, and the record row and document, where new.

    With a source of the graph named, the summary quotes that source; otherwise the
    row is a record row of its own (``mgi:ref-<id>``) whose words the summary is, and
    which summarises the public document the row describes (``mgi:doc-<id>``).
    """
    citation = ox.NamedNode(f"{MGI}cite-{slug}")
    selector = ox.BlankNode()
    triples = []
    if "source" in filled:
        source = filled["source"][0]
    else:
        source = ox.NamedNode(f"{MGI}ref-{slug}")
        label_en = filled["label_en"][0].value
        label_zh = filled["label_zh"][0].value if filled.get("label_zh") else label_en
        triples += [
            _triple(source, RDF + "type", ox.NamedNode(MG + "RecordRow")),
            _triple(
                source, RDFS + "label", ox.Literal(f"Record {slug}: {label_en}", language="en")
            ),
            _triple(
                source, RDFS + "label", ox.Literal(f"紀錄 {slug}：{label_zh}", language="zh-Hant")
            ),
            _triple(source, DCTERMS + "identifier", ox.Literal(slug)),
        ]
        document = ox.NamedNode(f"{MGI}doc-{slug}")
        triples += [
            _triple(source, MG + "summarises", document),
            _triple(document, RDF + "type", ox.NamedNode(MG + "PublicDocument")),
            *_citation_key(document, slug),
        ]
        for column in kind.columns:
            if column.role == "document":
                for value in filled.get(column.name, ()):
                    triples.append(_triple(document, column.property_iri, value))
    english = filled["summary_en"][0]
    triples += [
        _triple(entity, PROV + "wasDerivedFrom", citation),
        _triple(citation, RDF + "type", ox.NamedNode(MG + "Citation")),
        _triple(citation, RDFS + "label", ox.Literal(f"Record {slug}, summary", language="en")),
        _triple(citation, RDFS + "label", ox.Literal(f"紀錄 {slug} 摘要", language="zh-Hant")),
        _triple(citation, OA + "hasSource", source),
        _triple(citation, OA + "hasSelector", selector),
        _triple(selector, RDF + "type", ox.NamedNode(OA + "TextQuoteSelector")),
        _triple(selector, OA + "exact", ox.Literal(english.value)),
    ]
    for property_iri in dict.fromkeys(attested):
        triples.append(_triple(citation, MG + "attests", ox.NamedNode(property_iri)))
    return triples


def import_file(
    path: Path, data: bytes, engine: Engine, lang: str = "en", restate: bool = False
) -> Imported:
    """Read a filled template (CSV or XLSX) and make its triples."""
    grid = read_grid(path, data)
    header = next((line for line in grid if any(c.strip() for c in line)), None)
    if header is None:
        raise InputError(str(path), "the file holds no rows")
    kind = detect_kind(path, header)
    rows = grid_rows(path, grid, kind)
    return import_rows(path, rows, kind, engine, lang, restate)


def to_turtle(imported: Imported) -> str:
    """The imported triples as Turtle with the project's prefixes, for review."""
    from rdflib import Graph

    from mingraph.loading import to_rdflib_term
    from mingraph.namespaces import bind_prefixes

    graph = bind_prefixes(Graph())
    for triple in imported.triples:
        graph.add(tuple(to_rdflib_term(term) for term in triple))
    return graph.serialize(format="turtle")
