"""The pictures: each chart drawn in both languages as SVG and PNG on the shipped data,
holding the labels a reader looks for, with real Chinese glyphs, a title, a legend
and a source line; filters that leave nothing to draw are refused."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import re
import xml.etree.ElementTree as ET
from functools import cache

import pytest
import vl_convert
from click.testing import CliRunner
from PIL import Image

from conftest import REPO
from mingraph.answers import answer_question
from mingraph.catalogue import load_question
from mingraph.charts import CHARTS, Filters, chart_spec, chart_svg, draw_chart
from mingraph.charts import fonts as chart_fonts
from mingraph.charts.common import EmptyChart, Sources, day
from mingraph.cli import main
from mingraph.resolve import BadParameter

LANGS = ("en", "zh-Hant")
SVG = "{http://www.w3.org/2000/svg}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def draw(engine):
    @cache
    def drawn(name: str, lang: str, fmt: str = "svg", **filters: str):
        return draw_chart(engine, name, lang, Filters(**filters), fmt)

    return drawn


def texts(svg: str) -> list[str]:
    """Every line of text the SVG shows, as a reader sees it (a wrapped text, line by line)."""
    lines = []
    for node in ET.fromstring(svg).iter(f"{SVG}text"):
        spans = node.findall(f"{SVG}tspan")
        lines += [(span.text or "").strip() for span in spans] or ["".join(node.itertext()).strip()]
    return lines


def ask(engine, name: str, lang: str, **values: str):
    return answer_question(engine, load_question(name), values, lang)


def column_of(row, name: str) -> str:
    return row[name].value if name in row else ""


def column(answer, name: str) -> set[str]:
    return {row[name].value for row in answer.rows if name in row}


def latest_year(engine) -> int:
    """The year the data runs to: the newest source, or the latest date a measure has."""
    as_of = Sources.of(engine, "en").as_of
    answer = ask(engine, "measure-periods", "en")
    dates = [row[n].value for row in answer.rows for n in ("start", "ended", "replacedFrom")
             if n in row]  # fmt: skip
    return max(day(d) for d in [as_of, *dates]).year


# --- every chart, both languages, both formats ---------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(CHARTS))
def test_every_chart_draws_as_svg_with_title_legend_and_source_line(draw, engine, name, lang):
    svg = draw(name, lang)
    shown = texts(svg)
    spec = chart_spec(engine, name, lang)
    assert spec["title"]["text"] in shown
    as_of = Sources.of(engine, lang).as_of
    source_line = " ".join(spec["title"]["subtitle"])
    assert f"data as of {as_of}; sources: " in source_line or f"資料截至 {as_of}；來源：" in (
        source_line
    )
    assert all(line in shown for line in spec["title"]["subtitle"])
    assert "role-legend" in svg
    assert "role-axis" in svg


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(CHARTS))
def test_every_chart_draws_as_png(draw, name, lang):
    png = draw(name, lang, "png")
    assert png.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(png))
    width, height = image.size
    assert width > 400 and height > 200
    darkest, lightest = image.convert("L").getextrema()
    assert darkest < 64 and lightest > 192, "a picture, not a blank page"


def test_the_svg_keeps_text_as_text(draw):
    svg = draw("timeline", "zh-Hant")
    assert "稀土" in texts(svg)
    assert "<path" in svg and "稀土" in svg


# --- what a reader looks for in each picture ------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_timeline_has_every_mineral_lane_and_runs_from_1998_to_the_latest_year(
    draw, engine, lang
):
    shown = texts(draw("timeline", lang))
    answer = ask(engine, "measure-periods", lang)
    for lane in column(answer, "mineralLabel"):
        assert lane in shown, f"no lane for {lane}"
    assert ("稀土" if lang == "zh-Hant" else "rare earths") in shown
    assert "1998" in shown
    assert str(latest_year(engine)) in shown
    assert ("（未指明礦物）" if lang == "zh-Hant" else "(no mineral named)") in shown


def test_the_zh_hant_timeline_has_no_english_lane(draw, engine):
    shown = set(texts(draw("timeline", "zh-Hant")))
    english = column(ask(engine, "measure-periods", "en"), "mineralLabel")
    assert not english & shown
    names = column(ask(engine, "measure-periods", "zh-Hant"), "label")  # names kept as written
    names |= set(chart_spec(engine, "timeline", "zh-Hant")["title"]["subtitle"])  # publishers
    assert not [t for t in shown - names if re.search(r"[A-Za-z]{4,}", t)]


def test_the_timeline_draws_each_measure_from_its_start_to_its_end(engine):
    spec = chart_spec(engine, "timeline")
    bars = {(b["measure"], b["lane"]): b for b in spec["data"]["values"]}
    quota = bars[("Rare-earth export quota", "rare earths")]
    assert (quota["start"], quota["end"]) == ("1998-01-01", "2015-01-01")
    assert quota["endKind"] == "ended, replaced or succeeded (line at the end)"
    plan = bars[("National Mineral Resources Plan (2008-2015)", "rare earths")]
    assert plan["end"] == "2016-11-29", "a plan runs until the plan that succeeds it"
    gallium = bars[("Export control on gallium and germanium items", "gallium")]
    assert gallium["start"] == "2023-08-01" and gallium["endKind"] == "no end in the sources"


def test_kinds_of_a_mineral_sit_under_it_and_measures_naming_none_come_last(engine):
    lanes = chart_spec(engine, "timeline")["facet"]["row"]["sort"]
    assert lanes[:3] == ["rare earths", "light rare earths", "medium-heavy rare earths"]
    assert lanes[-1] == "(no mineral named)"


def _rows_of(values: list[dict]) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """The timeline's rows, (group, measure) -> the pieces of its bar, in order."""
    rows: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for piece in values:
        rows.setdefault((piece["lane"], piece["measure"]), []).append(
            (piece["start"], piece["end"])
        )
    return {key: sorted(pieces) for key, pieces in rows.items()}


