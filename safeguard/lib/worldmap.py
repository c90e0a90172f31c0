"""A world choropleth as inline SVG, drawn on the server: no script, no tiles, no other origin.

Country outlines come from ``data/worldmap-v1.json`` (built by ``worldmap_build`` from
@svg-maps/world, CC BY 4.0). Colours are CSS classes (``map-level-0`` .. ``map-level-5``,
``map-no-data``) styled in ``static/css/site.css``, so the page needs no inline style. A map is
never the only way to read the data: every page that shows one also shows the data as a table.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

DATA = Path(__file__).parent / "data" / "worldmap-v1.json"
LEVELS = range(6)


@functools.cache
def _map() -> dict[str, object]:
    return json.loads(DATA.read_text())


def world_map(
    levels: Mapping[str, int],
    *,
    title: str,
    labels: Mapping[str, str] | None = None,
    links: Mapping[str, str] | None = None,
) -> SafeString:
    """An SVG map with each country (ISO2 code) in the class of its level; absent = no data.

    ``labels`` are shown on hover; ``links`` make countries clickable for pointer users (they are
    kept out of the tab order: the data table next to the map carries the same links).
    """
    labels = labels or {}
    links = links or {}
    data = _map()
    shapes = []
    for iso2, path in data["countries"].items():  # type: ignore[union-attr]
        level = levels.get(iso2)
        if level is not None and level not in LEVELS:
            raise ValueError(f"map level {level!r} for {iso2} is outside 0..5")
        css = "map-no-data" if level is None else f"map-level-{level}"
        label = labels.get(iso2)
        hover = format_html("<title>{}</title>", label) if label else ""
        shape = format_html('<path class="{}" data-country="{}" d="{}">{}</path>', css, iso2, path, hover)
        if iso2 in links:
            name = label or iso2
            shape = format_html('<a href="{}" tabindex="-1" aria-label="{}">{}</a>', links[iso2], name, shape)
        shapes.append(shape)
    # An image cannot hold links (axe: nested-interactive), so a linked map is a named group.
    return format_html(
        '<figure class="world-map-figure"><svg class="world-map" viewBox="{}" role="{}" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg">{}</svg><figcaption><small>{}</small></figcaption></figure>',
        data["viewBox"],
        "group" if links else "img",
        title,
        mark_safe("".join(shapes)),  # noqa: S308 (each shape was built with format_html)
        _("Map outlines: @svg-maps/world by Victor Cazanave, CC BY 4.0."),
    )


def map_legend(entries: Sequence[tuple[int | None, str]]) -> SafeString:
    """A legend: (level or None for "no data", label) pairs, as a list with colour swatches."""
    items = format_html_join(
        "",
        # A one-unit SVG square takes its fill from the same class as the map's countries.
        '<li><svg class="map-swatch {}" aria-hidden="true" viewBox="0 0 1 1">'
        '<rect width="1" height="1"/></svg> {}</li>',
        (("map-no-data" if level is None else f"map-level-{level}", label) for level, label in entries),
    )
    return format_html('<ul class="map-legend">{}</ul>', items)


__all__ = ["map_legend", "world_map"]
