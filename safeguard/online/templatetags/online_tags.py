from __future__ import annotations

from django import template
from django.utils.translation import get_language_info

register = template.Library()


@register.filter
def language_names(codes: list[str]) -> str:
    """ISO 639-1 codes as language names in the active language (the code when unknown)."""
    names = []
    for code in codes:
        try:
            names.append(str(get_language_info(code)["name_translated"]))
        except KeyError:
            names.append(code)
    return ", ".join(names)