def shows_label(shown: list[str], label: str) -> bool:
    """The label is drawn, whole or cut short with an ellipsis where it does not fit."""
    return label in shown or any(
        t.endswith("…") and len(t) > 20 and label.startswith(t[:-1]) for t in shown
    )


@pytest.mark.parametrize("lang", LANGS)
def test_each_measure_has_its_own_labelled_row_in_each_mineral_group(draw, engine, lang):
    """One row per measure and mineral it concerns, labelled with the measure; the pieces
    of a bar (cut by a suspension) meet end to start and never overlap."""
    from mingraph.charts.timeline import WORDS

    rows = _rows_of(chart_spec(engine, "timeline", lang)["data"]["values"])
    answer = ask(engine, "measure-periods", lang)
    no_mineral = WORDS[lang]["no_mineral"]
    expected = {(column_of(r, "mineralLabel") or no_mineral, r["label"].value) for r in answer.rows}
    assert set(rows) == expected
    for pieces in rows.values():
        assert all(a[1] == b[0] for a, b in itertools.pairwise(pieces))
    shown = texts(draw("timeline", lang))
    missing = [label for _, label in expected if not shows_label(shown, label)]
    assert not missing, f"no row label for {missing[:3]}"


def test_grouped_by_country_each_measure_has_one_row_under_its_country(draw, engine):
    rows = _rows_of(chart_spec(engine, "timeline", "en", Filters(by="country"))["data"]["values"])
    answer = ask(engine, "measure-periods", "en")
    assert set(rows) == {(r["country"].value, r["label"].value) for r in answer.rows}
    shown = texts(draw("timeline", "en", by="country"))
    # the G7's roadmap (2025) is a measure too: the title names every issuer drawn
    assert {"China", "United States", "Taiwan", "G7 (Group of Seven)"} <= set(shown)
    assert (
        "Measures on minerals by China, United States, Taiwan and G7 (Group of Seven), "
        in " ".join(shown)
    )


def test_the_gallium_timeline_spans_its_own_measures_and_says_so(draw, engine):
    shown = texts(draw("timeline", "en", mineral="gallium"))
    first = min(
        r["start"].value[:4]
        for r in ask(engine, "measure-periods", "en").rows
        if column_of(r, "mineralLabel") == "gallium"
    )
    assert first in shown and "1998" not in shown
    assert f"Measures on gallium by China and United States, {first}–" in " ".join(shown)


