"""The canned questions: one SPARQL file each in ``queries/``, with a grlc-style header.

The header is YAML on ``#+`` lines (``summary``, ``description``, ``tags``,
``defaults``), in grlc's convention. It is read by :func:`read_header`, which takes
exactly the part of YAML those lines use and refuses anything else, so that asking a
question needs no YAML parser (PyYAML alone costs a cold ``ask`` 15-25 ms of imports);
a test reads every header with PyYAML too and requires the same result.

Parameters are top-level variables named in grlc's way:
``?_mineral_iri`` is a required IRI parameter named ``mineral``,
``?_date_xsd_date`` a required date; a second leading underscore makes one
optional, as the label language ``?__lang`` (a plain literal) is in every question,
its default applied in the query.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from mingraph.resources import resource_dir

_PARAMETER = re.compile(r"\?(_{1,2})([A-Za-z][A-Za-z0-9]*)(?:_(iri|xsd_[A-Za-z]+))?\b")
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?")
_ITEM = re.compile(r"  - (.*)")
# YAML reads these plain words as booleans or null, which the catalogue never means.
_NOT_TEXT = {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"}


class HeaderError(ValueError):
    pass


def _scalar(text: str, where: str) -> str:
    """A double-quoted, single-quoted or plain one-line YAML scalar, as a string."""
    if text.startswith('"'):
        try:
            value = json.loads(text)  # YAML's double-quoted escapes include JSON's
        except json.JSONDecodeError:
            raise HeaderError(f"{where}: a quoted value the header reader cannot read") from None
        return value
    if text.startswith("'") and text.endswith("'") and len(text) > 1:
        inner = text[1:-1]
        if "'" in inner.replace("''", ""):
            raise HeaderError(f"{where}: a quoted value the header reader cannot read")
        return inner.replace("''", "'")
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", text) and text.lower() not in _NOT_TEXT:
        return text
    raise HeaderError(f"{where}: write {text!r} in double quotes")


def read_header(lines: list[str], source: str) -> dict:
    """The grlc header's keys: a scalar, a list of scalars, or a list of one-key maps."""
    header: dict = {}
    key = None
    for number, line in enumerate(lines, start=1):
        where = f"{source}, header line {number}"
        if not line.strip():
            continue
        if item := _ITEM.fullmatch(line):
            if key is None or (header[key] is not None and not isinstance(header[key], list)):
                raise HeaderError(f"{where}: a list item outside a list")
            header[key] = header[key] or []
            entry = _KEY.fullmatch(item.group(1))
            if entry and entry.group(2) is not None:
                name, value = entry.groups()
                header[key].append({name: _scalar(value, where)})
            else:
                header[key].append(_scalar(item.group(1), where))
        elif entry := _KEY.fullmatch(line):
            key, value = entry.groups()
            header[key] = None if value is None else _scalar(value, where)
        else:
            raise HeaderError(f"{where}: not a line of the header's YAML subset: {line!r}")
    return header


class UnknownQuestion(LookupError):
    def __init__(self, name: str, known: list[str]):
        import difflib  # loaded only when a name is wrong: most runs never need it

        self.name = name
        self.suggestions = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
        hint = f" Did you mean {' or '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"no question named {name[:80]!r}.{hint} 'mingraph questions' lists them.")


@dataclass(frozen=True)
class Parameter:
    name: str  # the option name: mineral, country, initiative, entity, date, lang
    variable: str  # the SPARQL variable without '?': _mineral_iri
    kind: str  # iri, xsd_date or literal
    required: bool


@dataclass
class Question:
    name: str
    summary: str
    description: str
    tags: list[str]
    defaults: dict[str, str]
    parameters: list[Parameter]
    text: str
    path: Path = field(repr=False)

    @property
    def options(self) -> list[Parameter]:
        """The parameters a user gives as options (the label language has its own)."""
        return [p for p in self.parameters if p.name != "lang"]


def parse_question(path: Path) -> Question:
    text = path.read_text(encoding="utf-8")
    header_lines = [
        line[3:] if line.startswith("#+ ") else line[2:]
        for line in text.splitlines()
        if line.startswith("#+")
    ]
    header = read_header(header_lines, path.name)
    defaults: dict[str, str] = {}
    for item in header.get("defaults") or []:
        defaults.update({str(k): str(v) for k, v in item.items()})
    parameters: dict[str, Parameter] = {}
    for underscores, name, kind in _PARAMETER.findall(text):
        variable = "_" * len(underscores) + name + (f"_{kind}" if kind else "")
        parameters.setdefault(
            variable, Parameter(name, variable, kind or "literal", len(underscores) == 1)
        )
    return Question(
        name=path.stem,
        summary=str(header.get("summary", "")),
        description=str(header.get("description", "")),
        tags=[str(t) for t in header.get("tags") or []],
        defaults=defaults,
        parameters=list(parameters.values()),
        text=text,
        path=path,
    )


def question_names() -> list[str]:
    return sorted(p.stem for p in resource_dir("queries").glob("*.rq"))


def load_question(name: str) -> Question:
    path = resource_dir("queries") / f"{name}.rq"
    if "/" in name or "\\" in name or not path.is_file():
        raise UnknownQuestion(name, question_names())
    return parse_question(path)


def all_questions() -> list[Question]:
    return [parse_question(resource_dir("queries") / f"{name}.rq") for name in question_names()]
