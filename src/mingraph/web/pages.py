"""Pages for people: home and search, a page per question, per entity, the ontology
and the SPARQL editor, in English or Traditional Chinese (``?lang=``).

Entity and ontology addresses also answer as data (Turtle, N-Triples, JSON-LD)
by content negotiation or ``?format=``; a question's answer comes in the W3C
results formats the same way.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.templating import Jinja2Templates

from mingraph.answers import answer_bound, bind_parameters
from mingraph.catalogue import UnknownQuestion, all_questions, load_question
from mingraph.charts.pages import entity_chart, home_chart, question_chart
from mingraph.engines import QueryError, with_terms
from mingraph.formats import write_solutions, write_triples
from mingraph.iris import MGI, PREFIXES
from mingraph.resolve import BadParameter
from mingraph.resources import resource_dir
from mingraph.results import Solutions
from mingraph.web import strings
from mingraph.web.negotiation import media_type, negotiate
from mingraph.web.site import DERIVED_FROM, RDF_TYPE, Cell, Site

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
ANSWER_FORMATS = ["csv", "tsv", "json", "xml"]
DATA_FORMATS = ["ttl", "nt", "jsonld"]
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


def site_of(request: Request) -> Site:
    return request.app.state.site


def question_cards(lang: str) -> list[dict]:
    return [
        {"name": q.name, "summary": strings.question_summary(q, lang), "tags": q.tags}
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
        chart_svg=await run_in_threadpool(home_chart, site.engine, lang),
    )


async def search(request: Request) -> Response:
    site, lang = site_of(request), page_language(request)
    query = request.query_params.get("q", "")[:200]
    return render(request, "search.html", lang=lang, q=query, hits=site.search(query, lang))


def answer_table(site: Site, answer: Solutions, lang: str) -> tuple[list[str], list[list[Cell]]]:
    """The columns (parameters' own left out) and each row's cells, linked."""
    columns = [v for v in answer.variables if not v.startswith("_")]
    rows = [
        [site.cell(row[v], lang) if v in row else Cell("") for v in columns] for row in answer.rows
    ]
    return columns, rows


async def question_page(request: Request) -> Response:
    site, lang = site_of(request), page_language(request)
    try:
        question = load_question(request.path_params["name"])
    except UnknownQuestion:
        return not_found(request)
    given = {p.name: request.query_params.get(p.name, "").strip() or None for p in question.options}
    missing = [p.name for p in question.options if p.required and not given[p.name]]
    fmt = request.query_params.get("format") or negotiate(
        request.headers.get("accept"), ["html", *ANSWER_FORMATS]
    )
    if fmt not in ("html", *ANSWER_FORMATS):
        return PlainTextResponse(
            f"this answer comes as html, {', '.join(ANSWER_FORMATS)}\n", status_code=406
        )
    answer, error, editor_query = None, None, None
    if not missing:

        def ask() -> tuple[Solutions, str]:
            bindings = bind_parameters(site.engine, question, given, lang)  # resolved once
            answer = answer_bound(site.engine, question, bindings)
            return answer, with_terms(question.text, bindings)  # the query, for the editor

        try:
            answer, editor_query = await run_in_threadpool(ask)
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
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
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
    columns, rows = answer_table(site, answer, lang) if answer else ([], [])
    chart = None
    if answer:
        chart = await run_in_threadpool(question_chart, site.engine, question.name, given, lang)
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
        parameters=parameters,
        missing=missing,
        error=error,
        columns=columns,
        rows=rows,
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
    fmt = request.query_params.get("format") or negotiate(
        request.headers.get("accept"), ["html", *DATA_FORMATS]
    )
    if fmt in DATA_FORMATS:
        document = await run_in_threadpool(site.document, iri)
        return Response(
            write_triples(document, fmt), media_type=media_type(fmt), headers={"Vary": "Accept"}
        )
    if fmt != "html":
        return PlainTextResponse(
            f"this address answers as html, {', '.join(DATA_FORMATS)}\n", status_code=406
        )
    facts, statements, links, contested, chart = await run_in_threadpool(
        lambda: (
            site.facts(iri, lang),
            site.statements(iri),
            site.links_here(iri),
            site.contested(iri),
            entity_chart(site.engine, iri, lang),
        )
    )
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
    fmt = request.query_params.get("format") or negotiate(
        request.headers.get("accept"), ["html", *DATA_FORMATS]
    )
    if fmt in DATA_FORMATS:
        path = resource_dir("ontology") / ONTOLOGY_FILE
        formats = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}
        formats["jsonld"] = ox.RdfFormat.JSON_LD
        triples = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
        prefixes = None if fmt == "nt" else PREFIXES
        data = ox.serialize(triples, format=formats[fmt], prefixes=prefixes)
        return Response(data, media_type=media_type(fmt))
    if fmt != "html":
        return PlainTextResponse("the ontology answers as html, ttl, nt or jsonld\n", 406)
    style, body = request.app.state.ontology_page
    return render(request, "ontology.html", style=style, body=body)


def ontology_page_parts() -> tuple[str, str]:
    """The ontology's documentation page (both languages side by side): style and body."""
    from mingraph.ontology_page import render as render_ontology

    page = render_ontology()
    style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    body = page.split("<body>", 1)[1].split("</body>", 1)[0]
    return style, body


async def editor(request: Request) -> Response:
    lang = page_language(request)
    prefixes = "".join(
        f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items() if p not in ("mgsh", "mgck")
    )
    start = (
        f"{prefixes}\nSELECT ?policy ?label WHERE {{\n"
        "  ?policy a mg:Policy ; rdfs:label ?label .\n"
        f'  FILTER(langMatches(lang(?label), "{lang}"))\n}} LIMIT 20\n'
    )
    examples = [
        {"name": q.name, "summary": strings.question_summary(q, lang), "text": q.text}
        for q in all_questions()
    ]
    return render(
        request,
        "editor.html",
        lang=lang,
        initial=request.query_params.get("query") or start,
        examples=examples,
    )
