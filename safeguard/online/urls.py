from django.urls import path

from . import views

app_name = "online"
urlpatterns = [
    path("", views.index, name="index"),
    path("where-to-report/", views.where_to_report, name="where-to-report"),
    path("where-to-report/<str:iso2>/", views.where_to_report_country, name="where-to-report-country"),
    path("countries/<str:iso2>/", views.country, name="country"),
    path("frameworks/", views.frameworks, name="frameworks"),
    path("frameworks/<slug:code>/<str:version>/", views.framework_version, name="framework-version"),
    path("regions/", views.regions, name="regions"),
    path("commitments/", views.commitments, name="commitments"),
    path("export/assessments.csv", views.export_assessments, name="export-assessments"),
    path("export/channels.csv", views.export_channels, name="export-channels"),
    path("review/", views.review, name="review"),
    path("channels/<int:pk>/verify/", views.channel_verify_view, name="channel-verify"),
    path("import/", views.import_table, name="import"),
]
