"""Fill the search index rows' new columns from their version, resource and file (see 0003)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

# The bit of each value, as ``library.models`` gives them (append-only there too).
THEMES = [
    "travel_tourism",
    "online",
    "trafficking",
    "legislation",
    "victim_support",
    "prevention",
    "child_participation",
    "research_methods",
]
LANGUAGES = ["en", "fr", "es", "pt", "th", "ru"]


def fill(apps, schema_editor):
    unit = apps.get_model("library", "SearchUnit")
    version = apps.get_model("library", "ResourceVersion")
    resource_file = apps.get_model("library", "ResourceFile")
    theme = apps.get_model("library", "VersionTheme")
    language = apps.get_model("library", "VersionLanguage")
    of_version = version.objects.filter(pk=OuterRef("version_id"))
    unit.objects.update(
        resource_id=Subquery(of_version.values("resource_id")[:1]),
        resource_access=Subquery(of_version.values("resource__access")[:1]),
        resource_type=Subquery(of_version.values("resource_type")[:1]),
        year=Subquery(of_version.values("year")[:1]),
        file_access=Coalesce(
            Subquery(resource_file.objects.filter(pk=OuterRef("file_id")).values("access")[:1]), Value("")
        ),
    )
    for model, field, names, target in (
        (theme, "theme", THEMES, "theme_bits"),
        (language, "language", LANGUAGES, "language_bits"),
    ):
        masks: dict[int, int] = {}
        for version_id, value in model.objects.values_list("version_id", field):
            if value in names:
                masks[version_id] = masks.get(version_id, 0) | 1 << names.index(value)
        by_mask: dict[int, list[int]] = {}
        for version_id, mask in masks.items():
            by_mask.setdefault(mask, []).append(version_id)
        for mask, version_ids in by_mask.items():
            for start in range(0, len(version_ids), 500):
                unit.objects.filter(version_id__in=version_ids[start : start + 500]).update(**{target: mask})


class Migration(migrations.Migration):
    dependencies = [("library", "0003_search_unit_filters")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
