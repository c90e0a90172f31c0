from django.test import RequestFactory, SimpleTestCase, override_settings

from safeguard.lib.net import client_ip


def request(remote: str, forwarded: str | None = None):  # type: ignore[no-untyped-def]
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


class ClientIpTests(SimpleTestCase):
    @override_settings(PROXY_COUNT=0)
    def test_without_a_proxy_the_forwarded_header_is_ignored(self) -> None:
        self.assertEqual(client_ip(request("198.51.100.7", "203.0.113.9")), "198.51.100.7")

    @override_settings(PROXY_COUNT=1)
    def test_behind_one_proxy_the_last_forwarded_address_is_the_client(self) -> None:
        # The client claimed 10.0.0.1; the proxy appended the address it really saw.
        self.assertEqual(client_ip(request("127.0.0.1", "10.0.0.1, 203.0.113.9")), "203.0.113.9")

    @override_settings(PROXY_COUNT=2)
    def test_behind_two_proxies_it_counts_from_the_right(self) -> None:
        self.assertEqual(client_ip(request("127.0.0.1", "1.2.3.4, 203.0.113.9, 192.0.2.5")), "203.0.113.9")

    @override_settings(PROXY_COUNT=1)
    def test_a_missing_header_falls_back_to_the_connection(self) -> None:
        self.assertEqual(client_ip(request("192.0.2.1")), "192.0.2.1")

    @override_settings(PROXY_COUNT=1)
    def test_garbage_is_no_address(self) -> None:
        self.assertIsNone(client_ip(request("127.0.0.1", "not-an-address")))
