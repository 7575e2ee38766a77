"""The shipped ontology and data: they parse, every quote is verbatim, every entity is
labelled in both languages and sourced, and the article's facts are all there."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from conftest import REPO, without_whitespace
from mingraph.iris import PREFIXES
from mingraph.loading import add_file
from mingraph.namespaces import MG, MGI, OA

TURTLE_FILES = sorted((REPO / "ontology").glob("*.ttl")) + sorted((REPO / "data").glob("*.ttl"))
HEADER = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())
TABLE_YEARS = {
    1998,
    2001,
    2002,
    2006,
    2007,
    2008,
    2009,
    2011,
    2012,
    2015,
    2016,
    2018,
    2019,
    2020,
    2022,
    2023,
    2024,
}


def select(graph: Graph, query: str) -> list[tuple]:
    return list(graph.query(HEADER + query))


def ask(graph: Graph, query: str) -> bool:
    return graph.query(HEADER + "ASK {" + query + "}").askAnswer


@pytest.mark.parametrize("path", TURTLE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_turtle_file_parses_strictly(path: Path):
    graph = Graph()
    add_file(graph, path, scope="t_")
    assert len(graph) > 0


# --- quotes -----------------------------------------------------------------------------

QUOTES = """
    SELECT ?source ?row ?exact WHERE {
        ?citation oa:hasSource ?source ; oa:hasSelector/oa:exact ?exact .
        OPTIONAL { ?source dcterms:identifier ?row }
    }"""


def test_every_article_quote_is_verbatim_in_the_article(graph, article_text):
    article_quotes = [exact for source, _, exact in select(graph, QUOTES) if source == MGI.article]
    assert len(article_quotes) > 80
    missing = [str(q) for q in article_quotes if without_whitespace(q) not in article_text]
    assert missing == []


def test_every_public_source_quote_is_verbatim_in_its_reference_row(graph, reference_rows):
    rows = [(row, exact) for source, row, exact in select(graph, QUOTES) if source != MGI.article]
    assert len(rows) > 40
    assert all(row is not None for row, _ in rows), "a public-source quote names no reference row"
    missing = [
        (str(row), str(q))
        for row, q in rows
        if without_whitespace(q) not in reference_rows.get(str(row), "")
    ]
    assert missing == []


# --- labels and declarations ------------------------------------------------------------


def test_every_named_instance_and_term_has_one_label_in_each_language(graph):
    named = {
        s
        for s in graph.subjects(RDF.type, None)
        if isinstance(s, URIRef) and (s.startswith(str(MGI)) or s.startswith(str(MG)))
    }
    assert len(named) > 250
    wrong = []
    for entity in sorted(named):
        languages = sorted(label.language or "" for label in graph.objects(entity, RDFS.label))
        if languages != ["en", "zh-Hant"]:
            wrong.append((entity, languages))
    assert wrong == []


def test_every_term_of_the_ontology_has_a_definition(graph):
    terms = {
        s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and s.startswith(str(MG))
    }
    undefined = [t for t in terms if (t, SKOS.definition, None) not in graph]
    assert undefined == []


def test_every_class_and_property_the_data_uses_is_declared(graph):
    data = Graph()
    for index, path in enumerate(sorted((REPO / "data").glob("*.ttl"))):
        add_file(data, path, scope=f"d{index}_")
    used = set(data.predicates()) | set(data.objects(None, RDF.type))
    builtin = (
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://www.w3.org/2000/01/rdf-schema#",
        "http://www.w3.org/2002/07/owl#",
    )
    declared_types = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
    undeclared = sorted(
        term
        for term in used
        if not str(term).startswith(builtin)
        and not any((term, RDF.type, kind) in graph for kind in declared_types)
        and (term, RDF.type, SKOS.ConceptScheme) not in graph
    )
    assert undeclared == []


def test_the_ontology_carries_its_metadata(graph):
    ontology = URIRef("https://w3id.org/mingraph/ontology")
    for prop in ("title", "description", "creator", "license"):
        assert (ontology, URIRef(f"http://purl.org/dc/terms/{prop}"), None) in graph, prop
    assert (ontology, OWL.versionIRI, None) in graph
    assert (ontology, OWL.versionInfo, None) in graph
    assert (
        ontology,
        URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix"),
        Literal("mg"),
    ) in graph
    assert (
        ontology,
        URIRef("http://purl.org/vocab/vann/preferredNamespaceUri"),
        Literal(str(MG)),
    ) in graph


# --- provenance -------------------------------------------------------------------------

SOURCED_CLASSES = (
    "Policy",
    "Mineral",
    "MineralGroup",
    "Country",
    "Organization",
    "Initiative",
    "Project",
    "ProjectPortfolio",
    "Event",
    "Claim",
    "SupplyShare",
    "Projection",
    "Recommendation",
    "Membership",
)


def is_quoted_citation(graph: Graph, citation) -> bool:
    """A citation names a described source and selects a passage of it by its words."""
    source = graph.value(citation, OA.hasSource)
    return (
        (citation, RDF.type, MG.Citation) in graph
        and (source, RDF.type, MG.SourceDocument) in graph
        and any(
            (selector, RDF.type, OA.TextQuoteSelector) in graph
            and graph.value(selector, OA.exact) is not None
            for selector in graph.objects(citation, OA.hasSelector)
        )
    )


def test_every_entity_and_claim_is_derived_from_a_quoted_citation(graph):
    entities = {e for name in SOURCED_CLASSES for e in graph.subjects(RDF.type, MG[name])}
    sourced = {
        entity
        for entity in entities
        if any(is_quoted_citation(graph, c) for c in graph.objects(entity, PROV.wasDerivedFrom))
    }
    assert len(entities) > 180
    assert entities - sourced == set()


def test_source_documents_are_described(graph):
    undescribed = select(
        graph,
        """
        SELECT ?source WHERE {
            ?source a mg:SourceDocument .
            FILTER NOT EXISTS { ?source dcterms:title ?title }
        }""",
    )
    assert undescribed == []
    assert ask(
        graph,
        "mgi:article dcterms:language 'zh-Hant' ; dcterms:date '2024'^^xsd:gYear ;"
        " dcterms:creator ?creator",
    )


# --- the article's policy table ----------------------------------------------------------


def test_every_year_of_the_table_has_its_policies(graph):
    rows = select(
        graph,
        """
        SELECT ?policy ?date WHERE {
            ?policy a mg:Policy ; mg:issuedBy mgi:china ; mg:statedDate ?date
        }""",
    )
    years = {int(str(date)[:4]) for _, date in rows}
    assert years == TABLE_YEARS
    assert len({policy for policy, _ in rows}) >= 23
    per_year = {
        year: sum(1 for _, d in rows if str(d).startswith(str(year))) for year in (2006, 2011)
    }
    assert per_year == {2006: 3, 2011: 4}


def test_every_policy_has_issuer_instrument_and_bilingual_summary(graph):
    incomplete = select(
        graph,
        """
        SELECT ?policy WHERE {
            ?policy a mg:Policy .
            FILTER NOT EXISTS {
                ?policy mg:issuedBy ?issuer ; mg:instrument/skos:inScheme mgi:policy-instruments ;
                        dcterms:description ?en , ?zh .
                FILTER(lang(?en) = "en" && lang(?zh) = "zh-Hant")
            }
        }""",
    )
    assert incomplete == []


def test_every_export_restriction_names_its_minerals(graph):
    without_minerals = select(
        graph,
        """
        SELECT ?policy WHERE {
            ?policy a mg:Policy ; mg:instrument/skos:broader mgi:export-restriction .
            FILTER NOT EXISTS { ?policy mg:concerns ?mineral }
        }""",
    )
    assert without_minerals == []


@pytest.mark.parametrize(
    "later, relation, earlier",
    [
        ("p2015-export-licence-catalogue", "replaces", "p1998-rare-earth-export-quota"),
        ("p2007-export-tax-increase", "amends", "p2006-export-tax"),
        (
            "p2008-national-mineral-resources-plan",
            "succeeds",
            "p2001-national-mineral-resources-plan",
        ),
        (
            "p2016-national-mineral-resources-plan",
            "succeeds",
            "p2008-national-mineral-resources-plan",
        ),
        ("p2012-quota-classification", "amends", "p1998-rare-earth-export-quota"),
    ],
)
def test_relations_between_measures(graph, later, relation, earlier):
    assert (MGI[later], MG[relation], MGI[earlier]) in graph


def test_the_2012_split_concerns_light_and_medium_heavy_rare_earths(graph):
    minerals = set(graph.objects(MGI["p2012-quota-classification"], MG.concerns))
    assert minerals == {MGI["light-rare-earths"], MGI["medium-heavy-rare-earths"]}
    for group in minerals:
        assert (group, MG.broaderMineral, MGI["rare-earths"]) in graph


@pytest.mark.parametrize(
    "policy, announced, in_force",
    [
        ("p2023-gallium-germanium-export-control", "2023-07-03", "2023-08-01"),
        ("p2023-graphite-export-control", "2023-10-20", "2023-12-01"),
        ("p2024-antimony-export-control", "2024-08-15", "2024-09-15"),
    ],
)
def test_controls_keep_exact_public_dates(graph, policy, announced, in_force):
    assert (MGI[policy], MG.announcedOn, Literal(announced, datatype=XSD.date)) in graph
    assert (MGI[policy], MG.inForceFrom, Literal(in_force, datatype=XSD.date)) in graph


def test_the_article_month_stands_beside_the_exact_day(graph):
    policy = MGI["p2023-gallium-germanium-export-control"]
    assert (policy, MG.statedDate, Literal("2023-07", datatype=XSD.gYearMonth)) in graph
    attested = select(
        graph,
        """
        SELECT ?source WHERE {
            mgi:p2023-gallium-germanium-export-control prov:wasDerivedFrom ?c .
            ?c mg:attests mg:inForceFrom ; oa:hasSource ?source .
        }""",
    )
    assert attested == [(MGI["ref-b18"],)]


def test_dates_are_typed_at_their_precision(graph):
    date_properties = [
        MG.statedDate,
        MG.announcedOn,
        MG.inForceFrom,
        MG.endedOn,
        MG.foundedOn,
        MG.occurredOn,
        MG.joinedOn,
        MG.joinedNoLaterThan,
        MG.countedOn,
    ]
    allowed = {XSD.date, XSD.gYearMonth, XSD.gYear}
    wrong = [
        (s, p, o)
        for p in date_properties
        for s, o in graph.subject_objects(p)
        if not isinstance(o, Literal) or o.datatype not in allowed
    ]
    assert wrong == []


# --- initiatives, members, projects ------------------------------------------------------


def test_membership_records_have_iris_so_their_quotes_can_be_shown(graph):
    records = set(graph.subjects(RDF.type, MG.Membership))
    assert len(records) >= 50
    assert [r for r in records if not isinstance(r, URIRef)] == []


def test_msp_has_the_fifteen_members_the_article_lists(graph):
    members = select(graph, "SELECT ?m WHERE { mgi:msp mg:hasMembership/mg:member ?m }")
    countries = [m for (m,) in members if (m, RDF.type, MG.Country) in graph]
    assert len(members) == 15
    assert len(countries) == 14
    assert (MGI["european-union"],) in members


@pytest.mark.parametrize(
    "member, joined",
    [
        ("india", "2023-06-22"),
        ("estonia", "2024-03-03"),
        ("japan", "2022-06-14"),
    ],
)
def test_msp_join_dates(graph, member, joined):
    assert ask(
        graph,
        f"""mgi:msp mg:hasMembership [ mg:member mgi:{member} ;
                          mg:joinedOn "{joined}"^^xsd:date ]""",
    )


def test_the_six_initiatives_and_how_they_relate(graph):
    for name in ("ergi", "msp", "scma", "rise", "msp-forum", "msp-finance-network"):
        assert (MGI[name], RDF.type, MG.Initiative) in graph, name
        assert (MGI[name], MG.ledBy, None) in graph, name
    assert (MGI["msp-forum"], MG.partOf, MGI.msp) in graph
    assert (MGI["msp-finance-network"], MG.partOf, MGI.msp) in graph


def test_msp_portfolios_are_counted_with_their_date(graph):
    rows = select(
        graph,
        """
        SELECT ?stage ?count WHERE {
            ?portfolio a mg:ProjectPortfolio ; mg:supportedBy mgi:msp ; mg:stage ?stage ;
                       mg:projectCount ?count ; mg:countedOn "2023-10-10"^^xsd:date .
        }""",
    )
    counts = {str(stage).rsplit("/", 1)[1]: int(count) for stage, count in rows}
    assert counts == {"upstream-mining": 11, "midstream-processing": 4, "recycling": 2}


def test_the_three_named_projects(graph):
    rows = select(
        graph,
        """
        SELECT ?project ?country WHERE { ?project a mg:Project ; mg:locatedIn ?country }""",
    )
    assert {country for _, country in rows} >= {MGI.kazakhstan, MGI.turkiye, MGI.czechia}


# --- corrections --------------------------------------------------------------------------


def test_at_least_six_article_claims_are_revised_by_another_source(graph):
    pairs = select(
        graph,
        """
        SELECT DISTINCT ?claim ?revision WHERE {
            ?claim mg:correctedBy|mg:refinedBy ?revision .
            ?claim prov:wasDerivedFrom ?claimCitation .
            ?claimCitation oa:hasSource mgi:article .
            ?revision prov:wasDerivedFrom ?revisionCitation .
            ?revisionCitation oa:hasSource ?source .
            ?source dcterms:isPartOf mgi:reference-check .
        }""",
    )
    claims = {str(claim).rsplit("/", 1)[1] for claim, _ in pairs}
    assert len(pairs) >= 6
    assert {
        "claim-36-more-metals",
        "claim-toyota-was-warned",
        "projection-battery-demand-article",
        "claim-msp-project-counts-article",
        "claim-technology-catalogue-2022",
        "claim-rise-by-g7",
    } <= claims


# --- links --------------------------------------------------------------------------------


def test_identifiers_are_those_the_reference_confirms(graph, reference_ids):
    confirmed = {
        (row["iso_code"] or None, row["wikidata_qid"] or None)
        for row in reference_ids
        if row["verified"] in ("yes", "partial")
    }
    qids = {qid for _, qid in confirmed if qid}
    rows = select(
        graph,
        """
        SELECT ?entity ?iso ?wd WHERE {
            { ?entity skos:exactMatch ?wd } UNION { ?entity mg:iso3166Alpha2 ?iso }
        }""",
    )
    assert rows
    for entity, _iso, wd in rows:
        if wd is not None:
            assert str(wd).startswith("http://www.wikidata.org/entity/Q")
            assert str(wd).rsplit("/", 1)[1] in qids, entity
    for entity in {e for e, _, _ in rows}:
        iso = graph.value(entity, MG.iso3166Alpha2)
        wd = graph.value(entity, SKOS.exactMatch)
        if iso is not None:
            assert (str(iso), str(wd).rsplit("/", 1)[1]) in confirmed, entity


def test_rare_earths_carry_no_unconfirmed_identifier(graph):
    assert list(graph.objects(MGI["rare-earths"], SKOS.exactMatch)) == []


def test_element_symbols_for_elements_only(graph):
    symbols = {str(s): str(o) for s, o in graph.subject_objects(MG.elementSymbol)}
    assert symbols[str(MGI.gallium)] == "Ga"
    assert symbols[str(MGI.antimony)] == "Sb"
    assert str(MGI.graphite) not in symbols
    assert str(MGI["rare-earths"]) not in symbols
