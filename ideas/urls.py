from django.urls import path

from . import views

app_name = "ideas"
urlpatterns = [
    path("", views.idea_list, name="list"),
    path("neu/", views.idea_create, name="create"),
    path("neu/bild/<str:token>/", views.pending_image, name="pending_image"),
    path("<int:pk>/bearbeiten/", views.idea_edit, name="edit"),
    path("<int:pk>/unterstuetzen/", views.support, name="support"),
    path("<int:pk>/unterstuetzung-zuruecknehmen/", views.withdraw_support, name="withdraw_support"),
    path("<int:pk>/folgen/", views.follow, name="follow"),
    path("<int:pk>/melden/", views.report, name="report"),
    path("<int:pk>/zurueckziehen/", views.withdraw_idea, name="withdraw"),
    path("abbestellen/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<int:pk>/<str:slug>/", views.idea_detail, name="detail"),
    path("<int:pk>/", views.idea_detail, {"slug": ""}, name="detail_short"),
]
