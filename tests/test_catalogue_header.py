"""The question headers are read without a YAML parser: what the small reader gives
must be what PyYAML gives, for every shipped header, and whatever YAML it does not
read must be refused rather than read differently."""

from __future__ import annotations

import pytest
import yaml

from mingraph.catalogue import HeaderError, all_questions, read_header


def header_lines(text: str) -> list[str]:
    return [
        line[3:] if line.startswith("#+ ") else line[2:]
        for line in text.splitlines()
        if line.startswith("#+")
    ]


@pytest.mark.parametrize("question", all_questions(), ids=lambda q: q.name)
def test_every_shipped_header_reads_as_pyyaml_reads_it(question):
    lines = header_lines(question.text)
    assert read_header(lines, question.name) == yaml.safe_load("\n".join(lines))


READABLE = [
    'summary: "Quotes \\"inside\\", a back\\\\slash, \\u9375 and a: colon"',
    "summary: 'it''s single-quoted'",
    "tags:\n  - policies\n  - rare-earths",
    "defaults:\n  - lang: en\n  - mineral: gallium",
    "tags:",
    'summary: "one"\ndescription: "two"\ntags:\n  - a\ndefaults:\n  - lang: zh-Hant',
]


@pytest.mark.parametrize("text", READABLE)
def test_what_the_reader_reads_it_reads_as_pyyaml(text):
    assert read_header(text.splitlines(), "test") == yaml.safe_load(text)


UNREADABLE = [
    "tags: [a, b]",  # a flow list
    "summary: yes",  # YAML's boolean
    "summary: 2024",  # YAML's integer
    'summary: "\\x41"',  # an escape of YAML's that JSON lacks
    "summary: plain words",  # a plain scalar beyond one word
    "summary: word # comment",
    "  - orphan",  # an item before any key
    'summary: "a"\n  - item',  # an item under a scalar
    "defaults:\n  - lang: en\n    mineral: gallium",  # a map of two keys
    "summary: >\n  folded",  # a block scalar
    "summary: 'unpaired ' quote'",
]


@pytest.mark.parametrize("text", UNREADABLE)
def test_what_the_reader_cannot_read_is_refused(text):
    with pytest.raises(HeaderError):
        read_header(text.splitlines(), "test")
