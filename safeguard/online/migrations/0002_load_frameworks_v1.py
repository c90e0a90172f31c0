"""Load the frameworks data file (reference data lives in the repository, never typed in the admin)."""

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from safeguard.online.frameworks import load_frameworks, read_data

    load_frameworks(read_data(), lambda name: apps.get_model("online", name))


class Migration(migrations.Migration):
    dependencies = [("online", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
