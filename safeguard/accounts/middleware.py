from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from .access import requires_mfa

# Paths a user without a second factor may still reach: signing in and out, setting up the
# factor itself, the language switch, and static files.
ALLOWED_PREFIXES = ("/accounts/", "/i18n/", "/static/")


class RequireMFAMiddleware:
    """Sends staff and organisation administrators without a second factor to set one up.

    It guards every page but the few they need to do so, so no protected page can be reached
    first, whichever URL they type.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(ALLOWED_PREFIXES)
            and requires_mfa(user)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            target = reverse("mfa_activate_totp")
            return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
