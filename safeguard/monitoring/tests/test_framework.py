from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from safeguard.monitoring.framework import framework_load, framework_path, validate_framework
from safeguard.monitoring.models import FrameworkVersion, Indicator, Pillar, SubIndicator, Treaty


class FrameworkFileTests(TestCase):
    def test_the_command_loads_7_pillars_35_indicators_125_sub_indicators(self):
        call_command("monitoring_load_framework", stdout=open("/dev/null", "w"))  # noqa: SIM115
        version = FrameworkVersion.objects.get(version="2026.1")
        assert Pillar.objects.filter(framework=version).count() == 7
        assert Indicator.objects.filter(pillar__framework=version).count() == 35
        subs = SubIndicator.objects.filter(framework=version)
        assert subs.count() == 125
        assert sum(1 for s in subs if s.is_scored) == 124  # 1.2b is context only
        counts = {
            p.code: SubIndicator.objects.filter(indicator__pillar=p).count() for p in version.pillars.all()
        }
        assert counts == {"P1": 17, "P2": 16, "P3": 22, "P4": 33, "P5": 14, "P6": 14, "P7": 9}
        assert version.parameters["pillar_weights"] == {
            "P1": 10,
            "P2": 10,
            "P3": 15,
            "P4": 25,
            "P5": 15,
            "P6": 15,
            "P7": 10,
        }
        assert set(Treaty.objects.values_list("code", flat=True)) == {
            "CRC",
            "OPSC",
            "OPIC",
            "ILO182",
            "PALERMO",
            "REGIONAL",
        }

    def test_loading_twice_changes_nothing(self):
        framework_load(framework_path())
        framework_load(framework_path())
        assert SubIndicator.objects.count() == 125

    def test_sub_indicators_carry_type_evidence_and_rule(self):
        framework_load(framework_path())
        consent = SubIndicator.objects.get(code="4.2b")
        assert consent.answer_type == "NUM"
        assert consent.scoring_rule["bands"][0] == {"min": 16, "score": 1.0}
        assert SubIndicator.objects.get(code="4.8a").evidence == ["LEG"]
        assert SubIndicator.objects.get(code="2.1a").evidence == ["LEG", "DOC"]
        assert SubIndicator.objects.get(code="4.4b").elements == 7

    def test_validation_errors_name_the_offending_item(self):
        data = json.loads(framework_path().read_text())
        sub = data["pillars"][3]["indicators"][1]["sub_indicators"][1]
        sub["scoring_rule"] = {"kind": "bands", "bands": [{"min": 14, "score": 0.5}, {"min": 16, "score": 1}]}
        data["pillars"][0]["indicators"][0]["sub_indicators"][0]["answer_type"] = "XYZ"
        errors = validate_framework(data)
        assert "sub-indicator 4.2b: bands must be listed from the highest minimum down" in errors
        assert "sub-indicator 1.1a: unknown answer type 'XYZ'" in errors

    def test_the_command_refuses_a_broken_file(self):
        data = json.loads(framework_path().read_text())
        data["pillars"][0]["weight"] = -1
        path = Path(self.id().replace(".", "_") + ".json")
        tmp = Path("/tmp") / path  # noqa: S108
        tmp.write_text(json.dumps(data))
        with self.assertRaisesMessage(CommandError, "pillar P1: weight must be a non-negative integer"):
            call_command("monitoring_load_framework", str(tmp))
        assert not FrameworkVersion.objects.exists()

    def test_a_broken_file_raises_validation_error(self):
        tmp = Path("/tmp/monitoring-broken.json")  # noqa: S108
        tmp.write_text("{not json")
        with self.assertRaises(ValidationError):
            framework_load(tmp)
