"""Reading RDF files into one graph, with errors that say where the problem is.

Files are parsed by pyoxigraph: it is strict (it refuses an IRI with a space, which
rdflib accepts) and reports line and column. The quads are then turned into an
rdflib graph for validation and reasoning. Blank-node labels are prefixed per
file, so ``_:b0`` in two files stays two nodes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from mingraph.inputs import SPREADSHEET_SUFFIXES, InputError, expand_paths, read_input
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
#: Datatypes whose every lexical form is valid: no need to ask rdflib.
_NEVER_ILL_TYPED = {
    _XSD_STRING,
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString",
    "http://www.w3.org/2001/XMLSchema#anyURI",
}

#: The SHACL shapes live beside the ontology but are not part of the data graph.
SHAPES_FILE = "shapes.ttl"


#: The longest literal a file may hold; longer ones are refused, not loaded.
MAX_LITERAL = 1 << 20


#: How deep RDF/XML elements may nest: pyoxigraph's parser slows with the square of
#: the depth (65 s at depth 50,000), and real files stay within a dozen levels.
MAX_XML_DEPTH = 256


class _XmlRefusal(Exception):
    pass


def check_rdf_xml(path: Path, data: bytes) -> None:
    """Refuse RDF/XML with a DOCTYPE or nested too deep, before pyoxigraph parses it.

    A DOCTYPE's entities would be expanded ("billion laughs"); expat stops at the
    declaration itself, so nothing is expanded here either.
    """
    from xml.parsers import expat

    parser = expat.ParserCreate()
    depth = 0

    def start(name, attributes) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_XML_DEPTH:
            raise _XmlRefusal(f"elements nest deeper than {MAX_XML_DEPTH} levels: refused")

    def end(name) -> None:
        nonlocal depth
        depth -= 1

    def doctype(*_) -> None:
        raise _XmlRefusal(
            "RDF/XML with a DOCTYPE (entity declarations) is refused: entity expansion "
            "can exhaust memory"
        )

    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(data, True)
    except _XmlRefusal as refusal:
        raise InputError(str(path), str(refusal), parser.CurrentLineNumber) from None
    except expat.ExpatError as error:
        raise InputError(
            str(path),
            f"not well-formed XML: {expat.errors.messages[error.code]}",
            error.lineno,
            error.offset + 1,
        ) from None


def read_quads(path: Path, data: bytes | None = None) -> list[ox.Quad]:
    """Parse one RDF file strictly, turning parser errors into ``InputError``.

    ``data`` is the file's content when it was already read (the build hashes the
    bytes it parses); otherwise the file is read here.
    """
    if data is None:
        data = read_input(path)
    if not data:
        raise InputError(str(path), "the file is empty")
    if path.suffix.lower() in SPREADSHEET_SUFFIXES:
        from mingraph.tabular.build_input import spreadsheet_quads

        return spreadsheet_quads(path, data)
    rdf_format = RDF_FORMATS[path.suffix.lower()]
    if rdf_format == ox.RdfFormat.RDF_XML:
        check_rdf_xml(path, data)
    try:
        return list(ox.parse(data, format=rdf_format))
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


def _ill_typed_literal_error(path: Path, literal: Literal, data: bytes | None) -> InputError:
    text = (data if data is not None else read_input(path)).decode("utf-8", "replace")
    offset = text.find(f'"{literal}"')
    line = text.count("\n", 0, offset) + 1 if offset >= 0 else None
    column = offset - text.rfind("\n", 0, offset) if offset >= 0 else None
    return InputError(
        str(path),
        f'"{literal}" is not a valid {literal.datatype.n3()} value',
        line,
        column,
    )


def checked_triples(path: Path, scope: str, data: bytes | None = None):
    """The triples of ``path`` (or of its ``data``), as pyoxigraph terms, checked.

    Blank nodes get the file's ``scope`` as a prefix; a literal over the size limit,
    or ill-typed (``"x"^^xsd:integer``), is refused with its file and line.
    """
    for quad in read_quads(path, data):
        subject, obj = quad.subject, quad.object
        if isinstance(obj, ox.Literal):
            if len(obj.value) > MAX_LITERAL:
                size = len(obj.value) / (1 << 20)
                raise InputError(
                    str(path),
                    f"a literal of {size:.1f} MiB is over the "
                    f"{MAX_LITERAL >> 20} MiB limit for one value",
                )
            if obj.datatype.value not in _NEVER_ILL_TYPED:
                literal = to_rdflib_term(obj)
                if literal.ill_typed:
                    raise _ill_typed_literal_error(path, literal, data)
        elif isinstance(obj, ox.BlankNode):
            obj = ox.BlankNode(f"{scope}{obj.value}")
        if isinstance(subject, ox.BlankNode):
            subject = ox.BlankNode(f"{scope}{subject.value}")
        yield subject, quad.predicate, obj


def add_file(graph: Graph, path: Path, scope: str, data: bytes | None = None) -> set:
    """Parse ``path`` (or its ``data``, already read) into ``graph``; refuse ill-typed literals.

    Returns the subjects the file describes.
    """
    subjects = set()
    for subject, predicate, obj in checked_triples(path, scope, data):
        subject = to_rdflib_term(subject)
        graph.add((subject, URIRef(predicate.value), to_rdflib_term(obj)))
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
    extra: Iterable[str | Path] = (),
    *,
    shipped: bool = True,
    contents: Mapping[Path, bytes] | None = None,
) -> tuple[Graph, dict]:
    """Like :func:`load_graph`, also mapping each subject to the files that describe it.

    ``contents`` holds files already read (path to bytes): those bytes are parsed,
    not the file as it may be now.
    """
    files = (shipped_files() if shipped else []) + expand_paths(extra)
    graph = bind_prefixes(Graph())
    origins: dict = {}
    for index, path in enumerate(files):
        data = (contents or {}).get(path)
        for subject in add_file(graph, path, scope=f"f{index}_", data=data):
            origins.setdefault(subject, []).append(str(path))
    return graph, origins


def load_store_with_origins(
    extra: Iterable[str | Path] = (),
    *,
    shipped: bool = True,
    contents: Mapping[Path, bytes] | None = None,
) -> tuple[ox.Store, dict]:
    """Like :func:`load_graph_with_origins`, into an in-memory pyoxigraph store.

    No rdflib graph is made: at a million triples that alone takes longer than the
    whole build on the store. ``origins`` maps subjects, as rdflib terms, to files.
    With ``contents`` (the bytes a build read, by path), ``extra`` is the list of files
    already expanded from the --data paths, each parsed from those bytes: the graph
    holds exactly what the build's key was made from.
    """
    listed = [Path(p) for p in extra] if contents is not None else expand_paths(extra)
    files = (shipped_files() if shipped else []) + listed
    store = ox.Store()
    origins: dict = {}
    default = ox.DefaultGraph()
    for index, path in enumerate(files):
        data = (contents or {}).get(path)
        subjects = set()

        def quads(path=path, index=index, data=data, subjects=subjects):
            for subject, predicate, obj in checked_triples(path, f"f{index}_", data):
                subjects.add(subject)
                yield ox.Quad(subject, predicate, obj, default)

        store.bulk_extend(quads())
        for subject in subjects:
            origins.setdefault(to_rdflib_term(subject), []).append(str(path))
    return store, origins
