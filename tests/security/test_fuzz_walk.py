"""Malformed requests answer 4xx, never 5xx (issue 12, item 5).

Every URL of the walk (``urlconf.walk``: list and detail views, search, open data, feeds,
pages, allauth, Wagtail's admin) gets malformed query parameters in every parameter the
portal's filter forms read and in the usual generic names; every URL with a converter gets
malformed path values; every URL gets malformed POST bodies. A superuser sends them (so the
admin views run, not the login redirect), and a visitor the public ones. Nothing may answer
500: the client does not raise, so a 500 is a status, and all of them are reported together.
"""

import re

import pytest

from tests.security import urlconf

pytestmark = pytest.mark.django_db

GENERIC_PARAMS = [
    "seite",
    "page",
    "p",
    "q",
    "thema",
    "stadtteil",
    "bezirk",
    "status",
    "sort",
    "ordering",
    "format",
    "topic",
    "district",
    "typ",
    "aufruf",
    "idee",
    "id",
    "limit",
    "offset",
    "fields",
    "type",
    "search",
    "html_path",
    "child_of",
    "parent",
    "locale",
]

VALUES = [
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "-inf",
    "\x00",
    "%00",
    "'\"<>",
    "x" * 10_000,
    "ä",
    "\U0001f600",
    "\u202egnp.exe",
    "[]",
    "1,2",
    " ",
]

#: Library views get these (the values that have broken parsers before); the portal's own
#: views and pages get all of ``VALUES``.
LIBRARY_VALUES = ["99999999999999999999999", "\x00"]

#: Raw query strings a form cannot express: invalid UTF-8, repeated and bracketed keys.
RAW_QUERIES = [
    "seite=%ff%fe&q=%ff&thema=%c3%28&status=%80",
    "seite=1&seite=2&thema=1&thema=x&status=a&status=b",
    "seite[]=1&thema[]=2&q[]=x&status[0]=a",
    "%ff=1&%00=2",
]

#: URLs left out of the fuzz walks although they answer 500, each with its reason.
KNOWN_ERRORS = {
    "wagtailadmin_error_test": "/admin/failwhale/ raises on purpose: Wagtail's test of the 500",
}

_WAGTAIL_ADMIN = (
    "Wagtail's admin (library code, superusers and editors only) crashes on malformed POST "
    "bodies (non-numeric ids, huge numbers, NUL bytes); nothing a visitor can reach"
)

#: URLs whose malformed POST bodies answer 500 (the GET and path walks still cover them).
KNOWN_POST_ERRORS = {
    **dict.fromkeys(
        [
            "wagtail_bulk_action",
            "wagtailadmin_choose_page_chosen_multiple",
            "wagtailadmin_choose_page_external_link",
            "wagtailadmin_pages:copy",
            "wagtailadmin_pages:delete",
            "wagtailadmin_pages:lock",
            "wagtailadmin_pages:unlock",
            "wagtailadmin_pages:unpublish",
            "wagtailadmin_pages:revisions_revert",
            "wagtailadmin_pages:revisions_unschedule",
            "wagtailadmin_pages:workflow_action",
            "wagtailadmin_workflows:edit",
            "wagtailadmin_workflows:enable",
            "wagtailadmin_workflows:enable_task",
            "wagtailadmin_workflows:remove",
            "wagtaildocs_chooser:chosen_multiple",
            "wagtailimages_chooser:chosen_multiple",
            "wagtailforms:delete_submissions",
            "wagtailredirects:process_import",
            "wagtailsnippetchoosers_ideas_district:chosen_multiple",
            "wagtailsnippetchoosers_ideas_district:create",
            "wagtailsnippetchoosers_ideas_idea:chosen_multiple",
            "wagtailsnippetchoosers_ideas_topic:chosen_multiple",
            "wagtailsnippetchoosers_ideas_topic:create",
            # Wagtail's chooser widget looks the raw value of an invalid form up again when it
            # shows the form with its errors (AdminChooser.get_instance catches DoesNotExist,
            # not ValueError): the idea's topic/district choosers with "x" * 10000.
            "wagtailsnippets_ideas_idea:edit",
        ],
        _WAGTAIL_ADMIN,
    ),
}

#: URLs whose malformed query values (``id=``, ``action`` …) answer 500: Wagtail's admin.
KNOWN_QUERY_ERRORS = dict.fromkeys(
    [
        "wagtail_bulk_action",
        "wagtailadmin_choose_page_chosen_multiple",
        "wagtailadmin_workflows:edit",
        "wagtailsnippetchoosers_ideas_idea:chosen_multiple",
        "wagtailsnippetchoosers_ideas_topic:chosen_multiple",
        "wagtailsnippetchoosers_ideas_district:chosen_multiple",
        "wagtaildocs_chooser:chosen_multiple",
        "wagtailimages_chooser:chosen_multiple",
    ],
    _WAGTAIL_ADMIN.replace("POST bodies", "query values"),
)

#: URLs whose malformed path values answer 500: Wagtail's admin.
KNOWN_PATH_ERRORS = {
    "wagtailadmin_pages:revisions_revert": (
        "Wagtail's admin: /admin/pages/<id>/revisions/0/revert/ raises (editors only)"
    ),
}

HUGE = "99999999999999999999999"


