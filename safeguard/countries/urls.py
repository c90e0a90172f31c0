from django.urls import path

from . import views

app_name = "countries"
urlpatterns = [
    path("", views.country_list, name="list"),
    path("<str:iso2>/", views.country_detail, name="detail"),
]
