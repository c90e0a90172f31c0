"""OAI-PMH harvested by the real ``sickle`` client; its HTTP calls go to Django's test client."""

from __future__ import annotations

from typing import Any
from unittest import mock
from urllib.parse import urlsplit

import requests
from django.test import Client
from sickle import Sickle
from sickle.oaiexceptions import BadArgument, CannotDisseminateFormat, IdDoesNotExist, NoRecordsMatch

from safeguard.countries.models import Region
from safeguard.testing import PersonaTestCase

from .. import oai
from ..models import Access
from ..services import resource_withdraw
from .helpers import make_published

ENDPOINT = "http://testserver/library/oai"


def through_django(client: Client) -> Any:
    """A stand-in for ``requests.get`` that asks the Django test client (the process boundary)."""

    def get(url: str, params: dict[str, str] | None = None, **kwargs: Any) -> requests.Response:
        response = client.get(urlsplit(url).path, params or {})
        out = requests.Response()
        out.status_code = response.status_code
        out._content = response.content
        out.headers.update({"Content-Type": response["Content-Type"]})
        out.encoding = "utf-8"
        out.url = url
        return out

    return get


class OAITests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.region = Region.objects.get(m49="002")  # Africa
        cls.public = [
            make_published(
                cls.member_editor,
                cls.secretariat_admin,
                title=f"Public report {n}",
                themes=["online"] if n % 2 else ["trafficking"],
            )
            for n in range(5)
        ]
        cls.public[0].regions.add(cls.region)
        cls.members = make_published(
            cls.member_editor,
            cls.secretariat_admin,
            title="Members only secret record",
            access=Access.MEMBERS,
            file_access=Access.MEMBERS,
        )

    def harvest(self) -> Sickle:
        return Sickle(ENDPOINT)

    def setUp(self) -> None:
        patcher = mock.patch("sickle.app.requests.get", side_effect=through_django(self.client))
        patcher.start()
        self.addCleanup(patcher.stop)
        page_size = mock.patch.object(oai, "PAGE_SIZE", 2)
        page_size.start()
        self.addCleanup(page_size.stop)

    def test_identify_declares_persistent_deleted_records(self) -> None:
        identify = self.harvest().Identify()
        self.assertEqual(identify.protocolVersion, "2.0")
        self.assertEqual(identify.deletedRecord, "persistent")
        self.assertEqual(identify.baseURL, ENDPOINT)

    def test_list_records_follows_resumption_tokens_and_never_shows_members_records(self) -> None:
        records = list(self.harvest().ListRecords(metadataPrefix="oai_dc"))
        titles = sorted(r.metadata["title"][0] for r in records)
        self.assertEqual(titles, [f"Public report {n}" for n in range(5)])
        self.assertEqual(records[0].metadata["creator"], ["Smith, Jane", "ECPAT International"])
        self.assertIn(
            f"http://testserver/library/{self.public[0].resource.slug}/", records[0].metadata["identifier"]
        )
        raw = self.client.get(
            "/library/oai", {"verb": "ListRecords", "metadataPrefix": "oai_dc"}
        ).content.decode()
        self.assertIn('completeListSize="5"', raw)
        self.assertNotIn("secret", raw)

    def test_list_identifiers_by_set(self) -> None:
        headers = list(self.harvest().ListIdentifiers(metadataPrefix="oai_dc", set="theme:online"))
        self.assertEqual(len(headers), 2)
        region = list(self.harvest().ListIdentifiers(metadataPrefix="oai_dc", set="region:002"))
        self.assertEqual([h.identifier for h in region], [f"oai:testserver:{self.public[0].resource.slug}"])
        self.assertIn("region:002", region[0].setSpecs)

    def test_get_record_list_sets_and_formats(self) -> None:
        sickle = self.harvest()
        record = sickle.GetRecord(
            identifier=f"oai:testserver:{self.public[1].resource.slug}", metadataPrefix="oai_dc"
        )
        self.assertEqual(record.metadata["title"], ["Public report 1"])
        specs = {s.setSpec for s in sickle.ListSets()}
        self.assertTrue({"type:research_report", "theme:online", "region:002"} <= specs)
        self.assertEqual([f.metadataPrefix for f in sickle.ListMetadataFormats()], ["oai_dc"])

    def test_a_withdrawn_record_stays_as_deleted(self) -> None:
        resource_withdraw(curator=self.secretariat_admin, resource=self.public[2].resource)
        headers = {h.identifier: h.deleted for h in self.harvest().ListIdentifiers(metadataPrefix="oai_dc")}
        self.assertTrue(headers[f"oai:testserver:{self.public[2].resource.slug}"])
        self.assertEqual(sum(headers.values()), 1)
        record = self.harvest().GetRecord(
            identifier=f"oai:testserver:{self.public[2].resource.slug}", metadataPrefix="oai_dc"
        )
        self.assertTrue(record.deleted)

    def test_errors_have_their_protocol_codes(self) -> None:
        sickle = self.harvest()
        with self.assertRaises(IdDoesNotExist):
            sickle.GetRecord(
                identifier=f"oai:testserver:{self.members.resource.slug}", metadataPrefix="oai_dc"
            )
        with self.assertRaises(CannotDisseminateFormat):
            sickle.GetRecord(
                identifier=f"oai:testserver:{self.public[0].resource.slug}", metadataPrefix="marc"
            )
        with self.assertRaises(NoRecordsMatch):
            list(sickle.ListRecords(metadataPrefix="oai_dc", **{"from": "2099-01-01"}))
        with self.assertRaises(BadArgument):
            list(sickle.ListRecords(metadataPrefix="oai_dc", set="nonsense:1"))
        self.assertContains(self.client.get("/library/oai", {"verb": "Nope"}), 'code="badVerb"')
        self.assertContains(self.client.post("/library/oai", {"verb": "Identify"}), "<repositoryName>")
        bad_token = self.client.get("/library/oai", {"verb": "ListRecords", "resumptionToken": "!!"})
        self.assertContains(bad_token, 'code="badResumptionToken"')
        missing = self.client.get("/library/oai", {"verb": "ListRecords"})
        self.assertContains(missing, 'code="badArgument"')
