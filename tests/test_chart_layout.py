"""No text of a chart overlaps another or runs past the picture's edge: every chart
drawn in both languages, each text element's box worked out from its position in the
SVG and the installed font's metrics (what fontconfig picks for the SVG's font)."""

from __future__ import annotations

import itertools
import math
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from functools import cache

import pytest
from PIL import ImageFont

from mingraph.charts import CHARTS, Filters, draw_chart

LANGS = ("en", "zh-Hant")
SVG = "{http://www.w3.org/2000/svg}"
ROTATE = re.compile(r"rotate\(([-\d.e]+)\)")
TRANSLATE = re.compile(r"translate\(([-\d.e]+)[ ,]+([-\d.e]+)\)")
#: Pixels two boxes may share (antialiasing, rounding of the metrics).
TOLERANCE = 1.0


@cache
def font(family: str, size: float, bold: bool) -> ImageFont.FreeTypeFont:
    """The font ``family`` is drawn with, at ``size`` pixels: vl-convert draws the
    generic sans-serif with the Liberation Sans it ships; fontconfig finds the others."""
    first = family.split(",")[0].strip()
    pattern = ("Liberation Sans" if first == "sans-serif" else first) + (":bold" if bold else "")
    found = subprocess.run(
        ["fc-match", "-f", "%{file}\n%{index}", pattern], capture_output=True, text=True
    ).stdout.split("\n")
    return ImageFont.truetype(found[0], size=round(size), index=int(found[1] or 0))


def text_boxes(
    svg: str,
) -> tuple[list[tuple[str, tuple[float, float, float, float]]], float, float]:
    """(text, (left, top, right, bottom)) of every visible text, and the picture's size."""
    root = ET.fromstring(svg)
    width, height = float(root.get("width")), float(root.get("height"))
    boxes = []

    def walk(node, dx: float, dy: float) -> None:
        for child in node:
            x, y = dx, dy
            transform = child.get("transform") or ""
            moves = TRANSLATE.findall(transform)
            if moves:
                x, y = x + float(moves[0][0]), y + float(moves[0][1])
            if child.tag == f"{SVG}text":
                if child.get("opacity") == "0":
                    continue
                line_y = y
                for line in child.findall(f"{SVG}tspan") or [child]:
                    line_y += float(line.get("dy") or 0)
                    text = "".join(line.itertext())
                    if text.strip():
                        angle = ROTATE.search(transform)
                        turn = float(angle.group(1)) if angle else 0.0
                        boxes.append((text, _box(child, text, x, line_y, turn)))
            else:
                walk(child, x, y)

    walk(root, 0.0, 0.0)
    return boxes, width, height


def _box(node, text: str, x: float, y: float, turn: float):
    """The box the text covers; a turned text, the box around its turned outline."""
    size = float((node.get("font-size") or "11px").rstrip("px"))
    face = font(node.get("font-family") or "sans-serif", size, node.get("font-weight") == "bold")
    length = face.getlength(text)
    ascent, descent = 0.8 * size, 0.2 * size
    anchor = node.get("text-anchor") or "start"
    start = {"start": 0.0, "middle": -length / 2, "end": -length}[anchor]
    corners = [(start, -ascent), (start + length, -ascent), (start, descent),
               (start + length, descent)]  # fmt: skip
    cos, sin = math.cos(math.radians(turn)), math.sin(math.radians(turn))
    turned = [(x + cx * cos - cy * sin, y + cx * sin + cy * cos) for cx, cy in corners]
    xs, ys = [p[0] for p in turned], [p[1] for p in turned]
    return (min(xs), min(ys), max(xs), max(ys))


def overlaps(a, b) -> bool:
    return (
        min(a[2], b[2]) - max(a[0], b[0]) > TOLERANCE
        and min(a[3], b[3]) - max(a[1], b[1]) > TOLERANCE
    )


def layout_problems(svg: str) -> list[str]:
    boxes, width, height = text_boxes(svg)
    problems = [
        f"{t!r} runs past the edge"
        for t, (left, top, right, bottom) in boxes
        if left < -TOLERANCE or top < -TOLERANCE or right > width + TOLERANCE
        or bottom > height + TOLERANCE
    ]  # fmt: skip
    problems += [
        f"{a!r} overlaps {b!r}"
        for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2)
        if overlaps(box_a, box_b)
    ]
    return problems


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="needs fontconfig's fc-match")
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(CHARTS))
def test_no_text_of_a_chart_overlaps_another_or_runs_past_the_edge(engine, name, lang):
    svg = draw_chart(engine, name, lang, Filters())
    assert layout_problems(svg) == []


def test_the_check_finds_overlapping_text_and_text_past_the_edge():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40">'
        '<g transform="translate(10,20)"><text font-size="12px">2023-12</text>'
        '<text transform="translate(30,0)" font-size="12px">2024-02</text>'
        '<text transform="translate(80,0)" font-size="12px">edge</text></g></svg>'
    )
    problems = layout_problems(svg)
    assert "'2023-12' overlaps '2024-02'" in problems
    assert "'edge' runs past the edge" in problems
