import gettext
from pathlib import Path

import polib
from django.conf import settings
from django.test import SimpleTestCase

LOCALE = Path(settings.BASE_DIR) / "locale"
# The project catalogue, then one per app that has strings of its own.
CATALOGUES = [
    LOCALE,
    *sorted(p for p in Path(settings.BASE_DIR).glob("*/locale") if any(p.glob("*/LC_MESSAGES"))),
]


class CatalogueTests(SimpleTestCase):
    """English, French and Spanish are complete; CI also checks that no string is missing."""

    def languages(self) -> list[str]:
        return [code for code, _ in settings.LANGUAGES if code != "en"]

    def test_every_catalogue_is_fully_translated(self) -> None:
        self.assertGreater(len(polib.pofile(str(LOCALE / "fr" / "LC_MESSAGES" / "django.po"))), 100)
        for locale in CATALOGUES:
            for language in self.languages():
                catalogue = polib.pofile(str(locale / language / "LC_MESSAGES" / "django.po"))
                where = f"{locale} {language}"
                self.assertEqual([e.msgid for e in catalogue.untranslated_entries()], [], where)
                self.assertEqual([e.msgid for e in catalogue.fuzzy_entries()], [], where)

    def test_the_compiled_catalogues_match_the_sources(self) -> None:
        for locale in CATALOGUES:
            for language in self.languages():
                source = polib.pofile(str(locale / language / "LC_MESSAGES" / "django.po"))
                with (locale / language / "LC_MESSAGES" / "django.mo").open("rb") as fh:
                    compiled = gettext.GNUTranslations(fh)
                stale = [
                    entry.msgid
                    for entry in source.translated_entries()
                    if not entry.msgid_plural and compiled.gettext(entry.msgid) != entry.msgstr
                ]
                self.assertEqual(stale, [], f"{locale} {language}: run compilemessages")

    def test_placeholders_survive_translation(self) -> None:
        import re

        placeholder = re.compile(r"%\(\w+\)s|\{\{ *\w+ *\}\}")
        for locale, language in ((lo, la) for lo in CATALOGUES for la in self.languages()):
            for entry in polib.pofile(str(locale / language / "LC_MESSAGES" / "django.po")):
                plural = list(entry.msgstr_plural.values())
                translations = plural if entry.msgid_plural else [entry.msgstr]
                for text in translations:
                    self.assertEqual(
                        sorted(set(placeholder.findall(entry.msgid))),
                        sorted(set(placeholder.findall(text))),
                        f"{language}: {entry.msgid}",
                    )
