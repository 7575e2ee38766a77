"""rdflib's answers to the canned questions, kept beside the tests.

rdflib's SPARQL engine is the reference test_engines.py holds pyoxigraph and an
Oxigraph server to. Over the shipped graph it takes minutes on some questions
(countermeasures: over two, and the tests ask it nine ways), so its answers are kept in
``tests/reference/rdflib-answers.json``, each under a key made of everything the
answer depends on: the graph (canonicalised, so that the blank nodes each build
names afresh do not count), the query text and bindings, the versions of rdflib and
pyoxigraph and the source of mingraph's rdflib engine. A question asked under a key
the file does not hold is asked of rdflib there and then: a stale file makes the
suite slower, never wrong, and ``test_the_kept_rdflib_answers_are_current`` says so.
After a change of data, ontology, question or rdflib, regenerate the file (it asks
rdflib every question: several minutes) and commit it::

    python tests/reference_answers.py

(or, on N cores, ``--part 0/N`` to ``--part N-1/N`` side by side).
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import inspect
import json
import sys
from pathlib import Path

import pyoxigraph as ox
import rdflib
from golden_cases import ARGUMENTS, CASES, LANGS, option_values, question_of

from mingraph import engines
from mingraph.answers import bind_parameters
from mingraph.catalogue import load_question
from mingraph.engines import RdflibEngine, with_terms, with_values
from mingraph.results import Solutions, Term
from mingraph.store import to_rdflib_graph

KEPT = Path(__file__).parent / "reference" / "rdflib-answers.json"

#: Questions rdflib's evaluator takes many minutes over, as they are written now
#: (chains of OPTIONAL inside UNION branches): compared on pyoxigraph and an Oxigraph
#: server only, until they are rewritten. Not a verdict on their answers: a gap in the
#: reference check.
RDFLIB_TOO_SLOW = {
    "controls-in-force",
    "measure-periods",
    "responses",
    "timeline",
}


@functools.cache
def graph_key(store: ox.Store) -> str:
    """A digest of the store's triples that is the same for every build of the same
    inputs: blank nodes are relabelled canonically first."""
    dataset = ox.Dataset(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)  # pyoxigraph's version is keyed
    digest = hashlib.sha256()
    for line in sorted(str(quad) for quad in dataset):
        digest.update(line.encode() + b"\n")
    return digest.hexdigest()


@functools.cache
def engine_key() -> str:
    """What else an answer depends on: the libraries' versions and the engine's code."""
    code = "".join(
        inspect.getsource(part) for part in (RdflibEngine, engines._from_rdflib, engines.solutions)
    )
    return f"rdflib {rdflib.__version__} pyoxigraph {ox.__version__}\n{code}"


def _term(term: Term | None):
    return None if term is None else [term.kind, term.value, term.lang, term.datatype]


def encode(answer: Solutions) -> dict:
    return {
        "variables": answer.variables,
        "rows": [[_term(row.get(v)) for v in answer.variables] for row in answer.rows],
    }


def decode(kept: dict) -> Solutions:
    rows = [
        {v: Term(*cell) for v, cell in zip(kept["variables"], row, strict=True) if cell}
        for row in kept["rows"]
    ]
    return Solutions(kept["variables"], rows)


class KeptRdflibEngine:
    """rdflib's engine over a store's graph, answering from the kept answers where it can."""

    def __init__(self, store: ox.Store, kept: dict | None = None):
        self.store = store
        self.kept = read_kept() if kept is None else kept

    def key(self, text: str, bindings: dict[str, Term] | None = None) -> str:
        bound = sorted((name, _term(term)) for name, term in (bindings or {}).items())
        what = json.dumps([engine_key(), graph_key(self.store), text, bound], ensure_ascii=False)
        return hashlib.sha256(what.encode()).hexdigest()

    @functools.cached_property
    def live(self) -> RdflibEngine:
        return RdflibEngine(to_rdflib_graph(self.store))

    def run(self, text: str, bindings: dict[str, Term] | None = None):
        kept = self.kept.get(self.key(text, bindings))
        return decode(kept) if kept is not None else self.live.run(text, bindings)


def read_kept() -> dict:
    """The kept answers by key. The file holds each distinct answer once, with the keys
    that give it: the ways of binding a question give the same rows (what the tests
    check), so most answers come under three keys."""
    if not KEPT.is_file():
        return {}
    kept = json.loads(KEPT.read_text(encoding="utf-8"))
    return {key: kept["answers"][index] for key, index in kept["keys"].items()}


def write_kept(answers: dict) -> None:
    distinct: dict[str, int] = {}
    keys = {}
    for key in sorted(answers):
        text = json.dumps(answers[key], ensure_ascii=False, separators=(",", ":"))
        keys[key] = distinct.setdefault(text, len(distinct))
    kept = {"keys": keys, "answers": [json.loads(text) for text in distinct]}
    KEPT.write_text(json.dumps(kept, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")


def rdflib_calls(engine) -> list[tuple[str, dict[str, Term] | None]]:
    """Every (query text, bindings) test_engines.py asks rdflib: each golden case in each
    language, and each question with no language bound, pasted, as VALUES and as
    ``initBindings``."""
    asked = []
    for case in sorted(CASES):
        question = load_question(question_of(case))
        if question.name not in RDFLIB_TOO_SLOW:
            for lang in LANGS:
                bindings = bind_parameters(engine, question, option_values(case), lang)
                asked.append((question.text, bindings))
    for name in sorted(set(ARGUMENTS) - RDFLIB_TOO_SLOW):
        question = load_question(name)
        bindings = bind_parameters(engine, question, option_values(name))
        del bindings["__lang"]
        asked.append((question.text, bindings))
    calls = []
    for text, bindings in asked:
        calls += [(with_terms(text, bindings), None), (with_values(text, bindings), None)]
        calls.append((text, bindings))
    return calls


def main(arguments: list[str]) -> None:
    """Ask rdflib every call of :func:`rdflib_calls` and keep the answers; answers no
    test asks any more are dropped. ``--part K/N`` asks only every Nth call from the
    Kth and keeps the other parts' answers, to run N parts at once on N cores."""
    from mingraph.build import prepare_store

    part, parts = map(int, arguments[1].split("/")) if arguments[:1] == ["--part"] else (0, 1)
    prepared = prepare_store([])
    reference = KeptRdflibEngine(prepared.store, kept={})
    calls = rdflib_calls(prepared.engine())
    answers = {}
    for text, bindings in calls[part::parts]:
        key = reference.key(text, bindings)
        if key not in answers:
            answer = reference.live.run(text, bindings)
            if any(term.kind == "bnode" for row in answer.rows for term in row.values()):
                continue  # a blank node's label is the build's own: asked live each time
            answers[key] = encode(answer)
    asked = {reference.key(text, bindings) for text, bindings in calls}
    KEPT.parent.mkdir(exist_ok=True)
    with (KEPT.parent / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        kept = {**read_kept(), **answers} if parts > 1 else answers
        write_kept({key: answer for key, answer in kept.items() if key in asked})


if __name__ == "__main__":
    main(sys.argv[1:])