def test_the_full_timeline_widens_the_recent_years(engine):
    """From 2023 on a year takes several times the room of an earlier one, so the
    measures of 2023-2026 can be told apart; the axis title says the scale changes."""
    spec = chart_spec(engine, "timeline", "en")
    axis = spec["spec"]["encoding"]["x"]["axis"]
    assert "widened" in axis["title"]
    from mingraph.charts.timeline import TimeAxis

    scale = TimeAxis.fitted(dt.date(1998, 1, 1), dt.date(2026, 4, 20), widen=True)
    recent = scale.place(dt.date(2026, 1, 1)) - scale.place(dt.date(2023, 1, 1))
    early = scale.place(dt.date(2001, 1, 1)) - scale.place(dt.date(1998, 1, 1))
    assert recent > 4 * early
    assert recent / scale.place(dt.date(2026, 4, 20)) > 0.4, "2023-2026 takes over 40% of the axis"


def test_the_timeline_for_a_mineral_group_shows_its_kinds_and_nothing_else(draw):
    shown = texts(draw("timeline", "en", mineral="rare earths"))
    assert {"rare earths", "light rare earths", "medium-heavy rare earths"} <= set(shown)
    assert "gallium" not in shown and "(no mineral named)" not in shown


def test_from_and_to_narrow_the_timeline(draw):
    shown = texts(draw("timeline", "en", start="2010", end="2015"))
    assert "2010" in shown and "2015" in shown
    assert "1998" not in shown and "2016" not in shown
    assert "China's measures on minerals, 2010–2015" in shown, "only China's fall in 2010-2015"


def test_the_timeline_of_one_country(draw, engine):
    shown = texts(draw("timeline", "zh-Hant", country="CN"))
    assert f"中國之礦物措施，1998–{latest_year(engine)}年" in shown


@pytest.mark.parametrize("lang", LANGS)
def test_the_membership_grid_has_every_initiative_and_member_dated(draw, engine, lang):
    shown = texts(draw("memberships", lang))
    answer = ask(engine, "membership-grid", lang)
    assert column(answer, "initiativeLabel") <= set(shown)
    assert column(answer, "memberLabel") <= set(shown)
    assert {d[:10] for d in column(answer, "joined")} <= set(shown)
    assert "≤ 2023-02-08" in shown  # Italy and Norway: joined MSP by then
    assert ("創始成員" if lang == "zh-Hant" else "founding member") in shown


def test_the_founding_members_are_marked(engine):
    cells = chart_spec(engine, "memberships", "en", Filters(initiative="MSP"))["data"]["values"]
    founders = {c["member"] for c in cells if c["kind"] == "founding member"}
    assert {"United States", "Japan", "European Union"} <= founders
    assert "India" not in founders
    assert {c["initiative"] for c in cells} == {"Minerals Security Partnership"}


@pytest.mark.parametrize("lang", LANGS)
def test_the_instruments_chart_counts_each_dated_measure_once(draw, engine, lang):
    spec = chart_spec(engine, "instruments", lang)
    answer = ask(engine, "measure-periods", lang)
    assert len(spec["data"]["values"]) == len(column(answer, "policy"))
    shown = texts(draw("instruments", lang))
    assert column(answer, "family") <= set(shown)
    assert column(answer, "country") <= set(shown), "a panel per country"
    assert "1998" in shown and str(max(int(r["start"].value[:4]) for r in answer.rows)) in shown


def _colour_scales(spec) -> list[dict]:
    """Every colour scale of a specification: {domain: labels, range: colours}."""
    found = []
    if isinstance(spec, dict):
        scale = spec.get("scale")
        if (
            isinstance(scale, dict)
            and isinstance(scale.get("range"), list)
            and all(isinstance(c, str) and c.startswith("#") for c in scale["range"])
        ):
            found.append(scale)
        for item in spec.values():
            found += _colour_scales(item)
    elif isinstance(spec, list):
        for item in spec:
            found += _colour_scales(item)
    return found


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(CHARTS))
def test_no_two_legend_entries_share_a_colour(engine, name, lang):
    scales = _colour_scales(chart_spec(engine, name, lang))
    assert scales, "a chart with a colour legend"
    for scale in scales:
        colours = [c.lower() for c in scale["range"]]
        assert len(set(colours)) == len(colours), f"colours shared in {scale['domain']}"


def test_a_family_keeps_its_colour_in_both_languages_and_under_a_filter(engine):
    def colour_of(lang: str, label: str, filters: Filters | None = None) -> str:
        spec = chart_spec(engine, "timeline", lang, filters)
        scale = spec["spec"]["layer"][0]["encoding"]["color"]["scale"]
        return scale["range"][scale["domain"].index(label)]

    assert colour_of("en", "controls and bans") == colour_of("zh-Hant", "管制與禁令")
    assert colour_of("en", "taxes and tariffs") == colour_of("zh-Hant", "稅與關稅")
    assert colour_of("en", "controls and bans") == colour_of(
        "en", "controls and bans", Filters(mineral="gallium")
    )


