"""This app's rows of the permission matrix (tests/test_permission_matrix.py)."""

from __future__ import annotations

from typing import Any

from tests.matrix import Entry, every, signed_in, staff

# What site staff may do with each of this app's admin models: (add, change, delete).
# Frameworks are reference data from data/frameworks-v1.json: read-only in the admin.
EDITABLE = (True, True, True)
READ_ONLY = (False, False, False)
ADMIN_RIGHTS: dict[str, tuple[bool, bool, bool]] = {
    "online.framework": READ_ONLY,
    "online.frameworkversion": READ_ONLY,
    "online.domain": READ_ONLY,
    "online.capability": READ_ONLY,
    "online.maturitylevel": READ_ONLY,
    "online.capabilityassessment": EDITABLE,
    "online.evidence": EDITABLE,
    "online.policyinstrument": EDITABLE,
    "online.onlineactor": EDITABLE,
    "online.network": EDITABLE,
    "online.networkaffiliation": EDITABLE,
    "online.industrycommitment": EDITABLE,
    "online.reportingchannel": EDITABLE,
}
HISTORY_MODELS = (
    "capabilityassessment", "evidence", "policyinstrument", "onlineactor", "networkaffiliation",
    "industrycommitment", "reportingchannel",
)  # fmt: skip


def _objects() -> dict[str, Any]:
    """One of each model with history, so that every admin page has something to show."""
    from datetime import date

    from safeguard.online.models import Evidence, Network, NetworkAffiliation
    from safeguard.online.tests.factories import (
        make_actor,
        make_assessment,
        make_channel,
        make_commitment,
        make_instrument,
    )

    assessment = make_assessment(visibility="internal")
    actor = make_actor(kind="hotline")
    network = Network.objects.create(code="inhope", name="INHOPE")
    return {
        "capabilityassessment": assessment,
        "evidence": Evidence.objects.create(
            assessment=assessment, kind="law", title="Act", url="https://law.example.org/"
        ),
        "policyinstrument": make_instrument(),
        "onlineactor": actor,
        "networkaffiliation": NetworkAffiliation.objects.create(
            actor=actor, network=network, since=date(2020, 1, 1)
        ),
        "industrycommitment": make_commitment(),
        "reportingchannel": make_channel(status="unverified"),
    }


def entries(case: Any) -> dict[str, Entry]:
    """One entry per URL pattern name of this app; ``case`` is the PersonaTestCase running."""
    objects = _objects()
    channel = objects["reportingchannel"]
    public = {"get": every(200), "post": every(405)}
    staff_page = signed_in(404, secretariat_admin=200)
    rows = {
        "online:index": Entry("/online/", **public),
        "online:where-to-report": Entry("/online/where-to-report/", **public),
        "online:where-to-report-country": Entry("/online/where-to-report/ke/", **public),
        "online:country": Entry("/online/countries/ke/", **public),
        "online:frameworks": Entry("/online/frameworks/", **public),
        "online:framework-version": Entry("/online/frameworks/mnr/2015/", **public),
        "online:regions": Entry("/online/regions/", **public),
        "online:commitments": Entry("/online/commitments/", **public),
        "online:export-assessments": Entry("/online/export/assessments.csv", **public),
        "online:export-channels": Entry("/online/export/channels.csv", **public),
        "online:review": Entry("/online/review/", staff_page, signed_in(405)),
        "online:channel-verify": Entry(
            f"/online/channels/{channel.pk}/verify/", signed_in(405), signed_in(404, secretariat_admin=302)
        ),
        "online:import": Entry("/online/import/", staff_page, staff_page, {"kind": "channels"}),
        "api:online_where_to_report": Entry("/api/v1/online/where-to-report/ke", **public),
        "api:online_list_assessments": Entry("/api/v1/online/assessments", **public),
        "api:online_list_frameworks": Entry("/api/v1/online/frameworks", **public),
        "api:online_list_commitments": Entry("/api/v1/online/commitments", **public),
        "api:online_list_instruments": Entry("/api/v1/online/instruments", **public),
    }
    for name in HISTORY_MODELS:
        obj = objects[name]
        history = obj.history.first()
        rows[f"admin:online_{name}_simple_history"] = Entry(
            f"/admin/online/{name}/{obj.pk}/history/{history.history_id}/", staff(200), staff(200)
        )
    return rows
