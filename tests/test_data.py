"""The shipped ontology and data: they parse, every quote is verbatim, every entity is
labelled in both languages and sourced, and the article's facts are all there."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

from conftest import REPO, without_whitespace
from mingraph.dates import period_start
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
            # a record row is named by its label; the titles are its documents'
            FILTER NOT EXISTS { ?source a mg:RecordRow ; rdfs:label ?name }
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


# --- September 2024 to November 2026 -------------------------------------------------------


def as_iri(url: str) -> URIRef:
    """A URL as the graph holds it: the characters an IRI may not contain percent-encoded."""
    return URIRef(url.replace("[", "%5B").replace("]", "%5D"))


def test_every_row_of_the_2024_2026_record_is_in_the_graph(graph, record_2024_2026):
    """Each row is its own source document, summarises its source, and its summary is quoted
    verbatim by a citation that an entity of the graph is derived from."""
    assert [row["id"] for row in record_2024_2026] == [f"D{n:02d}" for n in range(1, 97)]
    missing = []
    for row in record_2024_2026:
        documents = list(graph.subjects(DCTERMS.identifier, Literal(row["id"])))
        assert len(documents) == 1, row["id"]
        (document,) = documents
        assert (document, DCTERMS.isPartOf, MGI["reference-record-2024-2026"]) in graph
        pages = {
            page
            for summarised in graph.objects(document, MG.summarises)
            for page in graph.objects(summarised, FOAF.page)
        }  # the row's source is one of the documents it summarises
        assert as_iri(row["source_url"]) in pages, row["id"]
        summaries = {without_whitespace(row["claim_en"]), without_whitespace(row["claim_zh"])}
        quoted = {
            without_whitespace(str(exact))
            for citation in graph.subjects(OA.hasSource, document)
            if any(graph.subjects(PROV.wasDerivedFrom, citation))
            for exact in graph.objects(graph.value(citation, OA.hasSelector), OA.exact)
        }
        if not summaries & quoted:
            missing.append(row["id"])
    assert missing == []


def test_the_medium_and_heavy_rare_earths_are_minerals_of_their_own(graph):
    april = MGI["p2025-medium-heavy-rare-earth-export-control"]
    october = MGI["p2025-five-medium-heavy-rare-earth-export-control"]
    seven = {"samarium", "gadolinium", "terbium", "dysprosium", "lutetium", "scandium", "yttrium"}
    five = {"holmium", "erbium", "thulium", "europium", "ytterbium"}
    assert {MGI[m] for m in seven} == set(graph.objects(april, MG.concerns))
    assert {MGI[m] for m in five} == set(graph.objects(october, MG.concerns))
    for mineral in seven | five:
        assert (MGI[mineral], RDF.type, MG.Mineral) in graph
        assert (MGI[mineral], MG.broaderMineral, MGI["medium-heavy-rare-earths"]) in graph


@pytest.mark.parametrize(
    "policy, number, body, in_force",
    [
        ("p2024-mofcom-46", "MOFCOM Announcement No. 46 of 2024", "mofcom", "2024-12-03"),
        (
            "p2025-rare-metals-export-control",
            "MOFCOM & GAC Announcement No. 10 of 2025",
            "gac",
            "2025-02-04",
        ),
        (
            "p2025-medium-heavy-rare-earth-export-control",
            "MOFCOM & GAC Announcement No. 18 of 2025",
            "gac",
            "2025-04-04",
        ),
        (
            "p2025-rare-earth-technology-export-control",
            "MOFCOM Announcement No. 62 of 2025",
            "mofcom",
            "2025-10-09",
        ),
        (
            "p2026-japan-military-end-use-ban",
            "MOFCOM Announcement No. 1 of 2026",
            "mofcom",
            "2026-01-06",
        ),
    ],
)
def test_measures_keep_their_document_number_body_and_dates(graph, policy, number, body, in_force):
    assert (MGI[policy], MG.documentNumber, Literal(number)) in graph
    assert (MGI[policy], MG.issuingBody, MGI[body]) in graph
    assert (MGI[policy], MG.inForceFrom, Literal(in_force, datatype=XSD.date)) in graph


def test_measures_suspended_before_they_took_effect_have_only_a_scheduled_start(graph):
    for policy in (
        "p2025-superhard-materials-export-control",
        "p2025-five-medium-heavy-rare-earth-export-control",
        "p2025-foreign-made-rare-earth-items",
    ):
        assert (MGI[policy], MG.inForceFrom, None) not in graph, policy
        assert (MGI[policy], MG.scheduledInForceFrom, None) in graph, policy


def test_whom_the_bans_target(graph):
    ban_46 = MGI["p2024-mofcom-46"]
    parts = set(graph.objects(ban_46, MG.hasPart))
    assert len(parts) == 3
    assert all((part, MG.appliesAgainst, MGI["united-states"]) in graph for part in parts)
    clause_1 = MGI["p2024-us-military-end-use-ban"]
    assert (clause_1, MG.endUse, MGI["military-end-use"]) in graph
    japan = MGI["p2026-japan-military-end-use-ban"]
    assert set(graph.objects(japan, MG.appliesAgainst)) == {MGI.japan}
    assert (japan, MG.endUse, MGI["military-end-use"]) in graph
    untargeted = MGI["p2025-medium-heavy-rare-earth-export-control"]
    assert (untargeted, MG.appliesAgainst, None) not in graph  # every destination


def test_extraterritorial_reach_is_data_a_query_finds(graph):
    rows = select(
        graph,
        """
        SELECT ?policy ?threshold WHERE {
            ?policy mg:reach mgi:reach-foreign-made-items ; mg:deMinimisPercent ?threshold ;
                    mg:concerns mgi:rare-earths .
        }""",
    )
    assert rows == [
        (MGI["p2025-foreign-made-rare-earth-items"], Literal("0.1", datatype=XSD.decimal))
    ]
    assert (MGI["p2025-mofcom-61"], MG.hasPart, MGI["p2025-foreign-made-rare-earth-items"]) in graph


@pytest.mark.parametrize(
    "suspension, number, start, end, suspended",
    [
        (
            "suspension-2025-no70",
            "MOFCOM & GAC Announcement No. 70 of 2025",
            "2025-11-07",
            "2026-11-10",
            {
                "p2025-superhard-materials-export-control",
                "p2025-rare-earth-equipment-export-control",
                "p2025-five-medium-heavy-rare-earth-export-control",
                "p2025-battery-graphite-anode-export-control",
                "p2025-mofcom-61",
                "p2025-rare-earth-technology-export-control",
            },
        ),
        (
            "suspension-2025-no72",
            "MOFCOM Announcement No. 72 of 2025",
            "2025-11-09",
            "2026-11-27",
            {"p2024-us-gallium-germanium-antimony-ban", "p2024-us-graphite-end-use-review"},
        ),
        (
            "suspension-2025-us-affiliates-rule",
            None,
            "2025-11-10",
            "2026-11-09",
            {"us-affiliates-rule"},
        ),
    ],
)
def test_suspensions_are_records_of_their_own(graph, suspension, number, start, end, suspended):
    record = MGI[suspension]
    assert (record, RDF.type, MG.Suspension) in graph
    assert set(graph.objects(record, MG.suspends)) == {MGI[p] for p in suspended}
    assert (record, MG.inForceFrom, Literal(start, datatype=XSD.date)) in graph
    assert (record, MG.scheduledEnd, Literal(end, datatype=XSD.date)) in graph
    assert (record, MG.implements, MGI["busan-truce-2025"]) in graph
    if number:
        assert (record, MG.documentNumber, Literal(number)) in graph


def test_the_clause_of_46_that_bans_us_military_users_was_not_suspended(graph):
    suspended = set(graph.objects(MGI["suspension-2025-no72"], MG.suspends))
    assert MGI["p2024-us-military-end-use-ban"] not in suspended
    assert MGI["p2025-medium-heavy-rare-earth-export-control"] not in set(
        graph.objects(MGI["suspension-2025-no70"], MG.suspends)
    )


def test_the_dataset_states_its_newest_source_and_no_end_after_it(graph):
    newest = graph.value(MGI.dataset, MG.newestSourceDate)
    dated = [
        str(date)
        for source in graph.subjects(RDF.type, MG.SourceDocument)
        for date in graph.objects(source, DCTERMS.date)
    ]
    newest_source = max(dated, key=period_start)
    # the newest source is dated to its month; the record gives the day of its newest fact
    assert str(newest) == newest_source or (
        len(newest_source) < len(str(newest)) and str(newest).startswith(newest_source)
    )
    ends = [period_start(str(end)) for end in graph.objects(None, MG.endedOn)]
    assert ends and all(end <= period_start(str(newest)) for end in ends)
    scheduled = [period_start(str(end)) for end in graph.objects(None, MG.scheduledEnd)]
    assert scheduled and all(end > period_start(str(newest)) for end in scheduled)


def test_responses_and_agreements(graph):
    for agreement, party in [
        ("us-ukraine-fund-agreement-2025", "ukraine"),
        ("us-dod-mp-materials-deal-2025", "mp-materials"),
        ("us-australia-framework-2025", "australia"),
        ("us-japan-framework-2025", "japan"),
        ("us-malaysia-mou-2025", "malaysia"),
        ("us-thailand-mou-2025", "thailand"),
        ("taiwan-us-eppd-joint-statement-2026", "taiwan"),
    ]:
        assert (MGI[agreement], RDF.type, MG.Agreement) in graph, agreement
        assert {MGI[party], MGI["united-states"]} <= set(graph.objects(MGI[agreement], MG.involves))
    assert (MGI.forge, MG.relaunchOf, MGI.msp) in graph
    assert (MGI["taiwan-us-eppd-joint-statement-2026"], MG.endorses, MGI["pax-silica"]) in graph
    members = select(
        graph,
        """SELECT ?member ?joined WHERE {
               mgi:pax-silica mg:hasMembership ?record .
               ?record mg:member ?member ; mg:joinedOn ?joined }""",
    )
    assert len(members) == 10
    assert (MGI.india, Literal("2026-02-20", datatype=XSD.date)) in members
    assert (MGI.qatar, Literal("2026-01-12", datatype=XSD.date)) in members
    assert (MGI["united-arab-emirates"], Literal("2026-01-14", datatype=XSD.date)) in members
    assert MGI.taiwan not in {member for member, _ in members}
    assert (MGI["us-extra-tariff-2025-10"], MG.respondsTo, MGI["p2025-mofcom-61"]) in graph
    assert (MGI["p2024-mofcom-46"], MG.respondsTo, MGI["us-entity-listing-2024-12"]) in graph


EFFECT_ROWS = [
    "D02",
    "D03",
    "D07",
    "D08",
    "D15",
    "D18",
    "D19",
    "D20",
    "D24",
    "D25",
    "D28",
    "D29",
    "D30",
    "D50",
    "D55",
    "D56",
    "D58",
    "D65",
]


@pytest.mark.parametrize("row", EFFECT_ROWS)
def test_market_effects_carry_their_figures(graph, row):
    effects = select(
        graph,
        f"""SELECT DISTINCT ?effect WHERE {{
               ?effect a mg:MarketEffect ; prov:wasDerivedFrom/oa:hasSource ?source .
               ?source dcterms:identifier "{row}" }}""",
    )
    assert effects, row
    for (effect,) in effects:
        assert (effect, MG.concerns, None) in graph
        assert (effect, MG.place, None) in graph
        assert (effect, MG.indicator, None) in graph
        figures = (MG.quantity, MG.quantityUpTo, MG.changePercent, MG.direction)
        assert any((effect, figure, None) in graph for figure in figures)


def test_effects_name_the_measure_they_followed_where_the_source_does(graph):
    followed = dict(graph.subject_objects(MG.followedMeasure))
    assert (
        followed[MGI["effect-d03-antimony-exports-2024-10"]] == MGI["p2024-antimony-export-control"]
    )
    assert (
        followed[MGI["effect-d15-dysprosium-price-europe-2025-05"]]
        == MGI["p2025-medium-heavy-rare-earth-export-control"]
    )
    assert (
        followed[MGI["effect-d29-germanium-exports-2025-06"]]
        == MGI["p2025-anti-smuggling-campaign"]
    )


DISAGREEMENTS = {
    "Busan deal's scope": ("claim-busan-white-house-general-licences", "claim-busan-mofcom-scope"),
    "US-Australia sums": (
        "claim-us-australia-sums-australia",
        "claim-us-australia-sums-us-fact-sheet",
    ),
    "Pax Silica's founders": (
        "claim-pax-silica-eight-signatories",
        "claim-pax-silica-seven-signers",
    ),
    "ministerial attendance": ("claim-ministerial-54-countries", "claim-ministerial-56-countries"),
    "February 2025 item count": (
        "claim-february-2025-controls-20-products",
        "claim-february-2025-controls-25-items",
    ),
    "Ford's shutdown": ("effect-d19-ford-chicago-stoppage", "claim-ford-three-weeks"),
    "Taiwan's demand unit": ("claim-taiwan-demand-kilograms", "claim-taiwan-demand-tonnes"),
    "FORGE and the MSP": ("claim-forge-replaces-msp", "claim-forge-builds-on-msp"),
}


@pytest.mark.parametrize("topic", sorted(DISAGREEMENTS))
def test_disagreements_are_linked_claims_with_their_own_quotes(graph, topic):
    claim, other = (MGI[name] for name in DISAGREEMENTS[topic])
    links = (MG.correctedBy, MG.refinedBy, MG.contradictedBy)
    assert any((claim, link, other) in graph for link in links)
    for side in (claim, other):
        quotes = [
            graph.value(graph.value(c, OA.hasSelector), OA.exact)
            for c in graph.objects(side, PROV.wasDerivedFrom)
        ]
        assert any(quotes), side
