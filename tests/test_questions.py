"""The canned questions: golden answers in both languages, the facts a reader checks,
what reasoning adds, and parameters that cannot smuggle anything into a query."""

from __future__ import annotations

import csv
import functools
import io
import json
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner
from golden_cases import ARGUMENTS, CASES, LANGS, golden_path, option_values, question_of
from rdflib import URIRef

from mingraph.answers import answer_question, bind_parameters
from mingraph.catalogue import all_questions, load_question, question_names
from mingraph.cli import main
from mingraph.dates import with_date_companions
from mingraph.engines import OxigraphEngine, with_values
from mingraph.iris import MGI
from mingraph.namespaces import MG
from mingraph.resolve import KIND_CLASSES, BadParameter, _keys_query, _named, _normalise

LIST_SEPARATOR = "; "


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def ask(engine, name: str, lang: str = "en", **values: str):
    return answer_question(engine, load_question(name), values, lang)


def column(answer, name: str) -> list[str]:
    return [row[name].value if name in row else "" for row in answer.rows]


def normalised_csv(text: str) -> list[list[str]]:
    """Rows of a CSV answer; list cells (GROUP_CONCAT) compare as sets: no engine orders them."""
    rows = list(csv.reader(io.StringIO(text)))
    return [
        [LIST_SEPARATOR.join(sorted(cell.split(LIST_SEPARATOR))) for cell in row] for row in rows
    ]


def test_the_catalogue_has_every_named_question():
    assert set(ARGUMENTS) <= set(question_names())


@pytest.mark.parametrize("question", all_questions(), ids=lambda q: q.name)
def test_every_question_has_a_grlc_header(question):
    assert question.summary and question.description and question.tags
    assert question.defaults.get("lang") == "en"
    header = [line for line in question.text.splitlines() if line.startswith("#+")]
    assert header and all(line.startswith("#+ ") for line in header)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_golden_answer(case, lang):
    result = run("ask", question_of(case), *CASES[case], "--lang", lang, "--format", "csv")
    assert result.exit_code == 0, result.output
    golden = golden_path(case, lang).read_text(encoding="utf-8")
    assert normalised_csv(result.stdout) == normalised_csv(golden)
    assert len(normalised_csv(golden)) > 1, "a golden answer with no rows proves nothing"


# --- the facts a reader checks against the article ---------------------------------------


def test_the_timeline_rebuilds_the_table_in_date_order(engine):
    answer = ask(engine, "china-policy-timeline")
    assert answer.variables[:6] == ["year", "policy", "label", "instrument", "minerals", "summary"]
    years = [int(y) for y in column(answer, "year")]
    assert years == sorted(years) and years[0] == 1998 and years[-1] == 2026
    assert len(answer.rows) >= 23
    first = answer.rows[0]
    assert first["label"].value == "Rare-earth export quota"
    assert first["instrument"].value == "export quota"


def test_the_timeline_speaks_chinese(engine):
    answer = ask(engine, "china-policy-timeline", lang="zh-Hant")
    assert answer.rows[0]["label"].value == "稀土配額限制"
    assert answer.rows[0]["instrument"].value == "出口配額"


def test_policies_for_rare_earths_include_measures_on_kinds_of_rare_earths(engine):
    policies = column(ask(engine, "policies-for-mineral", mineral="rare earths"), "policy")
    assert MGI + "p2012-quota-classification" in policies  # light and medium-heavy
    assert MGI + "p2011-resource-tax" in policies
    assert MGI + "p1998-rare-earth-export-quota" in policies
    assert MGI + "p2023-graphite-export-control" not in policies


def test_controls_in_force_in_september_2023(engine):
    answer = ask(engine, "controls-in-force", date="2023-09-01")
    assert answer.variables[:5] == ["policy", "label", "minerals", "from", "until"]
    policies = column(answer, "policy")
    assert MGI + "p2023-gallium-germanium-export-control" in policies  # in force 2023-08-01
    assert MGI + "p2023-graphite-export-control" not in policies  # in force 2023-12-01
    assert MGI + "p1998-rare-earth-export-quota" not in policies  # ended 2015-01-01


