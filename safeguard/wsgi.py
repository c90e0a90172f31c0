import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguard.settings")
django_application = get_wsgi_application()

from safeguard.campaigns.fastpath import PublicCountsCache  # noqa: E402 (needs Django set up)

application = PublicCountsCache(django_application)
