from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Accounts come from the Secretariat or an invitation unless open sign-up is switched on."""
        return bool(settings.SAFEGUARD_OPEN_SIGNUP)
