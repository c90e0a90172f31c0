"""Times in the reader's own zone, with the assembly's zone named beside them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def when(moment: datetime | None, assembly: Any) -> str:
    """``moment`` in the current (the reader's) time zone, then in the assembly's."""
    if moment is None:
        return "—"
    own = timezone.localtime(moment)
    there = timezone.localtime(moment, assembly.tzinfo)
    own_zone = timezone.get_current_timezone_name()
    text = format_html(
        '<time datetime="{}">{} ({})</time>',
        moment.isoformat(),
        date_format(own, "DATETIME_FORMAT"),
        own_zone,
    )
    if own_zone != assembly.time_zone:
        text += format_html(
            " · {}",
            _("%(time)s at the assembly (%(zone)s)")
            % {"time": date_format(there, "TIME_FORMAT"), "zone": assembly.time_zone},
        )
    return text
