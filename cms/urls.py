from django.urls import path

from . import views

app_name = "cms"
urlpatterns = [
    path("gestaltung.css", views.theme_css, name="theme_css"),
    path("demo-hinweis/ausblenden/", views.dismiss_demo_banner, name="dismiss_demo_banner"),
]
