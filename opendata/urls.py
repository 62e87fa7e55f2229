"""``/offene-daten/``: the open data page and its downloads (see ``docs/open-data.md``)."""

from django.urls import path

from .views import ideas_csv, ideas_json, opendata_page, pilots_json

app_name = "opendata"
urlpatterns = [
    path("", opendata_page, name="index"),
    path("ideen.csv", ideas_csv, name="ideas_csv"),
    path("ideen.json", ideas_json, name="ideas_json"),
    path("piloten.json", pilots_json, name="pilots_json"),
]
