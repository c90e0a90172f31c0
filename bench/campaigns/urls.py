"""The product's URLs plus ``/bench/insert/``: validate a form and insert one row, nothing else."""

import hashlib

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from safeguard.campaigns.models import Petition, Signature
from safeguard.urls import urlpatterns as product_urlpatterns

_petition_id: list[int] = []


class BareForm(forms.Form):
    name = forms.CharField(max_length=200)
    email = forms.EmailField(max_length=254)
    country = forms.CharField(max_length=2)


@csrf_exempt
@require_POST
def bare_insert(request: HttpRequest) -> HttpResponse:
    form = BareForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    if not _petition_id:
        _petition_id.append(Petition.objects.get(slug="bench-bare").pk)
    data = form.cleaned_data
    Signature.objects.create(
        petition_id=_petition_id[0],
        country_id=1,
        name=data["name"],
        email=data["email"],
        email_hmac=hashlib.sha256(data["email"].encode()).hexdigest(),
        consent_count=True,
    )
    return HttpResponseRedirect("/campaigns/", status=303)


urlpatterns = [path("bench/insert/", bare_insert), *product_urlpatterns]
