"""Charts as inline SVG drawn on the server (no script, no inline style: colours are CSS classes).

Every chart is paired with a data table in the page, its text alternative.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

ROW = 26
LABEL_WIDTH = 150
BAR_WIDTH = 300


def bar_chart(rows: Sequence[tuple[str, float | None, str]], *, title: str) -> SafeString:
    """Horizontal bars of 0..100 scores: rows of (label, value or None, band)."""
    height = ROW * len(rows) + 10
    bars = []
    for i, (label, value, band) in enumerate(rows):
        y = 5 + i * ROW
        width = 0 if value is None else round(BAR_WIDTH * max(0.0, min(100.0, value)) / 100, 1)
        text = "\u2013" if value is None else f"{value:.1f}"
        bars.append(
            format_html(
                '<text x="0" y="{}" class="chart-label">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" class="chart-bar band-{}"></rect>'
                '<text x="{}" y="{}" class="chart-value">{}</text>',
                y + 16,
                label[:22],
                LABEL_WIDTH,
                y + 3,
                width,
                ROW - 8,
                (band or "none").lower(),
                LABEL_WIDTH + width + 4,
                y + 16,
                text,
            )
        )
    return format_html(
        '<svg class="monitoring-chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg">{}</svg>',
        LABEL_WIDTH + BAR_WIDTH + 50,
        height,
        title,
        format_html_join("", "{}", ((b,) for b in bars)),
    )
