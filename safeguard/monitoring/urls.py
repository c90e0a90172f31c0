from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("", views.index, name="index"),
    path("compare/", views.compare, name="compare"),
    path("methodology/", views.methodology, name="methodology"),
    path("data/", views.data, name="data"),
    path("data/datapackage.json", views.datapackage, name="datapackage"),
    path("data/monitoring.xlsx", views.export_xlsx, name="export-xlsx"),
    path("data/<slug:name>.csv", views.export_csv, name="export-csv"),
    path("assessments/", views.assessments, name="assessments"),
    path("assessments/<int:pk>/", views.assessment, name="assessment"),
    path("assessments/<int:pk>/transition/", views.transition, name="transition"),
    path("assessments/<int:pk>/correct/", views.correct, name="correct"),
    path("assessments/<int:pk>/answers/<str:code>/", views.answer, name="answer"),
    path("assessments/<int:pk>/answers/<str:code>/citations/", views.citation_add, name="citation-add"),
    path("assessments/<int:pk>/texts/<str:code>/", views.narrative, name="narrative"),
    path("citations/<int:pk>/delete/", views.citation_delete, name="citation-delete"),
    path("import/", views.import_answers, name="import"),
    path("<slug:edition>/<str:iso2>/", views.report, name="report"),
    path("<slug:edition>/<str:iso2>/report.pdf", views.report_pdf, name="report-pdf"),
]
