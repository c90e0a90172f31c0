from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("my/", views.dashboard, name="dashboard"),
    path("organisations/<slug:slug>/", views.organisation, name="organisation"),
    path(
        "organisations/<slug:slug>/members/<int:pk>/role/",
        views.membership_role,
        name="membership-role",
    ),
    path("security/events/", views.security_events, name="security-events"),
]
