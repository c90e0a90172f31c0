import re

import pytest

from safeguard.countries.models import Country
from safeguard.lib.worldmap import map_legend, world_map


@pytest.mark.django_db
def test_every_country_of_the_reference_list_has_an_outline() -> None:
    from safeguard.lib.worldmap import _map

    outlines = set(_map()["countries"])
    # Antarctica aside, every territory the platform knows can be coloured.
    missing = sorted(set(Country.objects.values_list("iso2", flat=True)) - outlines)
    assert len(missing) <= 5, missing


def test_levels_become_classes_and_absent_countries_show_no_data() -> None:
    svg = str(world_map({"KE": 3, "PE": 0}, title="Members <by> country", labels={"KE": "Kenya: 3"}))
    assert re.search(r'<path class="map-level-3" data-country="KE" d="M[^"]+"><title>Kenya: 3</title>', svg)
    assert 'class="map-level-0" data-country="PE"' in svg
    assert 'class="map-no-data" data-country="TH"' in svg
    assert 'aria-label="Members &lt;by&gt; country"' in svg
    assert "style=" not in svg and "<script" not in svg


def test_links_stay_out_of_the_tab_order() -> None:
    svg = str(world_map({"KE": 1}, title="t", links={"KE": "/countries/ke/?a=1&b=2"}))
    assert (
        '<a href="/countries/ke/?a=1&amp;b=2" tabindex="-1" aria-label="KE"><path class="map-level-1"' in svg
    )
    assert 'role="group"' in svg
    assert 'role="img"' in str(world_map({"KE": 1}, title="t"))


def test_a_level_outside_the_scale_is_refused() -> None:
    with pytest.raises(ValueError, match=r"outside 0\.\.5"):
        world_map({"KE": 6}, title="t")


def test_the_legend_lists_its_entries() -> None:
    html = str(map_legend([(None, "No data"), (5, "A & B")]))
    assert 'class="map-swatch map-no-data"' in html and "A &amp; B" in html
