"""Pages for people: home and search, a page per question, per entity, the ontology
and the SPARQL editor, in English or Traditional Chinese (``?lang=``).

Entity and ontology addresses also answer as data (Turtle, N-Triples, JSON-LD,
RDF/XML) by content negotiation or ``?format=``; a question's answer comes in the
W3C results formats the same way (the rule: :mod:`mingraph.web.negotiation`).
"""

from __future__ import annotations

import functools
import shlex
from pathlib import Path

import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.templating import Jinja2Templates

from mingraph import __version__
from mingraph.answers import answer_bound, bind_parameters
from mingraph.catalogue import UnknownQuestion, all_questions, load_question
from mingraph.charts.pages import with_source_list
from mingraph.dates import companion_columns
from mingraph.engines import QueryError, with_terms
from mingraph.formats import (
    columns_for_people,
    labelled_columns,
    write_solutions,
    write_triples,
)
from mingraph.guard import MAX_QUERY_CHARS
from mingraph.iris import MGI, PREFIXES
from mingraph.jsonld import write_jsonld
from mingraph.resolve import BadParameter, resolve
from mingraph.resources import resource_dir
from mingraph.results import Solutions, Term
from mingraph.search import written_language
from mingraph.sparql_errors import locate_syntax_error
from mingraph.vocab import query_warnings
from mingraph.web import strings
from mingraph.web.negotiation import (
    FormatNotAcceptable,
    choose,
    media_type,
    negotiate,
    wants_expanded,
)
from mingraph.web.protocol import ProtocolError, read_parameters
from mingraph.web.site import DERIVED_FROM, RDF_TYPE, SEARCH_PAGE, Cell, Site, href

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
ANSWER_FORMATS = ["csv", "tsv", "json", "xml"]
#: Rows an answer's page shows (the downloads hold them all).
ANSWER_PAGE = 100
DATA_FORMATS = ["ttl", "nt", "jsonld", "rdfxml"]
#: Every answer whose form follows the Accept header says so, for caches.
VARY = {"Vary": "Accept"}
LABEL_PROPERTIES = (PREFIXES["rdfs"] + "label", PREFIXES["skos"] + "altLabel")
ONTOLOGY_FILE = "mingraph.ttl"


def page_language(request: Request) -> str:
    return strings.language(
        request.query_params.get("lang"), request.headers.get("accept-language", "")
    )


def render(request: Request, template: str, status: int = 200, **context) -> Response:
    """A page in the request's language, with the switch to the other language."""
    lang = context.pop("lang", None) or page_language(request)
    other = "en" if lang == "zh-Hant" else "zh-Hant"
    return TEMPLATES.TemplateResponse(
        request,
        template,
        {
            "lang": lang,
            "t": lambda key, **values: strings.text(key, lang, **values),
            "switch_url": str(request.url.include_query_params(lang=other)),
            "lang_query": "" if lang == "en" else "?lang=zh-Hant",
            "chart_svg": None,  # the slot where a chart of this page goes (mingraph.charts.pages)
            **context,
        },
        status_code=status,
        headers={"Vary": "Accept, Accept-Language", "Content-Language": lang},
    )


def not_found(request: Request) -> Response:
    if negotiate(request.headers.get("accept"), ["html", "ttl"]) != "html":
        return PlainTextResponse("nothing in the graph has this address\n", status_code=404)
    return render(request, "error.html", status=404, title_key="not_found", message=None)


def requested_format(request: Request, offered: list[str]) -> str | Response:
    """The format a page's address answers in, or the 406 response if none."""
    try:
        return choose(
            request.query_params.getlist("format"), request.headers.get("accept"), offered
        )
    except FormatNotAcceptable as error:
        return PlainTextResponse(f"{error}\n", status_code=406, headers=VARY)


def site_of(request: Request) -> Site:
    return request.app.state.site


@functools.cache
def question_cards(lang: str) -> list[dict]:
    """Each question's name, summary, tags and text: read once (the catalogue ships
    with mingraph), for the home page's list and the editor's examples."""
    return [
        {
            "name": q.name,
            "summary": strings.question_summary(q, lang),
            "tags": q.tags,
            "text": q.text,
        }
        for q in all_questions()
    ]


