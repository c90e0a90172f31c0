"""The two membership categories of the network and the dues bands (reference data)."""

from decimal import Decimal

from django.db import migrations

CATEGORIES = [
    {
        "slug": "national",
        "name_en": "national member",
        "name_fr": "membre national",
        "name_es": "miembro nacional",
        "may_vote": True,
        "may_stand": True,
        "counts_for_quorum": True,
        "dues_rule": "budget",
        "grace_days": 90,
    },
    {
        "slug": "affiliate",
        "name_en": "affiliate member",
        "name_fr": "membre affilié",
        "name_es": "miembro afiliado",
        "may_vote": False,
        "may_stand": False,
        "counts_for_quorum": False,
        "dues_rule": "income_group",
        "grace_days": 120,
    },
]
BANDS = [
    {"code": "budget-a", "rule": "budget", "max_budget_eur": 100_000, "amount": Decimal("250.00")},
    {"code": "budget-b", "rule": "budget", "max_budget_eur": 1_000_000, "amount": Decimal("750.00")},
    {"code": "budget-c", "rule": "budget", "max_budget_eur": None, "amount": Decimal("1500.00")},
    {"code": "income-lm", "rule": "income_group", "income_group": "lower_middle", "amount": Decimal("100.00"),
     "currency": "USD"},
    {"code": "income-high", "rule": "income_group", "income_group": "high", "amount": Decimal("400.00"),
     "currency": "USD"},
]


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    Category = apps.get_model("network", "MembershipCategory")
    Band = apps.get_model("network", "DuesBand")
    for data in CATEGORIES:
        Category.objects.update_or_create(slug=data["slug"], defaults=data)
    for data in BANDS:
        Band.objects.update_or_create(code=data["code"], defaults=data)


def unseed(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("network", "DuesBand").objects.filter(code__in=[b["code"] for b in BANDS]).delete()
    apps.get_model("network", "MembershipCategory").objects.filter(
        slug__in=[c["slug"] for c in CATEGORIES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
