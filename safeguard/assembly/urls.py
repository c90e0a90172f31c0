from django.urls import path

from . import views

app_name = "assembly"
urlpatterns = [
    path("", views.assembly_list, name="list"),
    path("time-zone/", views.time_zone, name="time-zone"),
    path("<int:number>/", views.assembly_detail, name="detail"),
    path("<int:number>/quorum/", views.quorum, name="quorum"),
    path("<int:number>/bulletin/", views.bulletin, name="bulletin"),
    path("<int:number>/roll/", views.roll, name="roll"),
    path("<int:number>/credentials/", views.credentials, name="credentials"),
    path("<int:number>/check-in/", views.check_in, name="check-in"),
    path("<int:number>/agenda/<int:position>/speak/", views.speak, name="speak"),
    path("<int:number>/delegations/<slug:slug>/", views.delegation, name="delegation"),
    path("<int:number>/delegations/<slug:slug>/proxy/", views.proxy, name="proxy"),
    path("<int:number>/motions/new/", views.motion_new, name="motion-new"),
    path("<int:number>/motions/<int:motion_number>/", views.motion_detail, name="motion"),
    path(
        "<int:number>/motions/<int:motion_number>/<slug:action>/", views.motion_action, name="motion-action"
    ),
    path("<int:number>/elections/<int:pk>/", views.position_detail, name="position"),
    path("<int:number>/elections/<int:pk>/nominate/", views.nominate, name="nominate"),
    path("<int:number>/elections/<int:pk>/ballots/", views.election_polls, name="election-polls"),
    path("<int:number>/minutes/", views.minutes, name="minutes"),
    path("<int:number>/minutes.pdf", views.minutes_pdf, name="minutes-pdf"),
    path("delegates/<int:pk>/letter/", views.letter, name="letter"),
    path("polls/<uuid:pk>/", views.poll_detail, name="poll"),
    path("polls/<uuid:pk>/<slug:action>/", views.poll_action, name="poll-action"),
]