def test_controls_in_force_follow_replacement_and_end_dates(engine):
    in_2010 = column(ask(engine, "controls-in-force", date="2010"), "policy")
    assert MGI + "p1998-rare-earth-export-quota" in in_2010
    assert MGI + "p2006-export-tax" in in_2010
    in_2015 = column(ask(engine, "controls-in-force", date="2015-06"), "policy")
    assert MGI + "p1998-rare-earth-export-quota" not in in_2015  # replaced 2015-01-01
    assert MGI + "p2006-export-tax" not in in_2015  # tariffs abolished 2015-05-01
    assert MGI + "p2015-export-licence-catalogue" in in_2015
    in_2016 = column(ask(engine, "controls-in-force", date="2016-06"), "policy")
    assert MGI + "p2015-export-licence-catalogue" not in in_2016  # it governed 2015 only


@pytest.mark.parametrize("date", ["2014-06-01", "2019-06-01", "2024-10-01"])
def test_controls_in_force_list_each_measure_once(engine, graph, date):
    answer = ask(engine, "controls-in-force", date=date)
    policies = column(answer, "policy")
    assert policies and len(policies) == len(set(policies))
    amendments = {str(s) for s in graph.subjects(MG.amends, None)}
    assert amendments.isdisjoint(policies), "an amendment is part of what it amends"
    for policy in policies:  # an annual catalogue only in the year it governs
        for year in graph.objects(URIRef(policy), MG.validForYear):
            assert str(year) == date[:4], policy


def test_an_amendment_is_named_beside_the_measure_it_amends(engine):
    rows = {r["policy"].value: r for r in ask(engine, "controls-in-force", date="2014-06-01").rows}
    quota = rows[MGI + "p1998-rare-earth-export-quota"]
    assert quota["amendedBy"].value == "Rare-earth export quotas managed by class (2012)"
    tax = rows[MGI + "p2006-export-tax"]
    assert tax["amendedBy"].value == "Rare-earth export tax increase (2007)"
    before = ask(engine, "controls-in-force", date="2007-01-01").rows
    tax_2007 = next(r for r in before if r["policy"].value == MGI + "p2006-export-tax")
    assert tax_2007["amendedBy"].value == ""  # the rise came on 2007-06-01


def test_mineral_controls_name_first_and_latest_measures(engine):
    rows = {row["mineral"].value: row for row in ask(engine, "mineral-controls").rows}
    assert rows[MGI + "gallium"]["first"].value == MGI + "p2023-gallium-germanium-export-control"
    assert rows[MGI + "rare-earths"]["first"].value == MGI + "p1998-rare-earth-export-quota"
    assert rows[MGI + "rare-earths"]["latest"].value == MGI + "p2026-japan-military-end-use-ban"
    assert (
        rows[MGI + "dysprosium"]["first"].value
        == MGI + "p2025-medium-heavy-rare-earth-export-control"
    )
    assert (
        rows[MGI + "antimony"]["latest"].value
        == MGI + "p2025-state-trading-tungsten-antimony-silver"
    )
    assert rows[MGI + "antimony"]["latestInstrument"].value == "export licensing"


def test_initiatives_with_founding_leads_members_and_parent(engine):
    answer = ask(engine, "initiatives")
    assert answer.variables[:6] == ["initiative", "label", "founded", "leads", "members", "parent"]
    rows = {row["initiative"].value: row for row in answer.rows}
    assert rows[MGI + "msp"]["members"].value == "15"
    assert rows[MGI + "msp"]["founded"].value == "2022-06-14"
    assert set(rows[MGI + "msp"]["leads"].value.split("; ")) == {"United States", "European Union"}
    assert rows[MGI + "msp-forum"]["parent"].value == MGI + "msp"
    assert rows[MGI + "msp-finance-network"]["parent"].value == MGI + "msp"
    assert rows[MGI + "ergi"]["founded"].value == "2019-06"


def test_msp_members_with_their_join_dates(engine):
    answer = ask(engine, "initiative-members", initiative="礦物安全夥伴關係")
    joined = {row["label"].value: row.get("joined") for row in answer.rows}
    assert len(joined) == 15
    assert joined["India"].value == "2023-06-22"
    assert joined["Estonia"].value == "2024-03-03"
    assert joined["Norway"] is None  # only "by 2023-02-08" is known


def test_memberships_of_japan(engine):
    answer = ask(engine, "memberships", country="Japan")
    assert set(column(answer, "initiative")) == {
        MGI + "msp",
        MGI + "scma",
        MGI + "rise",
        MGI + "pax-silica",
        MGI + "msp-finance-network",
    }


