"""Charts drawn on the server as inline SVG: no script, no library, nothing from a CDN.

A chart is a piece of markup the admin puts in its page; the browser draws it, the
Content-Security-Policy has nothing to refuse, and a test can read its numbers back.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 28, 40  # room for the axis labels and the title
GRIDLINES = 4
BAR_COLOUR = "#417690"  # the admin's own blue
GRID_COLOUR = "#d0d0d0"
TEXT_COLOUR = "#333"


@dataclass(frozen=True, slots=True)
class Bar:
    label: str  # under the bar
    value: float
    detail: str  # the bar's tooltip


def nice_ceiling(value: float) -> float:
    """The top of the axis: 1, 2, 2.5 or 5 times a power of ten, at or above `value`."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value)


def bar_chart_svg(*, bars: Sequence[Bar], title: str, element_id: str) -> SafeString:
    """A bar chart of `bars`, left to right, on an axis from 0 to a round number."""
    top = nice_ceiling(max((bar.value for bar in bars), default=0))
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_width / max(len(bars), 1)
    parts = [
        f'<svg id="{escape(element_id)}" class="chart" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-labelledby="{escape(element_id)}-title">',
        f'<title id="{escape(element_id)}-title">{escape(title)}</title>',
        f'<text x="{LEFT}" y="{TOP - 10}" font-size="13" font-weight="bold" '
        f'fill="{TEXT_COLOUR}">{escape(title)}</text>',
    ]
    for line in range(GRIDLINES + 1):
        value = top * line / GRIDLINES
        y = TOP + plot_height - plot_height * line / GRIDLINES
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
            f'<text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" font-size="11" '
            f'text-anchor="end" fill="{TEXT_COLOUR}">{value:g}</text>'
        )
    for index, bar in enumerate(bars):
        height = plot_height * bar.value / top
        x = LEFT + slot * index + slot * 0.15
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{TOP + plot_height - height:.1f}" '
            f'width="{slot * 0.7:.1f}" height="{height:.1f}" fill="{BAR_COLOUR}" '
            f'data-value="{bar.value:g}"><title>{escape(bar.detail)}</title></rect>'
            f'<text class="label" x="{x + slot * 0.35:.1f}" y="{HEIGHT - BOTTOM + 16}" '
            f'font-size="11" text-anchor="middle" fill="{TEXT_COLOUR}">{escape(bar.label)}</text>'
        )
    parts.append("</svg>")
    # Every text in it went through escape() above.
    return mark_safe("".join(parts))