async def home(request: Request) -> Response:
    site, lang = site_of(request), page_language(request)
    classes = sorted(
        ((site.label(iri, lang), n) for iri, n in site.class_counts.items()),
        key=lambda pair: -pair[1],
    )
    return render(
        request,
        "home.html",
        lang=lang,
        site=site,
        first=site.dates[0] if site.dates else "",
        last=site.dates[-1] if site.dates else "",
        classes=classes,
        questions=question_cards(lang),
        version=__version__,
        chart_svg=with_source_list(await request.app.state.drawer.home(lang), lang),
    )


async def search(request: Request) -> Response:
    site, lang = site_of(request), page_language(request)
    query = request.query_params.get("q", "")[:200]
    offset = paging_offset(request)
    found = await run_in_threadpool(site.search, query, lang, offset)
    links = paging_links(request, offset, SEARCH_PAGE, found.total)
    return render(request, "search.html", lang=lang, q=query, found=found, pages=links)


def paging_offset(request: Request) -> int:
    """Where a page starts, from ``?offset=``: a whole number, else 0."""
    text = request.query_params.get("offset", "")
    return int(text) if text.isdigit() and len(text) < 7 else 0


def paging_links(request: Request, offset: int, size: int, total: int) -> dict[str, str]:
    """The addresses of the previous and the next page, where there is one."""
    starts = {
        "previous": max(0, offset - size) if offset else None,
        "next": offset + size if offset + size < total else None,
    }
    return {
        name: str(request.url.include_query_params(offset=start))
        for name, start in starts.items()
        if start is not None
    }


def answer_table(site: Site, answer: Solutions, lang: str) -> tuple[list[str], list[list[Cell]]]:
    """The column names in words and each row's cells, as the terminal's table shows
    them (no date companions, no empty column), a label linked to what it names."""
    columns = columns_for_people(answer)
    links = {label: iri for iri, label in labelled_columns(answer).items()}
    # a date column is one with typed companions (NAMEStart): its values are dates
    # at the precision stored, a year among them
    dates = {v[: -len("Start")] for v in companion_columns(answer.variables) if v.endswith("Start")}

    def cell(row, column: str) -> Cell:
        if column not in row:
            return Cell("")
        shown = site.cell(row[column], lang)
        if column in links and links[column] in row:
            shown.link = href(row[links[column]].value)
        shown.date = column in dates and bool(shown.text)
        return shown

    names = [strings.column_name(v, lang) for v in columns]
    return names, [[cell(row, v) for v in columns] for row in answer.rows]


