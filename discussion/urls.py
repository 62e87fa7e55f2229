"""Comment URLs, mounted under /ideen/ before the ideas' own: /ideen/kommentare/…"""

from django.urls import path

from . import views

app_name = "discussion"
urlpatterns = [
    path(
        "kommentare/<slug:kind>/<int:pk>/schreiben/",
        views.comment_create,
        name="comment_create",
    ),
    path("kommentare/<int:comment_id>/", views.comment_permalink, name="comment"),
    path(
        "kommentare/<int:comment_id>/antworten/",
        views.comment_reply,
        name="comment_reply",
    ),
    path(
        "kommentare/<int:comment_id>/bearbeiten/",
        views.comment_edit,
        name="comment_edit",
    ),
    path(
        "kommentare/<int:comment_id>/loeschen/",
        views.comment_delete,
        name="comment_delete",
    ),
    path(
        "kommentare/<int:comment_id>/melden/",
        views.comment_report,
        name="comment_report",
    ),
]
