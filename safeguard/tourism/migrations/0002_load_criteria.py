from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from safeguard.tourism.criteria import load_reference

    load_reference(apps)


class Migration(migrations.Migration):
    dependencies = [("tourism", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
