"""The ontology's documentation page, in English and Traditional Chinese side by side.

Regenerate ``docs/ontology.html`` after changing the ontology::

    python -m mingraph.ontology_page docs/ontology.html

Each term's heading gives its English label with its Traditional Chinese label
beside it, each in an element marked with its language, and its definitions follow
in both languages. pyLODE renders every label of a term as one run of text
("Policy政策") and drops the language tags, so the page is written here.
"""

from __future__ import annotations

import sys
from html import escape

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from mingraph.iris import MG
from mingraph.namespaces import bind_prefixes
from mingraph.resources import resource_dir

ONTOLOGY_FILE = "mingraph.ttl"
LANGUAGES = ("en", "zh-Hant")
#: Each kind of term: its section's anchor, its name in both languages, one term's kind.
SECTIONS = (
    (OWL.Class, "classes", ("Classes", "類別"), "class"),
    (OWL.ObjectProperty, "object-properties", ("Object properties", "物件屬性"), "object property"),
    (
        OWL.DatatypeProperty,
        "datatype-properties",
        ("Datatype properties", "資料屬性"),
        "datatype property",
    ),
)
CHARACTERISTICS = {
    OWL.TransitiveProperty: ("transitive", "遞移"),
    OWL.FunctionalProperty: ("functional", "函數性"),
    OWL.SymmetricProperty: ("symmetric", "對稱"),
}
STYLE = """
body { font-family: sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #222; }
h1 span[lang="zh-Hant"], h2 span[lang="zh-Hant"], h3 span[lang="zh-Hant"] {
       margin-left: 0.75em; color: #555; font-weight: normal; }
h3 { border-top: 1px solid #ccc; padding-top: 1rem; }
h3 .kind { font-size: 0.7em; color: #777; margin-left: 0.75em; font-weight: normal; }
table { border-collapse: collapse; width: 100%; }
th { text-align: left; vertical-align: top; width: 11rem; padding: 0.25rem 0.5rem 0.25rem 0; }
td { padding: 0.25rem 0; }
.both { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5rem; }
.both p { margin: 0; }
code { font-size: 0.9em; }
"""


def load_ontology() -> Graph:
    graph = bind_prefixes(Graph())
    return graph.parse(resource_dir("ontology") / ONTOLOGY_FILE, format="turtle")


def terms(graph: Graph, kind: URIRef) -> list[URIRef]:
    """The ontology's own terms of one kind, by local name."""
    found = {t for t in graph.subjects(RDF.type, kind) if str(t).startswith(MG)}
    return sorted(found, key=lambda t: str(t).lower())


def in_language(graph: Graph, subject, predicate, lang: str) -> list[str]:
    return sorted(
        str(o)
        for o in graph.objects(subject, predicate)
        if isinstance(o, Literal) and o.language == lang
    )


def both(english: str, chinese: str) -> str:
    """A caption of the page in both languages, each marked with its tag."""
    return f'<span lang="en">{english}</span> <span lang="zh-Hant">{chinese}</span>'


def bilingual(graph: Graph, subject, predicate, element: str = "span") -> str:
    """The English and Traditional Chinese values of a property, each marked with its tag."""
    parts = []
    for lang in LANGUAGES:
        for text in in_language(graph, subject, predicate, lang):
            parts.append(f'<{element} lang="{lang}">{escape(text)}</{element}>')
    return " ".join(parts)


def link(graph: Graph, node) -> str:
    """A term of this ontology as a link to its entry, any other IRI as its prefixed name."""
    if isinstance(node, BNode):
        return "(an anonymous expression)"
    if isinstance(node, Literal):
        return escape(str(node))
    name = graph.namespace_manager.normalizeUri(node)
    if str(node).startswith(MG):
        return f'<a href="#{escape(name.split(":", 1)[1])}"><code>{escape(name)}</code></a>'
    return f'<a href="{escape(str(node))}"><code>{escape(name)}</code></a>'


def links(graph: Graph, nodes) -> str:
    return ", ".join(link(graph, n) for n in sorted(nodes, key=str))


