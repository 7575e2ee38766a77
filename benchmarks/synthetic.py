"""Synthetic mingraph data of the real data's shape, at a chosen size.

Policies with bilingual labels, summaries, instruments, minerals, dates and quoted
citations; countries; minerals under the shipped groups; initiatives with dated,
sourced memberships. Every file it writes conforms to the shapes, so it can be
built and asked like a researcher's own data.

    python benchmarks/synthetic.py 100000 synthetic-100k.ttl
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

PREFIXES = """@prefix mg: <https://w3id.org/mingraph/ontology#> .
@prefix mgi: <https://w3id.org/mingraph/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
"""
INSTRUMENTS = [
    "export-quota",
    "export-tax",
    "export-licensing",
    "export-control",
    "technology-export-ban",
    "mining-cap",
    "resource-tax",
    "national-plan",
]
MINERALS = ["gallium", "germanium", "graphite", "antimony", "rare-earths", "lithium", "cobalt"]
POLICY_FACTS = (
    "dcterms:description , mg:issuedBy , mg:instrument , mg:concerns , mg:statedDate , "
    "mg:inForceFrom"
)
MEMBERSHIP_FACTS = "mg:member , mg:joinedOn , mg:isFounding"
INITIATIVE_FACTS = "mg:foundedOn , mg:ledBy , mg:concerns"
TRIPLES_PER_POLICY = 25.0  # measured average, including the shared entities


def citation(quote: str, attests: str = "") -> str:
    """A quoted citation; ``attests`` names the properties its quote vouches for."""
    vouches = f"mg:attests {attests} ; " if attests else ""
    return (
        f"prov:wasDerivedFrom [ a mg:Citation ; oa:hasSource mgi:article ; {vouches}"
        f'oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "{quote}" ] ]'
    )


def generate(triples: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    policies = max(1, int(triples / TRIPLES_PER_POLICY))
    out = [PREFIXES]
    countries = [f"mgi:syn-country-{c}" for c in range(max(1, policies // 10))]
    for c, country in enumerate(countries):
        out.append(
            f'{country} a mg:Country ; rdfs:label "Synthetic country {c}"@en , '
            f'"合成國家 {c}"@zh-Hant ; {citation(f"country {c}")} .'
        )
    minerals = [f"mgi:syn-mineral-{m}" for m in range(max(1, policies // 20))]
    for m, mineral in enumerate(minerals):
        out.append(
            f'{mineral} a mg:Mineral ; rdfs:label "Synthetic mineral {m}"@en , '
            f'"合成礦物 {m}"@zh-Hant ; mg:broaderMineral mgi:{rng.choice(MINERALS)} ; '
            f"{citation(f'mineral {m}', 'mg:broaderMineral')} ."
        )
    for p in range(policies):
        year = rng.randint(1998, 2024)
        month = rng.randint(1, 12)
        mineral = rng.choice(minerals) if rng.random() < 0.5 else f"mgi:{rng.choice(MINERALS)}"
        out.append(
            f'mgi:syn-policy-{p} a mg:Policy ; rdfs:label "Synthetic measure {p}"@en , '
            f'"合成措施 {p}"@zh-Hant ; dcterms:description "A synthetic measure."@en , '
            f'"合成措施。"@zh-Hant ; mg:issuedBy {rng.choice(countries)} ; '
            f"mg:instrument mgi:{rng.choice(INSTRUMENTS)} ; mg:concerns {mineral} ; "
            f'mg:statedDate "{year}"^^xsd:gYear ; '
            f'mg:inForceFrom "{year}-{month:02d}-01"^^xsd:date ; '
            f"{citation(f'measure {p}', POLICY_FACTS)} ."
        )
    for i in range(max(1, policies // 50)):
        founded = rng.randint(2000, 2020)
        members = rng.sample(countries, k=min(5, len(countries)))
        records = " , ".join(
            f"[ a mg:Membership ; mg:member {m} ; "
            f'mg:joinedOn "{founded + rng.randint(0, 4)}"^^xsd:gYear ;'
            f" mg:isFounding false ; {citation(f'member {i} {m}', MEMBERSHIP_FACTS)} ]"
            for m in members
        )
        out.append(
            f'mgi:syn-initiative-{i} a mg:Initiative ; rdfs:label "Synthetic initiative {i}"@en , '
            f'"合成倡議 {i}"@zh-Hant ; mg:foundedOn "{founded}"^^xsd:gYear ; '
            f"mg:ledBy {rng.choice(countries)} ; mg:concerns mgi:{rng.choice(MINERALS)} ; "
            f"mg:hasMembership {records} ; {citation(f'initiative {i}', INITIATIVE_FACTS)} ."
        )
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    size, path = int(sys.argv[1]), Path(sys.argv[2])
    path.write_text(generate(size), encoding="utf-8")
