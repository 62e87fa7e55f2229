"""URLs of the research features, included in ``ideas.urls`` before the idea page's pattern."""

from django.urls import path

from . import research_views

urlpatterns = [
    path("<int:pk>/einschaetzen/", research_views.assess, name="assess"),
    path("<int:pk>/partnerschaft/", research_views.offer_partnership, name="offer_partnership"),
    path(
        "partnerschaft/<int:offer_pk>/entscheiden/",
        research_views.decide_offer,
        name="decide_offer",
    ),
    path(
        "partnerschaft/<int:offer_pk>/zurueckziehen/",
        research_views.withdraw_offer,
        name="withdraw_offer",
    ),
]
