from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.test import TestCase

from safeguard.testing import make_user

from ..demo import COUNT, SHOWCASE_SLUG, load
from ..models import Access, ContentLanguage, Resource, ResourceFile, ResourceType, ResourceVersion
from ..search import Criteria, search


class DemoTests(TestCase):
    def test_the_demo_covers_every_type_language_and_access_level_once(self) -> None:
        make_user("editor@demo.example.org")
        self.assertEqual(load(), [])
        current = ResourceVersion.objects.current()
        self.assertEqual(current.count(), COUNT)
        self.assertEqual(set(current.values_list("resource_type", flat=True)), set(ResourceType.values))
        self.assertEqual(
            set(current.values_list("languages__language", flat=True)), set(ContentLanguage.values)
        )
        self.assertEqual(set(ResourceFile.objects.values_list("access", flat=True)), set(Access.values))
        self.assertEqual(ResourceVersion.objects.filter(status="submitted").count(), 3)
        counts = (Resource.objects.count(), ResourceFile.objects.count())
        load()
        self.assertEqual((Resource.objects.count(), ResourceFile.objects.count()), counts)

        hits = search(AnonymousUser(), Criteria(q="homestays registration")).hits
        self.assertEqual([(h.version.resource.slug, h.page_number) for h in hits], [(SHOWCASE_SLUG, 12)])
        extracted = ResourceFile.objects.filter(extracted_with="pypdf").count()
        self.assertGreaterEqual(extracted, 20)
