from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import views

urlpatterns = [
    path("healthz/", views.healthz, name="healthz"),
    path("i18n/setlang/", views.switch_language, name="set_language"),
    path("i18n/sprache/", views.language_link, name="language_link"),
    # Wagtail's own login form is not rate limited: everyone logs in through allauth.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
        name="wagtailadmin_login",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("dokumente/", include(wagtaildocs_urls)),
]

urlpatterns += i18n_patterns(
    path("konto/", include("participation.accounts.urls")),
    path("konto/", include("allauth.urls")),
    path("", include("research.urls")),
    path("ideen/", include("discussion.urls")),
    path("ideen/", include("ideas.urls")),
    path("suche/", include("search.urls")),
    path("offene-daten/", include("opendata.urls")),
    path("", include("pilots.urls")),
    path("", include("cms.urls")),
    # Wagtail's page view, with the German tree behind the English one (views.serve_page).
    re_path(wagtail_urls.serve_pattern, views.serve_page, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler403 = "participation.views.error_403"
handler404 = "participation.views.error_404"
handler500 = "participation.views.error_500"
handler429 = "participation.views.error_429"  # allauth's rate limits (not a Django handler)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