def test_the_finance_network_has_the_fifteen_partners_and_the_forum_its_eleven(engine):
    msp = set(column(ask(engine, "initiative-members", initiative="msp"), "member"))
    network = ask(engine, "initiative-members", initiative="msp-finance-network")
    assert set(column(network, "member")) == msp and len(msp) == 15
    members = [r for r in network.rows if "founding" in r]  # the lead's row has no record
    assert len(members) == 15 and {r["joined"].value for r in members} == {"2024-09-23"}
    forum_rows = ask(engine, "initiative-members", initiative="msp-forum").rows
    forum = {r["member"].value for r in forum_rows if "founding" in r}  # not its two chairs
    assert len(forum) == 11
    assert {MGI + "namibia", MGI + "uzbekistan", MGI + "zambia", MGI + "serbia"} <= forum


def test_contested_claims_hold_both_sides(engine):
    answer = ask(engine, "contested-claims")
    assert answer.variables[:5] == ["claim", "says", "source", "correction", "correctionSource"]
    claims = set(column(answer, "claim"))
    assert len(claims) >= 6
    assert MGI + "claim-36-more-metals" in claims
    row = next(r for r in answer.rows if r["claim"].value == MGI + "claim-36-more-metals")
    assert "36" in row["says"].value and "14 items" in row["correctionSays"].value


def test_supply_concentration_puts_statement_and_figure_side_by_side(engine):
    answer = ask(engine, "supply-concentration")
    assert answer.variables[:5] == ["mineral", "supplier", "share", "year", "source"]
    cobalt = [r for r in answer.rows if r["mineral"].value == "cobalt"]
    assert [r.get("share", None) and r["share"].value for r in cobalt] == [None, "76"]
    assert cobalt[0]["shareExceeds"].value == "50"


def test_sources_give_the_quote_behind_each_fact(engine):
    answer = ask(engine, "sources", entity="p2023-gallium-germanium-export-control")
    in_force = [r for r in answer.rows if r["propertyIri"].value.endswith("#inForceFrom")]
    assert [r["quote"].value for r in in_force] == [
        "MOFCOM/GAC Announcement 2023 No. 23 (關於對鎵、鍺相關物項實施出口管制的公告): "
        "announced 2023-07-03, effective 2023-08-01; 8 gallium items + 6 germanium items"
    ]
    number = [r for r in answer.rows if r["propertyIri"].value.endswith("#altLabel")]
    assert {r["sourceIri"].value for r in number} == {MGI + "ref-b18"}


def test_events_are_dated_where_a_source_dates_them(engine):
    rows = {r["event"].value: r for r in ask(engine, "events").rows}
    assert rows[MGI + "toyota-report-2024"]["date"].value == "2024-09-02"
    assert "date" not in rows[MGI + "covid-19-pandemic"]


def test_taiwan_outlook(engine):
    kinds = column(ask(engine, "taiwan-outlook"), "kind")
    assert kinds.count("Recommendation") >= 5 and kinds.count("Claim") >= 5
    assert set(column(ask(engine, "taiwan-outlook", lang="zh-Hant"), "kind")) == {"建議", "陳述"}


def test_every_question_answers_in_both_languages(engine):
    for name in ARGUMENTS:
        for lang in LANGS:
            assert ask(engine, name, lang, **option_values(name)).rows, (name, lang)


# --- reasoning -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, values",
    [
        ("initiative-members", {"initiative": "msp"}),
        ("memberships", {"country": "japan"}),
        ("policies-for-mineral", {"mineral": "rare-earths"}),
        ("policy-lineage", {}),
        ("contested-claims", {}),
    ],
)
def test_questions_that_depend_on_entailment_shrink_without_it(
    engine, engine_without_reasoning, name, values
):
    question = load_question(name)
    text = with_values(question.text, bind_parameters(engine, question, values))
    with_closure = engine.run(text).rows
    without = engine_without_reasoning.run(text).rows
    assert len(without) < len(with_closure)


# --- parameters ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["gallium", "Ga", "鎵", "Q861", MGI + "gallium", "mgi:gallium", "  GALLIUM "]
)
def test_a_mineral_resolves_by_slug_label_symbol_qid_or_iri(engine, value):
    answer = ask(engine, "policies-for-mineral", mineral=value)
    assert MGI + "p2023-gallium-germanium-export-control" in column(answer, "policy")


@pytest.mark.parametrize("value", ["JP", "jp", "Japan", "日本", "Q17", "japan"])
def test_a_country_resolves_by_iso_code_label_qid_or_slug(engine, value):
    # MSP, SCMA, RISE, the MSP Finance Network and Pax Silica.
    assert len(ask(engine, "memberships", country=value).rows) == 5


