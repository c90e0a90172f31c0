"""Template filters of the monitoring pages."""

from __future__ import annotations

from django import template

from ..forms import VALUE_LABELS

register = template.Library()


@register.filter
def value_label(value: str) -> str:
    """The translated label of an answer code ("yes", "no_data", ...)."""
    return str(VALUE_LABELS.get(value, value))
