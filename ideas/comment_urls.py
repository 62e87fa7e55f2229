"""Comment URLs, included in ``ideas.urls`` (namespace ``ideas``): /ideen/kommentare/…"""

from django.urls import path

from . import comment_views

urlpatterns = [
    path(
        "kommentare/<slug:kind>/<int:pk>/schreiben/",
        comment_views.comment_create,
        name="comment_create",
    ),
    path("kommentare/<int:comment_id>/", comment_views.comment_permalink, name="comment"),
    path(
        "kommentare/<int:comment_id>/antworten/",
        comment_views.comment_reply,
        name="comment_reply",
    ),
    path(
        "kommentare/<int:comment_id>/bearbeiten/",
        comment_views.comment_edit,
        name="comment_edit",
    ),
    path(
        "kommentare/<int:comment_id>/loeschen/",
        comment_views.comment_delete,
        name="comment_delete",
    ),
    path(
        "kommentare/<int:comment_id>/melden/",
        comment_views.comment_report,
        name="comment_report",
    ),
]