def term_section(graph: Graph, term: URIRef, kind: str) -> str:
    local = str(term)[len(MG) :]
    rows = [("IRI", f"<code>{escape(str(term))}</code>")]
    rows.append(
        (
            both("Definition", "定義"),
            f'<div class="both">{bilingual(graph, term, SKOS.definition, "p")}</div>',
        )
    )
    relations = (
        (both("Subclass of", "上位類別"), graph.objects(term, RDFS.subClassOf)),
        (both("Subclasses", "下位類別"), graph.subjects(RDFS.subClassOf, term)),
        (both("Sub-property of", "上位屬性"), graph.objects(term, RDFS.subPropertyOf)),
        (both("Sub-properties", "下位屬性"), graph.subjects(RDFS.subPropertyOf, term)),
        (both("Domain", "定義域"), graph.objects(term, RDFS.domain)),
        (both("Range", "值域"), graph.objects(term, RDFS.range)),
        (
            both("Inverse", "反向屬性"),
            [*graph.objects(term, OWL.inverseOf), *graph.subjects(OWL.inverseOf, term)],
        ),
        (both("Domain of", "為其定義域"), graph.subjects(RDFS.domain, term)),
        (both("Range of", "為其值域"), graph.subjects(RDFS.range, term)),
    )
    for name, nodes in relations:
        if found := list(nodes):
            rows.append((name, links(graph, found)))
    for chain in graph.objects(term, OWL.propertyChainAxiom):
        steps = " then ".join(link(graph, step) for step in Collection(graph, chain))
        rows.append((both("Property chain", "屬性鏈"), steps))
    characteristics = [
        both(en, zh)
        for kind, (en, zh) in CHARACTERISTICS.items()
        if (term, RDF.type, kind) in graph
    ]
    if characteristics:
        rows.append((both("Characteristics", "特性"), ", ".join(characteristics)))
    table = "\n".join(f"<tr><th>{name}</th><td>{value}</td></tr>" for name, value in rows)
    heading = bilingual(graph, term, RDFS.label)
    return (
        f'<section id="{escape(local)}">\n<h3>{heading}'
        f'<span class="kind">{kind}</span></h3>\n<table>\n{table}\n</table>\n</section>'
    )


def render(graph: Graph | None = None) -> str:
    """The whole page as HTML text; the same ontology always gives the same text."""
    graph = graph if graph is not None else load_ontology()
    (ontology,) = graph.subjects(RDF.type, OWL.Ontology)
    metadata = [
        ("IRI", f"<code>{escape(str(ontology))}</code>"),
        (both("Version", "版本"), escape(str(graph.value(ontology, OWL.versionInfo)))),
        (both("Version IRI", "版本 IRI"), link(graph, graph.value(ontology, OWL.versionIRI))),
        (both("Prefix", "前綴"), f"<code>mg:</code> = <code>{escape(MG)}</code>"),
        (both("Creator", "作者"), escape(str(graph.value(ontology, DCTERMS.creator)))),
        (both("License", "授權"), link(graph, graph.value(ontology, DCTERMS.license))),
        (
            both("Description", "說明"),
            f'<div class="both">{bilingual(graph, ontology, DCTERMS.description, "p")}</div>',
        ),
        (
            both("Notes", "附註"),
            f'<div class="both">{bilingual(graph, ontology, RDFS.comment, "p")}</div>',
        ),
    ]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head>\n<meta charset="utf-8">',
        f"<title>{escape(' / '.join(in_language(graph, ontology, DCTERMS.title, 'en')))}</title>",
        f"<style>{STYLE}</style>\n</head>\n<body>",
        f"<h1>{bilingual(graph, ontology, DCTERMS.title)}</h1>",
        "<table>",
        *(f"<tr><th>{name}</th><td>{value}</td></tr>" for name, value in metadata),
        "</table>",
        "<nav>",
    ]
    for kind, anchor, names, _ in SECTIONS:
        entries = ", ".join(link(graph, t) for t in terms(graph, kind))
        parts.append(f'<p><a href="#{anchor}">{both(*names)}</a>: {entries}</p>')
    parts.append("</nav>")
    for kind, anchor, names, one in SECTIONS:
        parts.append(f'<h2 id="{anchor}">{both(*names)}</h2>')
        parts += [term_section(graph, term, one) for term in terms(graph, kind)]
    parts.append("</body>\n</html>\n")
    return "\n".join(parts)


def main(argv: list[str]) -> None:
    page = render()
    if argv:
        with open(argv[0], "w", encoding="utf-8") as handle:
            handle.write(page)
    else:
        sys.stdout.write(page)


if __name__ == "__main__":
    main(sys.argv[1:])
