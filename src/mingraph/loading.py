"""Reading RDF files into one graph, with errors that say where the problem is.

Files are parsed by pyoxigraph: it is strict (it refuses an IRI with a space, which
rdflib accepts) and reports line and column. The quads are then turned into an
rdflib graph for validation and reasoning. Blank-node labels are prefixed per
file, so ``_:b0`` in two files stays two nodes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from mingraph.inputs import InputError, expand_paths
from mingraph.namespaces import bind_prefixes
from mingraph.resources import resource_dir
from mingraph.results import canonical_language_tag

RDF_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".n3": ox.RdfFormat.N3,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
}

# rdflib logs a traceback for every ill-typed literal; mingraph reports them itself.
logging.getLogger("rdflib.term").setLevel(logging.ERROR)

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

#: The SHACL shapes live beside the ontology but are not part of the data graph.
SHAPES_FILE = "shapes.ttl"


#: The longest literal a file may hold; longer ones are refused, not loaded.
MAX_LITERAL = 1 << 20


def refuse_dtd(path: Path) -> None:
    """RDF/XML with a DTD is refused: pyoxigraph expands its entities ("billion laughs")."""
    with path.open("rb") as handle:
        tail = b""
        while chunk := handle.read(1 << 20):
            if b"<!doctype" in (tail + chunk).lower():
                raise InputError(
                    str(path),
                    "RDF/XML with a DOCTYPE (entity declarations) is "
                    "refused: entity expansion can exhaust memory",
                )
            tail = chunk[-16:]


def read_quads(path: Path) -> list[ox.Quad]:
    """Parse one RDF file strictly, turning parser errors into ``InputError``."""
    try:
        if path.stat().st_size == 0:
            raise InputError(str(path), "the file is empty")
        if RDF_FORMATS[path.suffix.lower()] == ox.RdfFormat.RDF_XML:
            refuse_dtd(path)
        return list(ox.parse(path=str(path), format=RDF_FORMATS[path.suffix.lower()]))
    except SyntaxError as error:
        raise InputError(str(path), error.msg, error.lineno, error.offset) from None
    except MemoryError as error:  # pyoxigraph caps one token at 16 MiB
        raise InputError(str(path), f"a value is too large to read: {error}") from None
    except (OSError, ValueError) as error:
        raise InputError(str(path), str(error)) from None


def to_rdflib_term(term: ox.NamedNode | ox.BlankNode | ox.Literal, scope: str = ""):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(f"{scope}{term.value}")
    if term.language:
        return Literal(term.value, lang=canonical_language_tag(term.language))
    if term.datatype.value == _XSD_STRING:  # RDF 1.1: a simple literal is an xsd:string
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _ill_typed_literal_error(path: Path, literal: Literal) -> InputError:
    text = path.read_text(encoding="utf-8")
    offset = text.find(f'"{literal}"')
    line = text.count("\n", 0, offset) + 1 if offset >= 0 else None
    column = offset - text.rfind("\n", 0, offset) if offset >= 0 else None
    return InputError(
        str(path),
        f'"{literal}" is not a valid {literal.datatype.n3()} value',
        line,
        column,
    )


def add_file(graph: Graph, path: Path, scope: str) -> set:
    """Parse ``path`` into ``graph``; refuse literals that break their datatype.

    Returns the subjects the file describes.
    """
    subjects = set()
    for quad in read_quads(path):
        if isinstance(quad.object, ox.Literal) and len(quad.object.value) > MAX_LITERAL:
            size = len(quad.object.value) / (1 << 20)
            raise InputError(
                str(path),
                f"a literal of {size:.1f} MiB is over the "
                f"{MAX_LITERAL >> 20} MiB limit for one value",
            )
        obj = to_rdflib_term(quad.object, scope)
        if isinstance(obj, Literal) and obj.ill_typed:
            raise _ill_typed_literal_error(path, obj)
        subject = to_rdflib_term(quad.subject, scope)
        graph.add((subject, URIRef(quad.predicate.value), obj))
        subjects.add(subject)
    return subjects


def ontology_files() -> list[Path]:
    return sorted(p for p in resource_dir("ontology").glob("*.ttl") if p.name != SHAPES_FILE)


def shipped_files() -> list[Path]:
    """The ontology and the shipped data, in a stable order."""
    return ontology_files() + sorted(resource_dir("data").glob("*.ttl"))


def load_graph(extra: Iterable[str | Path] = (), *, shipped: bool = True) -> Graph:
    """Load the ontology and shipped data (unless ``shipped`` is false) plus ``extra`` paths."""
    return load_graph_with_origins(extra, shipped=shipped)[0]


def load_graph_with_origins(
    extra: Iterable[str | Path] = (), *, shipped: bool = True
) -> tuple[Graph, dict]:
    """Like :func:`load_graph`, also mapping each subject to the files that describe it."""
    files = (shipped_files() if shipped else []) + expand_paths(extra)
    graph = bind_prefixes(Graph())
    origins: dict = {}
    for index, path in enumerate(files):
        for subject in add_file(graph, path, scope=f"f{index}_"):
            origins.setdefault(subject, []).append(str(path))
    return graph, origins
