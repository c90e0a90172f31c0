from django.urls import path

from . import views

app_name = "library"
urlpatterns = [
    path("", views.search, name="search"),
    path("oai", views.oai, name="oai"),
    path("catalogue.csv", views.catalogue_csv, name="catalogue-csv"),
    path("submit/", views.upload, name="upload"),
    path("review/", views.review_queue, name="review-queue"),
    path("submissions/<int:pk>/", views.submission, name="submission"),
    path("files/<int:pk>/", views.download, name="download"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/cite.<str:fmt>", views.export, name="export"),
    path("<slug:slug>/withdraw/", views.withdraw, name="withdraw"),
]
