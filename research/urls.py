"""Public URLs of research, mounted at the site root before the ideas' URLs.

They sit under /ideen/<pk>/… (what a researcher does on an idea) and /konto/forschung/ (the
researcher's own profile), so they are matched before the idea page's catch-all pattern.
"""

from django.urls import path

from . import views

app_name = "research"
urlpatterns = [
    path("ideen/<int:pk>/einschaetzen/", views.assess, name="assess"),
    path("ideen/<int:pk>/partnerschaft/", views.offer_partnership, name="offer_partnership"),
    path(
        "ideen/partnerschaft/<int:offer_pk>/entscheiden/",
        views.decide_offer,
        name="decide_offer",
    ),
    path(
        "ideen/partnerschaft/<int:offer_pk>/zurueckziehen/",
        views.withdraw_offer,
        name="withdraw_offer",
    ),
    path("konto/forschung/", views.research_profile, name="profile"),
]
