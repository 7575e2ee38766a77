"""How far the graph keeps its promise that every fact carries its quote.

Prints three figures for the shipped data (or the data given with --data):

- facts of quoted entities, and those no citation of theirs attests: the quality
  check ``fact-without-quote``, and the same count under the earlier, looser rule
  by which a citation naming no property backed every fact no other citation named;
- entities whose description is in one language only (check
  ``description-in-one-language``), by the language they lack;
- statements of the article the graph holds: the article's body split into
  statements at each ideographic full stop and full-width semicolon, and its
  policy table into rows; a statement is held
  when at least half of its characters (whitespace removed) lie inside the
  ``oa:exact`` of a citation of the article.

With --citations it lists, per citation, its words and every fact it vouches for
(each value of each property it names in ``mg:attests``, of each entity derived
from it), so that a reader can check that the quote says each of them.

    python benchmarks/provenance_audit.py [--article PATH] [--list] [--citations]
        [--data PATH ...]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from mingraph.loading import load_graph
from mingraph.store import to_store
from mingraph.validation import load_checks

REPO = Path(__file__).resolve().parents[1]
ARTICLE = REPO.parent / "shared" / "sources" / "article.zh-Hant.txt"
HELD = 0.5

PREFIXES = """
PREFIX rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa:   <http://www.w3.org/ns/oa#>
PREFIX mg:   <https://w3id.org/mingraph/ontology#>
PREFIX mgi:  <https://w3id.org/mingraph/id/>
"""


def check_query(name: str) -> str:
    (check,) = [c for c in load_checks() if c.name == name]
    return check.query


def facts_query(check: str, rule: str) -> str:
    """The check's query counting facts: all of them, or those unquoted under ``rule``."""
    where = check[check.index("WHERE") :]
    if rule == "all":
        where = where[: where.rindex("MINUS {")] + "}"  # without the attesting citation
    elif rule == "loose":  # a citation that names no property backs every unnamed fact
        where = where.rstrip().removesuffix("}") + (
            "FILTER NOT EXISTS { ?entity prov:wasDerivedFrom ?catchAll ."
            " ?catchAll a mg:Citation . FILTER NOT EXISTS { ?catchAll mg:attests ?any } } }"
        )
    prefixes = check[: check.index("SELECT")]
    return (
        prefixes
        + "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?entity ?property ?value "
        + where
        + " }"
    )


VOUCHED = (
    PREFIXES
    + """
SELECT ?citation ?exact ?entity ?property ?value WHERE {
    ?citation a mg:Citation ; oa:hasSelector/oa:exact ?exact ; mg:attests ?property .
    ?entity prov:wasDerivedFrom ?citation ; ?property ?value .
}
ORDER BY ?citation ?entity ?property ?value
"""
)


def vouched_facts(store) -> dict[str, tuple[str, list[tuple[str, str, str]]]]:
    """Each citation's words and the facts (entity, property, value) it vouches for.

    A citation without an IRI of its own is numbered and named after the first entity
    citing it.
    """
    facts: dict[str, tuple[str, list[tuple[str, str, str]]]] = {}
    names: dict[str, str] = {}
    for row in store.query(VOUCHED):
        citation, entity = row["citation"], row["entity"].value
        if citation.value not in names:
            named = type(citation).__name__ == "NamedNode"
            names[citation.value] = (
                citation.value if named else f"citation {len(names) + 1}, of {short(entity)}"
            )
        _, listed = facts.setdefault(names[citation.value], (row["exact"].value, []))
        listed.append((entity, row["property"].value, row["value"].value))
    return facts


def short(iri: str) -> str:
    for prefix, namespace in (
        ("mgi:", "https://w3id.org/mingraph/id/"),
        ("mg:", "https://w3id.org/mingraph/ontology#"),
        ("dcterms:", "http://purl.org/dc/terms/"),
    ):
        if iri.startswith(namespace):
            return prefix + iri[len(namespace) :]
    return iri


