from django.db import migrations

# The e-petitions defaults as a starting point: per IP per petition, at most 1 signature a
# minute and 5 in five minutes; a network block gets more room (offices, campuses). Domain and
# country limits exist but start switched off: operators tune every row at run time.
DEFAULTS = [
    ("ip", 1, 60, True, "burst per IP"),
    ("ip", 5, 300, True, "sustained per IP"),
    ("network", 50, 300, True, "per /24 or /64 network block"),
    ("domain", 1000, 60, False, "per email domain (switch on under attack)"),
    ("country", 5000, 60, False, "per country (switch on under attack)"),
]


def add_defaults(apps, schema_editor):
    RateLimit = apps.get_model("campaigns", "RateLimit")
    for scope, max_count, period, active, note in DEFAULTS:
        RateLimit.objects.get_or_create(
            scope=scope,
            petition=None,
            max_count=max_count,
            period_seconds=period,
            defaults={"is_active": active, "note": note},
        )


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
