"""HTTP content negotiation: the offered media type a client's Accept header prefers.

The formats are mingraph's (:mod:`mingraph.formats`); this module only maps them
to media types and picks one. A ``?format=`` parameter names a format directly,
for browsers and tools that cannot set headers.
"""

from __future__ import annotations

#: Each format mingraph writes, its media type, and other media types that ask for it.
MEDIA_TYPES = {
    "json": ("application/sparql-results+json", ("application/json",)),
    "xml": ("application/sparql-results+xml", ("application/xml", "text/xml")),
    "csv": ("text/csv", ()),
    "tsv": ("text/tab-separated-values", ()),
    "ttl": ("text/turtle", ("application/x-turtle",)),
    "nt": ("application/n-triples", ("text/plain",)),
    "jsonld": ("application/ld+json", ()),
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