async def question_page(request: Request) -> Response:
    site, lang = site_of(request), page_language(request)
    try:
        question = load_question(request.path_params["name"])
    except UnknownQuestion:
        return not_found(request)
    given = {p.name: request.query_params.get(p.name, "").strip() or None for p in question.options}
    missing = [p.name for p in question.options if p.required and not given[p.name]]
    fmt = requested_format(request, ["html", *ANSWER_FORMATS])
    if isinstance(fmt, Response):
        return fmt
    answer, error, editor_query = None, None, None
    if not missing:

        def ask() -> tuple[Solutions, str]:
            bindings = bind_parameters(site.engine, question, given, lang)  # resolved once
            answer = answer_bound(site.engine, question, bindings)
            return answer, with_terms(question.text, bindings)  # the query, for the editor

        key = ("question", question.name, tuple(sorted(given.items())), lang)
        try:
            answer, editor_query = await run_in_threadpool(site.remembered, key, ask)
        except (BadParameter, QueryError) as problem:
            error = str(problem)
    if fmt != "html":
        if answer is None:
            message = error or "give " + ", ".join(f"{name}=" for name in missing)
            return PlainTextResponse(message + "\n", status_code=400)
        filename = f"{question.name}.{lang}.{fmt}"
        return Response(
            write_solutions(answer, fmt),
            media_type=media_type(fmt),
            headers={"Content-Disposition": f'attachment; filename="{filename}"', **VARY},
        )
    command = ["mingraph", "ask", question.name]
    for name, value in given.items():
        if value:
            command += [f"--{name}", value]
    if lang != "en":
        command += ["--lang", lang]
    parameters = [
        {
            "name": p.name,
            "title": strings.parameter_name(p.name, lang),
            "required": p.required,
            "value": given[p.name] or "",
            "choices": site.choices(p.name if p.kind != "xsd_date" else "date", lang),
            "free": p.kind == "xsd_date",
        }
        for p in question.options
    ]
    offset = paging_offset(request)
    columns, rows = answer_table(site, answer, lang) if answer else ([], [])
    total = len(rows)
    rows = rows[offset : offset + ANSWER_PAGE]
    chart = None
    if answer:
        chart = with_source_list(
            await request.app.state.drawer.question(question.name, given, lang), lang
        )
    downloads = {
        fmt: str(request.url.include_query_params(format=fmt, lang=lang)) for fmt in ANSWER_FORMATS
    }
    return render(
        request,
        "question.html",
        status=400 if error else 200,
        lang=lang,
        question=question,
        summary=strings.question_summary(question, lang),
        description=strings.question_description(question, lang),
        parameters=parameters,
        missing=missing,
        error=error,
        columns=columns,
        rows=rows,
        total=total,
        offset=offset,
        pages=paging_links(request, offset, ANSWER_PAGE, total),
        downloads=downloads if answer else {},
        command=shlex.join(command),
        editor_query=editor_query,
        chart_svg=chart,
    )


async def entity_page(request: Request) -> Response:
    site, lang = site_of(request), page_language(request)
    iri = MGI + request.path_params["slug"]
    if iri not in site.entities:
        return not_found(request)
    fmt = requested_format(request, ["html", *DATA_FORMATS])
    if isinstance(fmt, Response):
        return fmt
    if fmt in DATA_FORMATS:
        document = await run_in_threadpool(site.document, iri)
        expanded = wants_expanded(
            request.headers.get("accept"), request.query_params.getlist("format")
        )
        body = write_triples(document, fmt, expanded)
        return Response(body, media_type=media_type(fmt), headers=VARY)
    facts, statements, links, contested = await run_in_threadpool(
        site.remembered,
        ("entity", iri, lang),
        lambda: (
            site.facts(iri, lang),
            site.statements(iri),
            site.links_here(iri),
            site.contested(iri),
        ),
    )
    chart = with_source_list(await request.app.state.drawer.entity(iri, lang), lang)
    grouped: dict[str, dict] = {}
    quoted = set()
    for row in facts.rows:
        prop, value = row["propertyIri"], row["valueTerm"]
        quoted.add((prop, value))
        group = grouped.setdefault(prop.value, {"name": site.label(prop.value, lang), "values": {}})
        fact = group["values"].setdefault(value, {"cell": site.cell(value, lang), "quotes": []})
        if "quote" in row:  # names and types need no quote
            documents = row["documents"].value.split(" | ") if "documents" in row else []
            fact["quotes"].append(
                {
                    "quote": row["quote"].value,
                    "lang": written_language(row["quote"].value),
                    "source": site.cell(row["sourceIri"], lang),
                    "kind": row["textKind"].value,
                    "documents": documents,
                }
            )
    labels, other = [], []
    for row in statements.rows:
        prop, value = row["property"], row["value"]
        if prop.value in LABEL_PROPERTIES:
            labels.append(site.cell(value, lang))
        elif (
            (prop, value) not in quoted
            and value.kind != "bnode"
            and prop.value not in (RDF_TYPE, DERIVED_FROM)
            and (value.kind != "literal" or not value.lang or value.lang == lang)
        ):
            other.append((site.cell(prop, lang), site.cell(value, lang)))
    return render(
        request,
        "entity.html",
        lang=lang,
        iri=iri,
        title=site.label(iri, lang),
        kinds=site.kind_names(iri, lang),
        labels=labels,
        facts=list(grouped.values()),
        other=other,
        links=[(site.cell(r["thing"], lang), site.cell(r["property"], lang)) for r in links.rows],
        contested=[
            {
                "claim": site.cell(r["claim"], lang),
                "revision": site.cell(r["revision"], lang),
                "corrected": r["corrected"].value == "true",
            }
            for r in contested.rows
        ],
        data_links={f: f"{request.url.path}?format={f}" for f in DATA_FORMATS},
        chart_svg=chart,
    )