@pytest.mark.parametrize("kind", [*KIND_CLASSES, "entity"])
def test_the_names_index_resolves_every_name_as_reading_every_name_does(engine, kind):
    """Each name of each entity of the kind, in its own case and in upper case, names
    the same entities (or none) through the index built beside the store as through
    SPARQL over every name; so do names of entities of every other kind, which name
    none of this kind unless an entity is of both. (An even spread of 150 names of the
    kind and 50 of all: reading every name for each takes minutes.)"""
    assert engine.key_index.is_file()
    reading = OxigraphEngine(engine.store)  # no index: compares with every name

    def names(of_kind):
        query = _keys_query(of_kind, compared=False)
        found = sorted({row["key"].value for row in reading.run(query).rows})
        return found, found[:: max(1, len(found) // (150 if of_kind else 50))]

    own, own_spread = names(kind)
    every, every_spread = names(None)
    assert 3 < len(own) < len(every)
    for name in own_spread + every_spread:
        for typed in (name, name.upper()):
            assert _named(engine, kind, _normalise(typed)) == _named(
                reading, kind, _normalise(typed)
            ), (kind, typed)


def test_an_unknown_value_is_refused_with_the_known_ones():
    result = run("ask", "initiative-members", "--initiative", "unobtainium")
    assert result.exit_code == 2
    assert "unobtainium" in result.output and "Known names:" in result.output
    assert "msp" in result.output and "pax-silica" in result.output


def test_an_unknown_value_among_many_points_to_search():
    result = run("ask", "policies-for-mineral", "--mineral", "unobtainium")
    assert result.exit_code == 2
    assert "unobtainium" in result.output and "mingraph search TEXT" in result.output


def test_a_bad_date_is_refused():
    result = run("ask", "controls-in-force", "--date", "2023-13")
    assert result.exit_code == 2
    assert "YYYY" in result.output


HOSTILE = [
    '"',
    "'",
    "}",
    "{",
    "gallium } UNION { ?s ?p ?o",
    "# comment",
    "gallium\n?s ?p ?o",
    ">",
    "<http://example.org/>",
    "x" * 100_000,
    "\\",
    'gallium" . ?x ?y ?z . "',
    '2023-01-01" || true || "',
    "",
]


@functools.cache
def unfiltered(engine, name: str) -> list[dict]:
    """The rows of a question with no parameter bound, with the date companions."""
    return with_date_companions(engine.run(load_question(name).text)).rows


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: repr(v[:20]))
@pytest.mark.parametrize(
    "name",
    [
        "policies-for-mineral",
        "controls-in-force",
        "memberships",
        "initiative-members",
        "sources",
        "effects",
        "responses",
    ],
)
def test_hostile_values_are_refused_or_narrow_the_answer(engine, name, value):
    """Each option in turn takes the value; the others keep their golden answer's values."""
    question = load_question(name)
    for parameter in question.options:
        values = {**option_values(name), parameter.name: value}
        try:
            answer = answer_question(engine, question, values)
        except BadParameter:
            continue
        # every value of the parameters, labels in English, with the same date companions
        everything = {tuple(r.get(v) for v in answer.variables) for r in unfiltered(engine, name)}
        assert {tuple(r.get(v) for v in answer.variables) for r in answer.rows} <= everything


# --- the command line ----------------------------------------------------------------------


def test_questions_lists_names_summaries_and_parameters():
    result = run("questions")
    assert result.exit_code == 0
    assert "policies-for-mineral" in result.output and "--mineral MINERAL" in result.output
    listing = json.loads(run("questions", "--format", "json").stdout)
    assert {q["name"] for q in listing} >= set(ARGUMENTS)


def test_a_question_has_real_options_with_help():
    result = run("ask", "policies-for-mineral", "--help")
    assert result.exit_code == 0
    assert "--mineral" in result.output and "--lang" in result.output


def test_a_mistyped_question_gets_a_suggestion_and_exit_2():
    result = run("ask", "polices-for-mineral")
    assert result.exit_code == 2
    assert "policies-for-mineral" in result.output


def test_a_missing_required_option_exits_2():
    assert run("ask", "controls-in-force").exit_code == 2


def test_json_is_the_w3c_results_format():
    result = run("ask", "initiatives", "--format", "json")
    data = json.loads(result.stdout)
    assert data["head"]["vars"][:3] == ["initiative", "label", "founded"]
    first = data["results"]["bindings"][0]
    assert first["initiative"]["type"] == "uri"
    assert first["label"] == {"type": "literal", "value": first["label"]["value"], "xml:lang": "en"}


def test_xml_is_the_w3c_results_format():
    result = run("ask", "initiatives", "--format", "xml")
    root = ET.fromstring(result.stdout)
    ns = "{http://www.w3.org/2005/sparql-results#}"
    assert [v.get("name") for v in root.find(f"{ns}head")][:2] == ["initiative", "label"]
    assert len(root.find(f"{ns}results")) == 15


def test_tsv_writes_terms_in_rdf_syntax():
    lines = run("ask", "initiatives", "--format", "tsv").stdout.splitlines()
    assert lines[0].startswith("?initiative\t?label")
    assert lines[1].startswith(f'<{MGI}ergi>\t"Energy Resource Governance Initiative"@en')


def columns(output: str, output_format: str) -> list[str]:
    """The column names of an answer in one of the W3C results formats."""
    if output_format == "json":
        return json.loads(output)["head"]["vars"]
    if output_format == "xml":
        head = ET.fromstring(output).find("{http://www.w3.org/2005/sparql-results#}head")
        return [variable.get("name") for variable in head]
    if output_format == "tsv":
        return [name.removeprefix("?") for name in output.splitlines()[0].split("\t")]
    return next(csv.reader(io.StringIO(output)))


@pytest.mark.parametrize("name", sorted(ARGUMENTS))
def test_no_answer_repeats_a_parameter_as_a_column_in_any_format(name):
    """Parameter variables (grlc's ``?_name``, ``?__name``) stay inside the query."""
    found = {}
    for output_format in ("json", "csv", "tsv", "xml"):
        result = run("ask", name, *ARGUMENTS[name], "--format", output_format)
        assert result.exit_code == 0, result.output
        found[output_format] = columns(result.stdout, output_format)
    assert all(names == found["json"] for names in found.values()), found
    assert found["json"] and not [c for c in found["json"] if c.startswith("_")]


def test_table_and_markdown_are_for_people():
    table = run("ask", "initiatives", "--format", "table").output
    assert "_lang" not in table and "15 rows" in table
    markdown = run("ask", "initiatives", "--format", "md").output
    assert markdown.splitlines()[1].startswith("|---|")
    assert "| Minerals Security Partnership |" in markdown  # the label stands for the IRI
    assert "mgi:msp" not in table + markdown
    assert "/id/msp," in run("ask", "initiatives", "--format", "csv").output


def test_ad_hoc_select_ask_and_construct():
    prefix = "PREFIX mg: <https://w3id.org/mingraph/ontology#> "
    select = run(
        "query", prefix + "SELECT (COUNT(*) AS ?n) WHERE { ?p a mg:Policy }", "--format", "csv"
    )
    assert select.exit_code == 0 and int(select.stdout.splitlines()[1]) >= 23
    ask_result = run("query", prefix + "ASK { ?p a mg:Initiative }", "--format", "json")
    assert json.loads(ask_result.stdout)["boolean"] is True
    construct = run(
        "query", prefix + "CONSTRUCT { ?p a mg:Policy } WHERE { ?p a mg:Policy }", "--format", "nt"
    )
    assert construct.exit_code == 0 and construct.stdout.count("\n") >= 23


def test_ad_hoc_query_from_a_file(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", encoding="utf-8")
    result = run("query", "-f", str(path), "--format", "csv")
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 4


def test_an_unparsable_query_exits_2():
    result = run("query", "SELECT WHERE {")
    assert result.exit_code == 2
    assert "not valid SPARQL" in result.output


def test_describe_gives_facts_with_quotes():
    result = run("describe", "MSP", "--format", "csv")
    assert result.exit_code == 0
    assert "在美國和歐盟的主導下" in result.output
    assert run("describe", "no-such-thing").exit_code == 2


def test_user_data_joins_the_canned_questions(tmp_path):
    good = "tests/good/new-measure-and-member.ttl"
    result = run(
        "--data", good, "ask", "initiative-members", "--initiative", "msp", "--format", "csv"
    )
    assert result.exit_code == 0
    assert f"{MGI}chile" in result.output


def test_user_data_that_does_not_conform_is_refused_with_exit_1():
    result = run("--data", "tests/bad/shape-Policy-issuedBy.ttl", "ask", "initiatives")
    assert result.exit_code == 1
    assert "mingraph validate" in result.output
