"""Feeds the security log from authentication signals (allauth, django.contrib.auth, axes).

Signals are the only way to hear from these libraries; the platform's own flows call
``services.security_event_record`` directly.
"""

from __future__ import annotations

from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from axes.signals import user_locked_out
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver
from django.http import HttpRequest

from .models import SecurityEvent, User
from .services import security_event_record


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The email address a sign-in attempt used, whichever form sent it (allauth posts `login`)."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username") or ""
    if not value and request is not None and hasattr(request, "POST"):
        value = request.POST.get("login", "")
    return str(value).strip().lower()


def _known_user(credentials: dict[str, Any] | None, request: HttpRequest | None) -> User | None:
    """Only an existing account is linked; an unknown address is not kept at all."""
    email = axes_username(request, credentials) if request is not None else ""
    if not email:
        email = str((credentials or {}).get("email", "")).lower()
    return User.objects.filter(email=email).first() if email else None


@receiver(auth_signals.user_logged_in)
def _on_login(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    security_event_record(kind=SecurityEvent.Kind.LOGIN, user=user, actor=user, request=request)


@receiver(auth_signals.user_logged_out)
def _on_logout(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        security_event_record(kind=SecurityEvent.Kind.LOGOUT, user=user, actor=user, request=request)


@receiver(auth_signals.user_login_failed)
def _on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    security_event_record(
        kind=SecurityEvent.Kind.LOGIN_FAILED, user=_known_user(credentials, request), request=request
    )


@receiver(user_locked_out)
def _on_locked_out(sender: Any, request: HttpRequest, **kwargs: Any) -> None:
    user = _known_user({"email": kwargs.get("username", "")}, request)
    security_event_record(kind=SecurityEvent.Kind.LOCKED_OUT, user=user, request=request)


@receiver(account_signals.password_changed)
def _on_password_changed(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    security_event_record(kind=SecurityEvent.Kind.PASSWORD_CHANGED, user=user, actor=user, request=request)


@receiver(account_signals.password_reset)
def _on_password_reset(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    security_event_record(kind=SecurityEvent.Kind.PASSWORD_RESET, user=user, actor=user, request=request)


@receiver(mfa_signals.authenticator_added)
def _on_mfa_added(sender: Any, request: HttpRequest, user: User, authenticator: Any, **kwargs: Any) -> None:
    security_event_record(
        kind=SecurityEvent.Kind.MFA_ENABLED, user=user, actor=user, request=request, type=authenticator.type
    )


@receiver(mfa_signals.authenticator_removed)
def _on_mfa_removed(sender: Any, request: HttpRequest, user: User, authenticator: Any, **kwargs: Any) -> None:
    security_event_record(
        kind=SecurityEvent.Kind.MFA_DISABLED, user=user, actor=user, request=request, type=authenticator.type
    )