async def ontology(request: Request) -> Response:
    fmt = requested_format(request, ["html", *DATA_FORMATS])
    if isinstance(fmt, Response):
        return fmt
    if fmt == "jsonld":  # compacted with mingraph's context, as every JSON-LD it writes
        from mingraph.ontology_page import load_ontology

        data = write_jsonld(load_ontology())
        return Response(data, media_type=media_type(fmt), headers=VARY)
    if fmt in DATA_FORMATS:
        path = resource_dir("ontology") / ONTOLOGY_FILE
        formats = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}
        formats["rdfxml"] = ox.RdfFormat.RDF_XML
        triples = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
        prefixes = None if fmt == "nt" else PREFIXES
        data = ox.serialize(triples, format=formats[fmt], prefixes=prefixes)
        return Response(data, media_type=media_type(fmt), headers=VARY)
    style, body = request.app.state.ontology_page
    return render(request, "ontology.html", style=style, body=body)


def ontology_page_parts() -> tuple[str, str]:
    """The ontology's documentation page (both languages side by side): style and body."""
    from mingraph.ontology_page import render as render_ontology

    page = render_ontology()
    style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    body = page.split("<body>", 1)[1].split("</body>", 1)[0]
    return style, body


#: The editor's first query: short, its SELECT in view.
START_QUERY = """PREFIX mg: <https://w3id.org/mingraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

SELECT ?policy ?label WHERE {{
  ?policy a mg:Policy ; rdfs:label ?label .
  FILTER(langMatches(lang(?label), "{lang}"))
}} LIMIT 20
"""


@functools.cache
def editor_examples(site: Site, lang: str) -> list[dict]:
    """The canned questions for the editor, made once per language (the catalogue and
    the served graph do not change)."""
    return [editor_example(site, q, lang) for q in all_questions()]


def editor_example(site: Site, question, lang: str) -> dict:
    """A canned question for the editor: its text with the default values pasted in, and
    the parameters still to set (the variable to replace and the parameter's name)."""
    bindings = {}
    for parameter in question.parameters:
        if parameter.name == "lang":
            bindings[parameter.variable] = Term.literal(lang)
        elif parameter.name in question.defaults:
            value = question.defaults[parameter.name]
            bindings[parameter.variable] = resolve(site.engine, parameter, value)
    needs = [
        {"variable": "?" + p.variable, "name": strings.parameter_name(p.name, lang)}
        for p in question.options
        if p.required and p.variable not in bindings
    ]
    return {
        "name": question.name,
        "summary": strings.question_summary(question, lang),
        "text": with_terms(question.text, bindings),
        "needs": needs,
    }


async def editor(request: Request) -> Response:
    site, lang = site_of(request), page_language(request)
    examples = editor_examples(site, lang)
    return render(
        request,
        "editor.html",
        lang=lang,
        initial=request.query_params.get("query") or START_QUERY.format(lang=lang),
        examples=examples,
        editor_words=strings.editor_words(lang),
    )


async def editor_check(request: Request) -> Response:
    """What ``mingraph query`` says of a query before it runs, for the editor to show:
    where its text breaks the grammar (line and column of the text as written: the
    endpoint reads a one-line canonical form), and the warnings (an mg: term the
    ontology does not declare, a misspelt namespace). The endpoint declares no
    prefixes of its own, so none are assumed here."""
    try:
        queries = (await read_parameters(request)).get("query") or [""]
    except ProtocolError as error:
        return PlainTextResponse(str(error) + "\n", status_code=error.status)
    text = queries[0][:MAX_QUERY_CHARS]
    engine = site_of(request).engine

    def check() -> dict:
        error = locate_syntax_error(text)
        return {"error": error, "warnings": [] if error else query_warnings(text, engine, {})}

    return JSONResponse(await run_in_threadpool(check))
