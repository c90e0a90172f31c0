"""This app's permission-matrix rows alone (the full matrix in tests/ takes many minutes here).

Runs the shared matrix tests (every persona x method, second factor enforced) on this app's rows.
"""

from __future__ import annotations

from typing import Any

from tests import test_permission_matrix as shared

from . import matrix


class LibraryMatrixTests(shared.PermissionMatrixTests):
    def matrix(self) -> dict[str, Any]:
        return matrix.entries(self)

    def test_every_url_pattern_has_an_entry(self) -> None:
        from tests.urlwalk import iter_url_patterns

        names = {name for name, _ in iter_url_patterns() if name.startswith(("library:", "api:library_"))}
        self.assertEqual(names - set(self.matrix()), set())
