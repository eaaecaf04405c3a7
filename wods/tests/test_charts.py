"""The server-drawn SVG bar chart: proportional bars on a round axis, every text escaped."""

import xml.etree.ElementTree as ET

import pytest

from wods.charts import HEIGHT, Bar, bar_chart_svg, nice_ceiling

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def bars_of(root: ET.Element) -> list[ET.Element]:
    return [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "bar"]


@pytest.mark.parametrize(
    ("value", "ceiling"),
    [(0, 1), (0.4, 0.5), (1, 1), (7, 10), (120, 200), (240, 250), (251, 500), (980, 1000)],
)
def test_the_axis_tops_out_at_a_round_number_at_or_above_the_tallest_bar(value, ceiling):
    assert nice_ceiling(value) == ceiling


def test_bars_are_drawn_left_to_right_in_proportion_to_their_values():
    root = parse(
        bar_chart_svg(
            bars=[Bar("w1", 100, "a"), Bar("w2", 250, "b"), Bar("w3", 0, "c")],
            title="Load",
            element_id="load",
        )
    )

    bars = bars_of(root)
    heights = [float(bar.get("height")) for bar in bars]
    assert [float(bar.get("x")) for bar in bars] == sorted(float(bar.get("x")) for bar in bars)
    assert heights[2] == 0
    assert heights[0] == pytest.approx(heights[1] * 100 / 250, abs=0.1)
    assert [bar.get("data-value") for bar in bars] == ["100", "250", "0"]
    assert [bar.find(f"{SVG}title").text for bar in bars] == ["a", "b", "c"]
    # Each bar stands on the axis: its foot is where the zero line is.
    [foot] = {round(float(bar.get("y")) + float(bar.get("height")), 1) for bar in bars}
    assert foot < HEIGHT


def test_with_every_value_zero_the_axis_still_runs_to_one_and_no_bar_shows():
    root = parse(bar_chart_svg(bars=[Bar("w", 0, "none")] * 12, title="Load", element_id="x"))

    assert [float(bar.get("height")) for bar in bars_of(root)] == [0.0] * 12
    ticks = [text.text for text in root.iter(f"{SVG}text") if text.get("class") == "tick"]
    assert ticks == ["0", "0.25", "0.5", "0.75", "1"]


def test_every_text_of_the_chart_is_escaped():
    svg = bar_chart_svg(
        bars=[Bar("<b>", 1, '"><script>alert(1)</script>')],
        title="<svg onload=alert(1)>",
        element_id='x" onload="alert(1)',
    )

    root = parse(svg)
    assert "<script>" not in svg
    assert root.find(f"{SVG}title").text == "<svg onload=alert(1)>"
    assert root.get("onload") is None
