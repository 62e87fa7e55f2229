from django.urls import path

from . import research_views, views

app_name = "accounts"
urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("daten/", views.data, name="data"),
    path("loeschen/", views.delete, name="delete"),
    path("geloescht/", views.deleted, name="deleted"),
    path("forschung/", research_views.research_profile, name="research_profile"),
]
