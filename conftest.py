import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fast_and_immediate(settings):  # type: ignore[no-untyped-def]
    """Tests run background tasks at once and hash passwords cheaply."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # allauth's rate limits live in the cache, which test rollbacks do not reset.
    cache.clear()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Uploads made by a test land in a throw-away directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
