"""Bench-only settings: the product's settings, plus a bare insert endpoint to compare with.

The client address is taken from one trusted proxy hop (the load generator plays the proxy and
sends X-Forwarded-For), so the rate limits see many signers, as behind a real proxy.
"""

from safeguard.settings import *  # noqa: F403

ROOT_URLCONF = "bench.campaigns.urls"
PROXY_COUNT = 1
DEBUG = False
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
