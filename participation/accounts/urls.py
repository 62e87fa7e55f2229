from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("beteiligung/", views.activity, name="activity"),
    path("profil/rolle-verlaengern/", views.renew_researcher_role, name="renew_researcher_role"),
    path("daten/", views.data, name="data"),
    path("loeschen/", views.delete, name="delete"),
    path("geloescht/", views.deleted, name="deleted"),
]
