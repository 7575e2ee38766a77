"""The SHACL shapes and quality checks over imported rows, reported at their cells.

The rows' triples are validated together with the ontology, the shipped data and
any other inputs, as a build would; each problem of an imported entity is then
turned back into the row that made the entity and the column that made the fact.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from mingraph.iris import MGI, PREFIXES, shorten
from mingraph.tabular.cells import Problem
from mingraph.tabular.importing import Imported, TemplateProblems


def _expand(shown: str) -> str:
    """The IRI of a name as the validation report shows it (``mgi:x``, ``<...>``)."""
    if shown.startswith("<") and shown.endswith(">"):
        return shown[1:-1]
    prefix, _, local = shown.partition(":")
    return PREFIXES.get(prefix, prefix + ":") + local


def check_imported(path: Path, imported: Imported, data_paths, lang: str = "en") -> None:
    """Raise :class:`TemplateProblems` for every shape or check the rows break."""
    from mingraph.loading import load_store_with_origins, to_rdflib_term
    from mingraph.validation import validate_store

    store, origins = load_store_with_origins(data_paths)
    default = ox.DefaultGraph()
    store.bulk_extend(ox.Quad(s, p, o, default) for s, p, o in imported.triples)
    for subject in {t.subject for t in imported.triples}:
        origins.setdefault(to_rdflib_term(subject), []).append(str(path))
    report = validate_store(store, origins)
    rows = dict(imported.rows_by_entity)
    for entity, row in imported.rows_by_entity.items():  # the row's citation and record too
        slug = entity[len(MGI) :]
        for made in (f"{MGI}cite-{slug}", f"{MGI}ref-{slug}", f"{MGI}doc-{slug}"):
            rows.setdefault(made, row)
    by_property = {c.property_iri: c for c in imported.kind.facts()}
    problems = []
    for found in report.problems:
        iri = _expand(found.entity.split(" ", 1)[0])
        if iri not in rows:
            continue
        column = by_property.get(_expand(found.path)) if found.path else None
        column = column or imported.kind.column("id")
        message = f"{found.message} [{found.rule_name or shorten(found.rule)}]"
        problems.append(Problem(str(path), None, rows[iri], column, message))
    if problems:
        raise TemplateProblems(path, problems, lang)
