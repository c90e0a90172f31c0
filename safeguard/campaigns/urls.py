from django.urls import path

from . import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="campaign-list"),
    path("c/<slug:slug>/", views.campaign_detail, name="campaign-detail"),
    path("p/<slug:slug>/", views.petition_detail, name="petition-detail"),
    path("p/<slug:slug>/sign/", views.petition_sign, name="petition-sign"),
    path("p/<slug:slug>/thanks/", views.petition_thanks, name="petition-thanks"),
    path("a/<slug:slug>/", views.action_page, name="action-page"),
    path("a/<slug:slug>/sign/", views.action_sign, name="action-sign"),
    path("a/<slug:slug>/signers/", views.action_signers, name="action-signers"),
    path("confirm/<str:token>/", views.signature_confirm, name="signature-confirm"),
    path("remove/<str:token>/", views.signature_remove, name="signature-remove"),
    path("my-data/<str:token>/", views.signature_data, name="signature-data"),
    path("embed/<slug:slug>/counter/", views.embed_counter, name="embed-counter"),
    path("embed/<slug:slug>/sign/", views.embed_sign, name="embed-sign"),
    path("manage/p/<slug:slug>/", views.petition_manage, name="petition-manage"),
    path("manage/p/<slug:slug>/paper/tally/", views.paper_tally, name="paper-tally"),
    path("manage/p/<slug:slug>/paper/keyed/", views.paper_keyed, name="paper-keyed"),
    path("manage/p/<slug:slug>/invalidate/", views.invalidation_new, name="invalidation-new"),
    path("manage/paper/<int:pk>/", views.paper_batch, name="paper-batch"),
    path("manage/paper/<int:pk>/approve/", views.paper_approve, name="paper-approve"),
    path("manage/invalidations/<int:pk>/", views.invalidation_detail, name="invalidation-detail"),
    path("manage/invalidations/<int:pk>/undo/", views.invalidation_undo, name="invalidation-undo"),
    path("manage/chapters/<int:pk>/", views.chapter_detail, name="chapter-detail"),
    path("manage/chapters/<int:pk>/targets/<int:target>/pack.pdf", views.handover_pdf, name="handover-pdf"),
    path("manage/chapters/<int:pk>/signatures.csv", views.handover_csv, name="handover-csv"),
]
