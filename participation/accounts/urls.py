from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("beteiligung/", views.activity, name="activity"),
    path("daten/", views.data, name="data"),
    path("loeschen/", views.delete, name="delete"),
    path("geloescht/", views.deleted, name="deleted"),
]
