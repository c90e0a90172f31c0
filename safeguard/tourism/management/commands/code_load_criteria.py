from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from safeguard.tourism.criteria import load_reference


class Command(BaseCommand):
    help = "Load The Code's criteria, fee bands and discounts from data/code-criteria.json (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            counts = load_reference()
        self.stdout.write(", ".join(f"{key}: {value}" for key, value in counts.items()))