def test_the_legend_lists_only_the_families_drawn(engine):
    spec = chart_spec(engine, "timeline", "en", Filters(mineral="gallium"))
    domain = spec["spec"]["layer"][0]["encoding"]["color"]["scale"]["domain"]
    rows = ask(engine, "measure-periods", "en").rows
    on_gallium = {r["family"].value for r in rows if column_of(r, "mineralLabel") == "gallium"}
    assert "controls and bans" in on_gallium
    assert set(domain) == on_gallium | {"suspended (the gap in a bar)"}


@pytest.mark.parametrize("lang", LANGS)
def test_the_supply_chart_gives_each_figure_with_its_year_and_source(draw, engine, lang):
    shown = texts(draw("supply", lang))
    answer = ask(engine, "supply-concentration", lang)
    for row in answer.rows:
        if "share" in row:
            assert any(t.startswith(f"{row['share'].value}% · ") for t in shown)
            assert f"{row['supplier'].value} ({row['year'].value})" in shown
    floors = [r for r in answer.rows if "shareExceeds" in r]
    assert floors and all(any(t.startswith(f"> {r['shareExceeds'].value}% · ") for t in shown)
                          for r in floors)  # fmt: skip


def test_the_supply_chart_of_one_mineral(draw):
    shown = texts(draw("supply", "en", mineral="Ga"))
    assert any(t.startswith("98% · ") and "Check" not in t for t in shown)
    assert "cobalt" not in shown


def test_the_source_line_names_the_publishers_behind_the_picture(engine):
    line = " ".join(chart_spec(engine, "timeline", "en")["title"]["subtitle"])
    assert "Critical minerals become an important means for China to counter US strategy" in line
    assert "Reuters" in line and "Xinhua" in line
    assert re.search(r" and \d+ more$", line)
    assert "rows)" not in line and "Public-source check" not in line, "publishers, not our files"
    supply = " ".join(chart_spec(engine, "supply", "en")["title"]["subtitle"])
    # the publisher as its documents name it (dcterms:publisher)
    assert "U.S. Geological Survey" in supply and "Check C0" not in supply


def test_the_svg_holds_every_source_in_full_in_its_metadata(draw, engine):
    svg = draw("timeline", "en")
    root = ET.fromstring(svg)
    listed = [n.text for n in root.iter("{http://purl.org/dc/terms/}source")]
    assert len(listed) == len(chart_spec(engine, "timeline", "en")["usermeta"]["sources"]) > 10
    assert any(s.startswith("Reuters via A News: China bans exports of gallium") for s in listed)


def test_a_font_with_traditional_chinese_glyphs_is_installed():
    assert chart_fonts.find_cjk_font(), (
        "no CJK font: install one (apt-get install fonts-noto-cjk); .ci/run does"
    )


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_zh_hant_text_is_set_in_the_cjk_font_without_missing_glyph_marks(draw, name):
    svg = draw(name, "zh-Hant")
    family = chart_fonts.find_cjk_font()
    root = ET.fromstring(svg)
    for node in root.iter(f"{SVG}text"):
        assert node.get("font-family", "").startswith(family)
    assert not {"\ufffd", "\u25a1", "\u2610"} & set(svg)


def cjk_characters(text: str) -> list[str]:
    return sorted({c for c in text if ord(c) > 0x2E7F})