def count(store, query: str) -> int:
    (row,) = list(store.query(query))
    return int(row["n"].value)


def statements(article: str) -> list[str]:
    """The article's statements, in order: body sentences and clauses, then table rows."""
    lines = article.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("附表"))
    end = next(i for i, line in enumerate(lines) if line.startswith("資料來源"))
    keywords = next(i for i, line in enumerate(lines) if line.startswith("Keywords"))
    body = re.sub(r"\s+", "", "".join(lines[keywords + 1 : start] + lines[end + 1 :]))
    units = [u for u in re.split(r"(?<=[\u3002\uff1b])", body) if u]
    rows: list[list[str]] = []
    for line in lines[start + 2 : end]:  # after the table's title and header
        if re.match(r"\s*\d{4}\b", line):
            rows.append([])
        if rows:
            rows[-1].append(line)
    return units + [re.sub(r"\s+", "", "".join(row)) for row in rows]


def held_statements(store, article: str) -> tuple[list[str], list[str]]:
    """Statements at least half quoted, and the others."""
    units = statements(article)
    text = "".join(units)
    covered = [False] * len(text)
    query = PREFIXES + (
        "SELECT DISTINCT ?q WHERE { ?c oa:hasSource mgi:article ; oa:hasSelector/oa:exact ?q }"
    )
    for row in store.query(query):
        quote = re.sub(r"\s+", "", row["q"].value)
        at = text.find(quote)
        while quote and at >= 0:
            covered[at : at + len(quote)] = [True] * len(quote)
            at = text.find(quote, at + 1)
    held, missing, at = [], [], 0
    for unit in units:
        share = sum(covered[at : at + len(unit)]) / len(unit)
        (held if share >= HELD else missing).append(unit)
        at += len(unit)
    return held, missing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--article", type=Path, default=ARTICLE)
    parser.add_argument("--data", nargs="*", default=[], help="more RDF files or folders")
    parser.add_argument("--list", action="store_true", help="list what is missing")
    parser.add_argument(
        "--citations", action="store_true", help="list per citation the facts it vouches for"
    )
    arguments = parser.parse_args()

    store = to_store(load_graph(arguments.data))
    check = check_query("fact-without-quote")
    facts = count(store, facts_query(check, "all"))
    unquoted = count(store, facts_query(check, "strict"))
    loose = count(store, facts_query(check, "loose"))
    print(f"facts of quoted entities: {facts}")
    print(f"  without a citation that attests them: {unquoted}")
    print(f"  without one under the looser earlier rule: {loose}")

    one_language = list(store.query(check_query("description-in-one-language")))
    english_only = {str(r["entity"].value) for r in one_language if r["value"].language == "en"}
    others = {str(r["entity"].value) for r in one_language} - english_only
    print(f"entities with a description in one language only: {len(english_only | others)}")
    print(f"  missing a zh-Hant description: {len(english_only)}")

    if not arguments.article.is_file():
        sys.exit(f"the article is not at {arguments.article}; give --article PATH")
    held, missing = held_statements(store, arguments.article.read_text(encoding="utf-8"))
    print(f"article statements held: {len(held)} of {len(held) + len(missing)}")
    if arguments.list:
        for row in store.query(check):
            print("  unquoted:", row["entity"].value, row["property"].value, row["value"].value)
        for entity in sorted(english_only | others):
            print("  one language:", entity)
        for unit in missing:
            print("  not held:", unit)
    if arguments.citations:
        facts = vouched_facts(store)
        print(f"citations that vouch for a fact: {len(facts)}")
        for citation, (exact, listed) in facts.items():
            print(f"{short(citation)}: {exact!r}")
            for entity, prop, value in listed:
                print(f"    {short(entity)} {short(prop)} {short(value)[:120]!r}")


if __name__ == "__main__":
    main()