def filter_form_params():
    """The names the portal's filter forms read."""
    from discussion.admin_views import CommentFilterForm
    from ideas.admin_forms import ModerationFilterForm
    from ideas.forms import IdeaFilterForm
    from opendata.views import OpenDataPageForm
    from pilots.forms import PilotFilterForm

    names = set()
    for form in (IdeaFilterForm, PilotFilterForm, OpenDataPageForm, ModerationFilterForm):
        names.update(form.base_fields)
    names.update(CommentFilterForm.base_fields)
    return sorted(names)


def post_field_names():
    """The fields of the portal's forms, for malformed bodies."""
    from discussion.forms import CommentForm
    from ideas.forms import IdeaForm
    from research.forms import AssessmentForm, PartnerOfferForm, ResearcherProfileForm

    names = {"title", "text", "email", "password", "login", "language", "next", "action"}
    for form in (CommentForm, IdeaForm, AssessmentForm, PartnerOfferForm, ResearcherProfileForm):
        names.update(form.base_fields)
    return sorted(names)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from urlconf.rollback_world(django_db_blocker, tmp_path_factory)


def walk_urls(world):
    return [url for url in urlconf.walk(world) if url.name not in KNOWN_ERRORS]


class Failures(list):
    def check(self, response, description):
        if response.status_code >= 500:
            self.append(f"{response.status_code} {description}")


def test_malformed_query_parameters_never_answer_5xx(world):
    params = sorted(set(GENERIC_PARAMS) | set(filter_form_params()))
    admin = urlconf.Walker(world["admin"])
    visitor = urlconf.Walker(None)
    failures = Failures()
    urls = walk_urls(world)
    for url in urls:
        own = url.origin in ("ours", "pages")
        if url.language != "de" or url.name in KNOWN_QUERY_ERRORS:
            continue
        senders = (admin, visitor) if own and not url.path.startswith("/admin/") else (admin,)
        path, _sep, query = url.path.partition("?")
        for sender in senders:
            for value in VALUES if own else LIBRARY_VALUES:
                data = dict.fromkeys(params, value)
                response = sender.send("GET", url.path, data)
                failures.check(response, f"GET {url} {value[:20]!r}")
            for raw in RAW_QUERIES if own else RAW_QUERIES[:1]:
                response = sender.send("GET", f"{path}?{query + '&' if query else ''}{raw}")
                failures.check(response, f"GET {url} ?{raw}")

    sent = admin.sent + visitor.sent
    assert not failures, f"{len(failures)} of {sent} requests:\n" + "\n".join(failures)
    print(f"query fuzz: {len(urls)} URLs, {len(params)} parameters, {sent} requests")


def malformed_paths(url):
    """The URL with each converter value replaced by a huge number, zero and an unknown
    slug, where the converter lets them through."""
    from django.urls import Resolver404, resolve

    path, _sep, _query = url.path.partition("?")
    variants = set()
    for match in re.finditer(r"(?<=/)\d+(?=/|$|\.)", path):
        for value in (HUGE, "0"):
            variants.add(path[: match.start()] + value + path[match.end() :])
    for match in re.finditer(r"(?<=/)[a-z][\w-]*(?=/)", path):
        variants.add(path[: match.start()] + "gibt-es-nicht" + path[match.end() :])
    result = []
    for variant in sorted(variants):
        try:
            resolved = resolve(variant)
        except Resolver404:
            continue
        if resolved.func == url.callback or getattr(resolved.func, "view_class", 0) == getattr(
            url.callback, "view_class", 1
        ):
            result.append(variant)
    return result


def test_malformed_path_values_never_answer_5xx(world):
    admin = urlconf.Walker(world["admin"])
    visitor = urlconf.Walker(None)
    failures = Failures()
    for url in walk_urls(world):
        if url.language != "de" or url.name in KNOWN_PATH_ERRORS:
            continue
        for variant in malformed_paths(url):
            for sender in (admin, visitor):
                failures.check(sender.send("GET", variant), f"GET {variant} ({url.name})")
            failures.check(admin.send("POST", variant, {"text": "x"}), f"POST {variant}")

    sent = admin.sent + visitor.sent
    assert not failures, f"{len(failures)} of {sent} requests:\n" + "\n".join(failures)
    print(f"path fuzz: {sent} requests")


def test_malformed_post_bodies_never_answer_5xx(world):
    """Logged in, without CSRF enforcement (the token is not what is tested): missing fields,
    wrong types, huge values, NUL bytes, in every field the portal's forms know."""
    fields = post_field_names()
    bodies = [
        {},
        dict.fromkeys(fields, HUGE),
        dict.fromkeys(fields, "x" * 10_000),
        dict.fromkeys(fields, "\x00"),
        {name: ["a", "b"] for name in fields},
    ]
    admin = urlconf.Walker(world["admin"])
    failures = Failures()
    urls = [
        url
        for url in walk_urls(world)
        if url.language == "de" and url.name not in KNOWN_POST_ERRORS
    ]
    for url in urls:
        for body in bodies if url.origin in ("ours", "pages") else bodies[:2]:
            response = admin.send("POST", url.path, body)
            shown = {k: str(v)[:12] for k, v in list(body.items())[:1]}
            failures.check(response, f"POST {url} {shown}")

    assert not failures, f"{len(failures)} of {admin.sent} requests:\n" + "\n".join(failures)
    print(f"body fuzz: {len(urls)} URLs, {admin.sent} requests")
