"""This app's rows of the permission matrix, run on their own (the full matrix runs in tests/)."""

from __future__ import annotations

from safeguard.testing import PersonaTestCase
from safeguard.tourism.models import Signatory, Transition
from tests.matrix import PERSONAS
from tests.urlwalk import iter_url_patterns

from .matrix import entries


class TourismMatrixTests(PersonaTestCase):
    def test_every_tourism_url_has_an_entry(self) -> None:
        names = {
            name
            for name, _ in iter_url_patterns()
            if name.startswith("tourism:")
            or "_code_" in name
            or (name.startswith("admin:tourism_") and name.endswith("_simple_history"))
        }
        self.assertEqual(sorted(names - set(entries(self))), [])

    def test_each_persona_gets_the_expected_status(self) -> None:
        # As in tests/test_permission_matrix.py: the Secretariat admin is also site staff.
        self.secretariat_admin.is_staff = self.secretariat_admin.is_superuser = True
        self.secretariat_admin.save()
        failures = []
        matrix = entries(self)
        states = dict(Signatory.objects.values_list("slug", "state"))
        transitions = Transition.objects.count()
        for name, entry in sorted(matrix.items()):
            for method, expected in (("GET", entry.get), ("POST", entry.post)):
                for persona in PERSONAS:
                    self.login(self.persona(persona))
                    send = self.client.get if method == "GET" else self.client.post
                    status = send(entry.url, entry.data if method == "POST" else None).status_code
                    if status != expected[persona]:
                        failures.append(
                            f"{name} {method} {entry.url} as {persona}: {status}, want {expected[persona]}"
                        )
        self.assertEqual(failures, [], "\n" + "\n".join(failures))
        # Nothing in the matrix changes a signatory's state.
        self.assertEqual(dict(Signatory.objects.values_list("slug", "state")), states)
        self.assertEqual(Transition.objects.count(), transitions)