def glyph_cells(characters: list[str], font: str) -> list[Image.Image]:
    """Each character drawn alone in a cell, in ``font``, by the renderer the charts use."""
    cell = 40
    spec = {
        "width": cell * len(characters),
        "height": cell,
        "padding": 0,
        "background": "white",
        "data": {"values": [{"c": c, "x": i * cell + cell / 2} for i, c in enumerate(characters)]},
        "mark": {"type": "text", "fontSize": 28, "baseline": "middle", "font": font},
        "encoding": {
            "text": {"field": "c"},
            "x": {"field": "x", "type": "quantitative", "scale": None},
            "y": {"value": cell / 2},
        },
        "config": {"view": {"stroke": None}},
    }
    image = Image.open(io.BytesIO(vl_convert.vegalite_to_png(spec, scale=1))).convert("L")
    return [image.crop((i * cell, 0, (i + 1) * cell, cell)) for i in range(len(characters))]


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_every_chinese_character_of_a_zh_hant_png_draws_a_real_glyph(engine, name):
    """A missing glyph draws nothing or the same box for every character: each character
    of the picture's text must leave ink, and no two characters may look alike."""
    spec = chart_spec(engine, name, "zh-Hant")
    characters = cjk_characters(json.dumps(spec, ensure_ascii=False))
    assert len(characters) > 20
    cells = glyph_cells(characters, spec["config"]["font"])
    blank = [c for c, cell in zip(characters, cells, strict=True) if cell.getextrema()[0] > 128]
    assert not blank, f"no glyph drawn for {''.join(blank)}"
    looks = {cell.tobytes() for cell in cells}
    assert len(looks) == len(characters), "some characters draw the same (missing-glyph) box"


def test_a_missing_glyph_is_caught_by_the_check():
    """The check above fails where the font lacks the glyphs: a private-use character,
    which no font draws, leaves no distinct ink."""
    cells = glyph_cells(["\ue000", "\ue001", "\ue002"], "sans-serif")
    assert (
        all(cell.getextrema()[0] > 128 for cell in cells)
        or len({cell.tobytes() for cell in cells}) < 3
    )


def test_without_a_cjk_font_the_chart_says_how_to_install_one_and_still_draws(
    monkeypatch, tmp_path
):
    monkeypatch.setattr(chart_fonts, "_fontconfig_families", set)
    monkeypatch.setattr(chart_fonts, "KNOWN_FILES", ())
    chart_fonts.find_cjk_font.cache_clear()
    try:
        output = tmp_path / "supply.svg"
        result = CliRunner().invoke(main, ["chart", "supply", "--lang", "zh", "-o", str(output)])
    finally:
        chart_fonts.find_cjk_font.cache_clear()
    assert result.exit_code == 0, result.output
    assert "no font with Traditional Chinese glyphs found" in result.stderr
    assert "apt-get install fonts-noto-cjk" in result.stderr
    svg = output.read_text(encoding="utf-8")
    assert "石墨" in texts(svg) and 'font-family="sans-serif"' in svg


# --- the command --------------------------------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize(
    "suffix, check",
    [
        ("svg", lambda data: data.lstrip().startswith(b"<svg")),
        ("png", lambda data: data.startswith(PNG_SIGNATURE)),
        ("json", lambda data: json.loads(data)["$schema"].startswith("https://vega.github.io")),
    ],
)
def test_the_output_file_extension_picks_the_format(tmp_path, suffix, check):
    output = tmp_path / f"memberships.{suffix}"
    result = run("chart", "memberships", "--initiative", "MSP", "-o", str(output))
    assert result.exit_code == 0, result.output
    assert check(output.read_bytes())


def test_svg_is_written_to_standard_output_by_default():
    result = run("chart", "instruments", "--lang", "zh")
    assert result.exit_code == 0
    assert "政策工具類別" in texts(result.stdout)


@pytest.mark.parametrize(
    "args, message",
    [
        (["timeline", "--mineral", "gallium", "--to", "2010"],
         "nothing to draw: no measure on gallium up to 2010-12-31"),
        (["memberships", "--initiative", "MSP", "--country", "China"],
         "nothing to draw: no membership record of Minerals Security Partnership for China"),
        (["instruments", "--from", "2027"], "nothing to draw: no measure began from 2027 on"),
        (["supply", "--mineral", "manganese"], "nothing to draw: no supply figure for manganese"),
    ],
)  # fmt: skip
def test_an_empty_filter_result_is_refused_not_drawn(tmp_path, args, message):
    output = tmp_path / "chart.svg"
    result = run("chart", *args, "-o", str(output))
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not output.exists()


