from django.test import SimpleTestCase

from .. import identity


class CanonicalEmailTests(SimpleTestCase):
    def test_gmail_ignores_dots_tags_case_and_the_googlemail_alias(self) -> None:
        self.assertEqual(
            identity.canonical_email("Ada.Lovelace+petition@GoogleMail.com"), "adalovelace@gmail.com"
        )

    def test_other_providers_keep_dots_but_drop_tags(self) -> None:
        self.assertEqual(identity.canonical_email("ada.l+x@outlook.com"), "ada.l@outlook.com")
        self.assertEqual(identity.canonical_email("ada.l-news@yahoo.com"), "ada.l@yahoo.com")

    def test_the_hmac_is_the_same_for_every_spelling_of_one_address(self) -> None:
        self.assertEqual(identity.email_hmac("a.b+1@gmail.com"), identity.email_hmac("AB@gmail.com"))
        self.assertNotEqual(identity.email_hmac("ab@gmail.com"), identity.email_hmac("ab@example.org"))

    def test_ip_hashes_group_a_network_block_and_never_hold_the_address(self) -> None:
        ip1, net1 = identity.ip_hashes("203.0.113.5")
        ip2, net2 = identity.ip_hashes("203.0.113.77")
        self.assertNotEqual(ip1, ip2)
        self.assertEqual(net1, net2)
        self.assertNotIn("203", ip1 + net1)
        self.assertEqual(identity.ip_hashes("2001:db8::1")[1], identity.ip_hashes("2001:db8::ffff")[1])

    def test_a_form_token_tells_its_age_and_refuses_forgeries(self) -> None:
        token = identity.form_token(1000)
        self.assertEqual(identity.form_token_age(token, 1010), 10)
        self.assertIsNone(identity.form_token_age(token + "x", 1010))
        self.assertIsNone(identity.form_token_age("nonsense", 1010))
