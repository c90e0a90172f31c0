from django.urls import path

from . import views

app_name = "tourism"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("members.csv", views.directory_csv, name="directory-csv"),
    path("members/<slug:slug>/", views.member, name="member"),
    path("check/", views.check, name="check"),
    path("criteria/", views.criteria, name="criteria"),
    path("apply/", views.apply, name="apply"),
    path("apply/thanks/", views.apply_done, name="apply-done"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("manage/", views.dashboard, name="dashboard"),
    path("manage/signatories/", views.pipeline, name="pipeline"),
    path("manage/signatories.csv", views.pipeline_csv, name="pipeline-csv"),
    path("manage/import/", views.import_members, name="import"),
    path("s/<slug:slug>/", views.signatory, name="signatory"),
    path("s/<slug:slug>/step/", views.signatory_step, name="signatory-step"),
    path("s/<slug:slug>/plan/", views.plan, name="plan"),
    path("s/<slug:slug>/sign/", views.sign, name="sign"),
    path("s/<slug:slug>/appeal/", views.appeal, name="appeal"),
    path("s/<slug:slug>/appeals/<int:pk>/decide/", views.appeal_decide, name="appeal-decide"),
    path("s/<slug:slug>/certificate/<int:year>.pdf", views.certificate_pdf, name="certificate"),
    path("s/<slug:slug>/reports/<int:year>/", views.report, name="report"),
    path("s/<slug:slug>/reports/<int:year>/submit/", views.report_submit, name="report-submit"),
    path("s/<slug:slug>/reports/<int:year>/review/", views.report_review, name="report-review"),
    path(
        "s/<slug:slug>/reports/<int:year>/answers/<int:answer_id>/comment/",
        views.report_comment,
        name="report-comment",
    ),
    path(
        "s/<slug:slug>/reports/<int:year>/answers/<int:answer_id>/document/",
        views.report_document,
        name="report-document",
    ),
]
