from django.urls import path

from . import views

app_name = "network"
urlpatterns = [
    path("", views.member_directory, name="directory"),
    path("members/<slug:slug>/", views.member_public, name="member"),
    path("apply/", views.apply, name="apply"),
    path("apply/thanks/", views.apply_done, name="apply-done"),
    path("applications/", views.application_list, name="applications"),
    path("applications/<uuid:ref>/", views.application_detail, name="application"),
    path("applications/<uuid:ref>/files/<slug:which>/", views.application_file, name="application-file"),
    path("applications/<uuid:ref>/checklist/", views.application_checklist, name="application-checklist"),
    path("applications/<uuid:ref>/advance/", views.application_advance, name="application-advance"),
    path("applications/<uuid:ref>/recommend/", views.application_recommend, name="application-recommend"),
    path("applications/<uuid:ref>/decide/", views.application_decide, name="application-decide"),
    path("records/", views.record_list, name="records"),
    path("records/export.csv", views.export_csv, name="export"),
    path("records/import/", views.import_members, name="import"),
    path("organisations/<slug:slug>/", views.organisation, name="organisation"),
    path("organisations/<slug:slug>/status/", views.status_change, name="status-change"),
    path("organisations/<slug:slug>/override/", views.standing_override, name="override"),
    path("organisations/<slug:slug>/record/", views.record_edit, name="record-edit"),
    path("organisations/<slug:slug>/coverage/", views.coverage_add, name="coverage-add"),
    path("coverage/<int:pk>/end/", views.coverage_end, name="coverage-end"),
    path("organisations/<slug:slug>/contacts/add/", views.contact_edit, name="contact-add"),
    path("organisations/<slug:slug>/contacts/<int:pk>/", views.contact_edit, name="contact-edit"),
    path("organisations/<slug:slug>/documents/add/", views.document_upload, name="document-add"),
    path("organisations/<slug:slug>/support/new/", views.support_new, name="support-new"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("dues/<int:pk>/paid/", views.dues_paid, name="dues-paid"),
    path("dues/<int:pk>/waiver/", views.dues_waiver, name="dues-waiver"),
    path("dues/<int:pk>/waiver/decide/", views.dues_waiver_decide, name="dues-waiver-decide"),
    path("obligations/<int:pk>/met/", views.obligation_met, name="obligation-met"),
    path("support/", views.support_list, name="support-list"),
    path("support/<int:pk>/", views.support_detail, name="support-detail"),
    path("support/<int:pk>/triage/", views.support_triage, name="support-triage"),
]