def test_an_empty_filter_result_is_refused_in_chinese_too():
    result = run("chart", "timeline", "--lang", "zh", "--mineral", "鎵", "--to", "2010")
    assert result.exit_code == 2
    assert "無可繪製" in result.stderr and "鎵" in result.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["timeline", "--mineral", "unobtainium"], "names no mineral"),
        (["memberships", "--mineral", "gallium"], "the memberships chart takes --initiative"),
        (["timeline", "--from", "2020-13"], "is not a date"),
        (["timeline", "--from", "2020", "--to", "2010"], "is after --to"),
        (["pie"], "Invalid value"),
        (["timeline", "-o", "timeline.txt"], "name a .svg, .png or .json file"),
        (["timeline", "--format", "png", "-o", "timeline.svg"], "does not hold --format png"),
    ],
)
def test_bad_input_is_refused_with_exit_2(args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("chart", *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_the_library_refuses_what_the_command_refuses(engine):
    with pytest.raises(EmptyChart):
        chart_spec(engine, "timeline", "en", Filters(mineral="gallium", end="2010"))
    with pytest.raises(BadParameter, match="no chart named"):
        chart_spec(engine, "pie")


def test_a_web_page_gets_the_chart_as_svg_in_its_language(engine):
    svg = chart_svg(engine, "memberships", "zh-Hant", Filters(initiative="MSP"))
    assert svg.startswith("<svg") and "礦物安全夥伴關係" in texts(svg)


@pytest.mark.parametrize(
    "lang, path", [("en", "timeline.svg"), ("zh-Hant", "timeline.zh-Hant.svg")]
)
def test_the_readme_picture_is_the_timeline_of_the_shipped_data(draw, lang, path):
    """docs/ holds what 'mingraph chart timeline -o docs/...' draws today: same labels,
    years and source line (positions depend on the fonts of the machine that drew it)."""
    committed = (REPO / "docs" / path).read_text(encoding="utf-8")
    assert texts(committed) == texts(draw("timeline", lang))
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    language = "" if lang == "en" else f" --lang {lang}"
    assert f"mingraph chart timeline{language} -o docs/{path}" in readme
    assert "](docs/timeline.svg)" in readme


def test_an_output_file_that_cannot_be_written_is_refused(tmp_path):
    result = run("chart", "supply", "-o", str(tmp_path / "missing" / "supply.svg"))
    assert result.exit_code == 2
    assert "cannot write" in result.stderr


def test_a_suspension_cuts_a_gap_in_the_bar():
    """No. 72 of 2025 suspends the December 2024 ban from 2025-11-09 to 2026-11-27; a
    suspension given as a length runs that many days from its start."""
    from mingraph.charts.timeline import WORDS, _segments

    words = WORDS["en"]
    ban = {"start": "2024-12-03", "end": "2026-04-20", "suspension": "2025-11-09/2026-11-27",
           "key": "controls and bans"}  # fmt: skip
    assert [(p["start"], p["end"], p["state"], p["key"]) for p in _segments(ban, words)] == [
        ("2024-12-03", "2025-11-09", "in effect", "controls and bans"),
        (
            "2025-11-09",
            "2026-04-20",
            "suspended (the gap in a bar)",
            "suspended (the gap in a bar)",
        ),
    ], "the gap has the suspended swatch's colour"
    listing = {"start": "2025-04-01", "end": "2026-04-20", "suspension": "2025-05-01/P90D",
               "key": "controls and bans"}  # fmt: skip
    assert [(p["start"], p["end"]) for p in _segments(listing, words)] == [
        ("2025-04-01", "2025-05-01"),
        ("2025-05-01", "2025-07-30"),
        ("2025-07-30", "2026-04-20"),
    ]
    never = {"start": "2025-10-09", "end": "2025-10-09", "suspension": "", "key": "x"}
    assert len(_segments(never, words)) == 1


# --- the charts of web pages ----------------------------------------------------------------------


def test_the_home_page_chart_is_the_whole_timeline_in_the_page_language(engine):
    from mingraph.charts.pages import home_chart

    shown = texts(home_chart(engine, "zh-Hant"))
    assert "稀土" in shown and "鎵" in shown and "1998" in shown
    assert "rare earths" not in shown


def test_a_question_page_chart_is_narrowed_by_the_values_the_page_was_given(engine):
    from mingraph.charts.pages import question_chart

    shown = texts(question_chart(engine, "effects", {"mineral": "tungsten"}, "en"))
    assert any(line.startswith("tungsten · ") for line in shown)
    assert not any(line.startswith("antimony · ") for line in shown)
    members = texts(question_chart(engine, "initiative-members", {"initiative": "MSP"}, "zh-Hant"))
    assert "礦物安全夥伴關係" in members
    assert question_chart(engine, "contested-claims", {}, "en") is None, "no chart for it"
    assert question_chart(engine, "memberships", {"country": "CN"}, "en") is None, "empty"


def test_an_entity_page_chart_is_narrowed_to_the_entity(engine):
    from mingraph.charts.pages import entity_chart

    mgi = "https://w3id.org/mingraph/id/"
    gallium = texts(entity_chart(engine, mgi + "gallium", "zh-Hant"))
    assert "鎵" in gallium and "稀土" not in gallium
    assert "Minerals Security Partnership" in texts(entity_chart(engine, mgi + "msp", "en"))
    china = texts(entity_chart(engine, mgi + "china", "en"))
    assert any(line.startswith("China's measures on minerals, ") for line in china)
    assert entity_chart(engine, mgi + "p2023-gallium-germanium-export-control", "en") is None


# --- the effects chart and suspension gaps (the 2024-2026 data) ---------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_effects_chart_shows_every_dated_figure_in_its_indicator_panel(draw, engine, lang):
    shown = texts(draw("effects", lang))
    answer = ask(engine, "effects", lang)
    dated = [row for row in answer.rows if "period" in row]
    assert len(dated) > 20
    separator = " · " if lang == "en" else "．"
    for row in dated:
        assert row["indicator"].value in shown, "a panel per indicator"
        for mineral in row["minerals"].value.split("; "):
            assert any(line.startswith(mineral + separator) for line in shown), mineral
    undated = {row["label"].value for row in answer.rows if "period" not in row}
    drawn = {f["effect"] for f in chart_spec(engine, "effects", lang)["data"]["values"] if
             f["kind"] == "figure"}  # fmt: skip
    assert undated and not undated & drawn, "a figure with no period has no place in time"


def test_an_effect_is_drawn_with_its_figure_and_the_measure_it_followed_marked(engine):
    values = chart_spec(engine, "effects", "en")["data"]["values"]
    october = [v for v in values if v.get("effect") == "China's antimony exports, October 2024"]
    assert [(v["lane"], v["label"]) for v in october] == [
        ("export volume", "antimony · China: 190 tonnes (−97% on 2024-09)")
    ]
    assert october[0]["measure"] == "Export control on antimony items"
    lines = {(v["lane"], v["measure"], v["period"]) for v in values if v["kind"] == "measure"}
    assert ("export volume", "Export control on antimony items", "2024-09-15") in lines
    started = {
        (row["policy"].value, day(row["start"].value).isoformat())
        for row in ask(engine, "measure-periods", "en").rows
    }
    followed = {
        (row["followed"].value, row["followedLabel"].value)
        for row in ask(engine, "effects", "en").rows
        if "followed" in row and "period" in row
    }
    for iri, label in followed:
        begins = {start for policy, start in started if policy == iri}
        assert {(label, min(begins))} <= {(m, p) for _, m, p in lines}


@pytest.mark.parametrize(
    "lang, figures, words",
    [
        ("en", ["rare earths · United States: about 1 week", "rare earths · Europe: about 25%"],
         ["approximately", "weeks", "percent"]),
        ("zh-Hant", ["稀土．美國：約 1 週", "稀土．歐洲：約 25%", "鏑．歐洲：700–1000 美元/公斤"],
         ["約略", "百分比", "／"]),
    ],
)  # fmt: skip
def test_figures_read_as_each_language_writes_them(draw, lang, figures, words):
    shown = texts(draw("effects", lang))
    assert set(figures) <= set(shown)
    assert not [line for line in shown for word in words if word in line]


def test_the_effects_of_one_mineral(draw):
    shown = texts(draw("effects", "en", mineral="tungsten"))
    assert any(line.startswith("tungsten · ") for line in shown)
    assert not any(line.startswith("antimony · ") for line in shown)


def test_a_suspension_of_the_shipped_data_cuts_a_gap_in_its_bar(engine):
    """No. 72 of 2025 suspends the December 2024 ban on exports to the US from
    2025-11-09: the bar stops there and a suspended piece follows."""
    values = chart_spec(engine, "timeline", "en")["data"]["values"]
    ban = sorted(
        (v["start"], v["state"])
        for v in values
        if v["lane"] == "gallium" and v["measure"].startswith("Refusal in principle of gallium")
    )
    assert ban == [("2024-12-03", "in effect"), ("2025-11-09", "suspended (the gap in a bar)")]
    legend = texts(chart_svg(engine, "timeline", "en", Filters(mineral="gallium")))
    assert "suspended (the gap in a bar)" in legend
