from django.test import RequestFactory

from parley.core.clients import client_address


def test_without_proxies_the_socket_address_counts_and_forwarded_is_ignored(settings) -> None:
    settings.PARLEY_TRUSTED_PROXIES = 0
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(request) == "10.0.0.5"


def test_behind_one_proxy_the_last_forwarded_entry_is_the_client(settings) -> None:
    settings.PARLEY_TRUSTED_PROXIES = 1
    # The client forged "6.6.6.6"; the proxy appended the address it really saw.
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_address(request) == "203.0.113.7"


def test_a_missing_header_behind_a_proxy_falls_back_to_the_socket(settings) -> None:
    settings.PARLEY_TRUSTED_PROXIES = 2
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client_address(request) == "10.0.0.1"
    assert client_address(None) is None
