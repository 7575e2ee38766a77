"""HTTP content negotiation: the offered media type a client's Accept header prefers.

The formats are mingraph's (:mod:`mingraph.formats`); this module only maps them
to media types and picks one. A ``format=``, ``output=`` or ``results=`` parameter
names a format directly, for browsers and tools that cannot set headers, as a short
name (``json``, ``xml``, ``csv``, ``tsv``, ``turtle``, ``ttl``, ``nt``, ``jsonld``,
``rdfxml``, ``n3``, ...) or a media type (``text/turtle``, ...).

Where such a parameter and the ``Accept`` header disagree, the parameter wins: it
is the explicit choice, and tools such as SPARQLWrapper send both. Its first value
that names a format the answer comes in is taken; values that name no format at all
are passed over; when every value names only formats the answer does not come in,
the answer is 406. ``json`` and ``xml`` stand for the results formats of a table or
a boolean and for JSON-LD and RDF/XML of a graph; ``n3`` is answered as Turtle,
which every N3 reader reads. JSON-LD comes compacted with mingraph's context unless
the expanded profile is asked for (:func:`wants_expanded`).
"""

from __future__ import annotations

from mingraph.jsonld import EXPANDED_PROFILE

#: Each format mingraph writes, its media type, and other media types that ask for it.
MEDIA_TYPES = {
    "json": ("application/sparql-results+json", ("application/json",)),
    "xml": ("application/sparql-results+xml", ("application/xml", "text/xml")),
    "csv": ("text/csv", ()),
    "tsv": ("text/tab-separated-values", ()),
    "ttl": ("text/turtle", ("application/x-turtle", "application/turtle", "text/n3")),
    "nt": ("application/n-triples", ("text/plain",)),
    "jsonld": ("application/ld+json", ("application/x-json+ld",)),
    "rdfxml": ("application/rdf+xml", ()),
    "html": ("text/html", ("application/xhtml+xml",)),
}


def _accepted(header: str) -> list[tuple[str, float, int]]:
    """(media range, q, specificity) for each entry of an Accept header."""
    entries = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for field in fields[1:]:
            name, _, value = field.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        kind, _, subtype = media.partition("/")
        specificity = 0 if kind == "*" else 1 if subtype == "*" else 2
        entries.append((media, q, specificity))
    return entries


def _quality(media_type: str, accepted: list[tuple[str, float, int]]) -> float:
    """The q the most specific matching range gives ``media_type`` (0: not acceptable)."""
    kind = media_type.split("/")[0]
    best = (-1, 0.0)
    for media, q, specificity in accepted:
        if media in (media_type, f"{kind}/*", "*/*") and specificity > best[0]:
            best = (specificity, q)
    return best[1]


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The format of ``offered`` (in the server's order of preference) the client
    prefers, or None when it accepts none of them. No Accept header accepts all."""
    if not accept or not accept.strip():
        return offered[0] if offered else None
    accepted = _accepted(accept)
    best, best_q = None, 0.0
    for fmt in offered:
        main, aliases = MEDIA_TYPES[fmt]
        q = max(_quality(media, accepted) for media in (main, *aliases))
        if q > best_q:
            best, best_q = fmt, q
    return best


def media_type(fmt: str) -> str:
    main = MEDIA_TYPES[fmt][0]
    return f"{main}; charset=utf-8" if main.startswith("text/") else main


#: Short names a format parameter may give, each with the formats it stands for.
SHORT_NAMES = {
    "json": ("json", "jsonld"),
    "xml": ("xml", "rdfxml"),
    "csv": ("csv",),
    "tsv": ("tsv",),
    "turtle": ("ttl",),
    "ttl": ("ttl",),
    "n3": ("ttl",),
    "nt": ("nt",),
    "ntriples": ("nt",),
    "n-triples": ("nt",),
    "jsonld": ("jsonld",),
    "json-ld": ("jsonld",),
    "rdfxml": ("rdfxml",),
    "rdf+xml": ("rdfxml",),
    "rdf": ("rdfxml",),
    "html": ("html",),
}
#: The media types that stand for a results format and for a graph format alike.
_SHARED_MEDIA = {"application/json": ("json", "jsonld"), "application/xml": ("xml", "rdfxml")}
_SHARED_MEDIA["text/xml"] = _SHARED_MEDIA["application/xml"]


def named_formats(value: str) -> tuple[str, ...]:
    """The formats a format parameter's value stands for (none: it names no format)."""
    name = value.split(";")[0].strip().lower()
    if name in SHORT_NAMES:
        return SHORT_NAMES[name]
    if name in _SHARED_MEDIA:
        return _SHARED_MEDIA[name]
    return tuple(fmt for fmt, (main, aliases) in MEDIA_TYPES.items() if name in (main, *aliases))


class FormatNotAcceptable(Exception):
    """Neither the format parameter nor the Accept header names a format offered."""


def choose(values: list[str], accept: str | None, offered: list[str]) -> str:
    """The format of ``offered`` for a request: the format parameter's ``values``
    decide if any names a format, else the Accept header (the rule is the module's)."""
    named = False
    for value in values:
        formats = named_formats(value)
        named = named or bool(formats)
        for fmt in formats:
            if fmt in offered:
                return fmt
    if named:
        raise FormatNotAcceptable(
            f"this answer comes as {', '.join(offered)}, not {', '.join(values)}"
        )
    fmt = negotiate(accept, offered)
    if fmt is None:
        raise FormatNotAcceptable(
            "none of the formats this answer comes in is acceptable: "
            + ", ".join(media_type(f).split(";")[0] for f in offered)
        )
    return fmt


def wants_expanded(accept: str | None, values: list[str]) -> bool:
    """Whether the Accept header or a format parameter asks for expanded JSON-LD
    (``application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"``)."""
    return any(EXPANDED_PROFILE in text for text in (accept or "", *values))
