"""Every URL of the portal, filled with real objects: what the security walks send requests to
(issue 12, item 5).

``walk(world)`` enumerates every pattern of ``django.urls.get_resolver()`` (recursing into
includes, ``i18n_patterns`` once in German without prefix and once under ``/en/``), the
patterns mounted from libraries (allauth under ``/konto/``, Wagtail's admin under
``/admin/``, Wagtail's document views under ``/dokumente/``, Wagtail's page serving) and every
live page of the page tree. Each converter is filled with a real object of the ``world``
(``build_world``). A pattern the walker cannot fill raises ``Unfillable``: the walks fail with
"add a sample value for …", so a new URL is never skipped silently. ``SKIPPED`` is the only way
to leave a pattern out, each with its reason.
"""

import re
from dataclasses import dataclass
from io import BytesIO
from urllib.parse import urlencode

from django.conf import settings
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern

LANGUAGE_PREFIXES = ("", "en/")

#: Patterns left out of every walk, with the reason (route as printed by the URL conf).
SKIPPED = {}

#: Concrete values for regex patterns (they have no converters to fill).
REGEX_SAMPLES = {
    "admin/^.*/$": "admin/gibt-es-nicht/",
    "dokumente/^(\\d+)/(.*)$": "dokumente/{document}/{document_filename}",
    "konto/^confirm-email/(?P<key>[-:\\w]+)/$": "konto/confirm-email/MQ:1abcde:falsch/",
    "konto/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": (
        "konto/password/reset/key/{user_b36}-falscher-schluessel/"
    ),
    "admin/pages/^(?P<pk>\\d+)/revisions/compare/(?P<revision_id_a>live|earliest|\\d+)"
    "\\.\\.\\.(?P<revision_id_b>live|latest|\\d+)/$": (
        "admin/pages/{pilot}/revisions/compare/earliest...latest/"
    ),
    # Wagtail's page serving: the home page here, every other page from the page tree.
    "^((?:[\\w\\-]+/)*)$": "",
    # The API's routers (Wagtail's admin API) are regex patterns too.
    "admin/api/main/^pages/": "admin/api/main/pages/",
    "admin/api/main/^pages/<int:pk>/": "admin/api/main/pages/{pilot}/",
    "admin/api/main/^pages/find/": "admin/api/main/pages/find/?html_path=/",
    "admin/api/main/^pages/<int:pk>/action/<str:action_name>/": (
        "admin/api/main/pages/{content_page}/action/copy/"
    ),
    "admin/api/main/^documents/": "admin/api/main/documents/",
    "admin/api/main/^documents/<int:pk>/": "admin/api/main/documents/{document}/",
    "admin/api/main/^documents/find/": "admin/api/main/documents/find/",
    "admin/api/main/^images/": "admin/api/main/images/",
    "admin/api/main/^images/<int:pk>/": "admin/api/main/images/{image}/",
    "admin/api/main/^images/find/": "admin/api/main/images/find/",
}

#: ``pk`` (and other ambiguous names) by where the pattern is mounted: first match wins.
BY_ROUTE = [
    ("admin/collections/", "pk", "collection"),
    ("admin/workflows/tasks/", "pk", "task"),
    ("admin/workflows/", "pk", "workflow"),
    ("admin/forschende/anfragen/", "pk", "role_request"),
    ("admin/beteiligung/ideen/", "pk", "idea"),
    ("admin/ideas/idea/", "pk", "idea"),
    ("admin/ideas/topic/", "pk", "topic"),
    ("admin/ideas/district/", "pk", "district"),
    ("admin/snippets/choose/ideas/idea/", "pk", "idea"),
    ("admin/snippets/choose/ideas/topic/", "pk", "topic"),
    ("admin/snippets/choose/ideas/district/", "pk", "district"),
    ("admin/sites/", "pk", "site"),
    ("admin/locales/", "pk", "locale"),
    ("admin/translation/submit/snippet/", "app_label", "'ideas"),
    ("admin/translation/submit/snippet/", "model_name", "'topic"),
    ("admin/translation/submit/snippet/", "pk", "topic"),
    ("admin/users/", "pk", "resident"),
    ("admin/groups/", "pk", "group"),
    ("admin/documents/", "pk", "document"),
    ("admin/images/", "pk", "image"),
    ("admin/settings/", "pk", "site"),
    ("admin/settings/", "app_name", "'cms"),
    ("admin/settings/", "model_name", "'legallinks"),
    ("admin/pages/add/", "content_type_app_name", "'cms"),
    ("admin/pages/add/", "content_type_model_name", "'contentpage"),
    ("admin/pages/usage/", "content_type_app_name", "'cms"),
    ("admin/pages/usage/", "content_type_model_name", "'contentpage"),
    ("admin/pages/create/", "app_label", "'cms"),
    ("admin/pages/create/", "model_name", "'contentpage"),
    ("admin/pages/workflow/", "action_name", "'approve"),
    ("admin/pages/workflow/", "page_id", "review_page"),
    ("admin/pages/workflow/preview/", "task_id", "task"),
    ("admin/pages/", "workflow_state_id", "workflow_state"),
    ("admin/pages/<int:page_id>/workflow_history/", "page_id", "review_page"),
    ("admin/pages/", "page_id", "content_page"),
    ("admin/tag-autocomplete/", "app_name", "'wagtailimages"),
    ("admin/tag-autocomplete/", "model_name", "'image"),
    ("admin/bulk/", "app_label", "'wagtailcore"),
    ("admin/bulk/", "model_name", "'page"),
    ("admin/bulk/", "action", "'delete"),
    ("admin/workflows/tasks/add/", "app_label", "'wagtailcore"),
    ("admin/workflows/tasks/add/", "model_name", "'groupapprovaltask"),
    ("admin/workflows/remove/", "page_pk", "home"),
    ("admin/workflows/remove/", "workflow_pk", "workflow"),
    ("admin/editing-sessions/", "app_label", "'wagtailcore"),
    ("admin/editing-sessions/", "model_name", "'page"),
    ("admin/editing-sessions/", "object_id", "content_page"),
    ("admin/forms/submissions/", "page_id", "form_page"),
    ("ideen/kommentare/", "kind", "'idee"),
    ("ideen/kommentare/", "pk", "idea"),
    ("ideen/", "pk", "idea"),
]

#: Converter names that mean the same object wherever they appear.
BY_NAME = {
    "comment_id": "comment",
    "offer_pk": "offer",
    "slug": "idea_slug",
    "token": "unsubscribe_token",
    "user_id": "resident",
    "idea_id": "idea",
    "page_id": "content_page",
    "parent_page_id": "home",
    "page_to_move_id": "content_page",
    "destination_id": "university",
    "revision_id": "revision",
    "task_state_id": "task_state",
    "task_id": "task",
    "collection_id": "collection",
    "document_id": "document",
    "doc_id": "document",
    "image_id": "image",
    "uploaded_file_id": "uploaded_file",
    "redirect_id": "redirect",
    "session_id": "editing_session",
    "restriction_id": "collection_restriction",
    "page_view_restriction_id": "page_restriction",
    "filter_spec": "'fill-40x40",
    "uidb64": "'MQ",
    "action_name": "'copy",
}


class Unfillable(Exception):
    """A pattern without a sample value: add one to ``BY_ROUTE``, ``BY_NAME`` or
    ``REGEX_SAMPLES`` (or, with a reason, to ``SKIPPED``)."""


@dataclass(frozen=True)
class Url:
    path: str  # "/en/ideen/12/", with query string where the view needs one
    route: str  # the pattern, without language prefix
    name: str  # namespaced URL name ("ideas:detail"), "" if unnamed
    origin: str  # ours / allauth / wagtail-admin / wagtail / pages
    callback: object
    language: str

    def __str__(self):
        return f"{self.path} ({self.name or self.route})"


def patterns(resolver=None, prefix="", namespace="", localized=False):
    """(route, URLPattern, namespaced name, localized) for every pattern of the URL conf."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            is_locale = isinstance(entry.pattern, LocalePrefixPattern)
            yield from patterns(
                entry,
                prefix + ("" if is_locale else str(entry.pattern)),
                ":".join(filter(None, [namespace, entry.namespace])),
                localized or is_locale,
            )
        else:
            name = ":".join(filter(None, [namespace, entry.name])) if entry.name else ""
            yield prefix + str(entry.pattern), entry, name, localized


def origin(route, callback):
    module = getattr(callback, "__module__", "") or ""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        module = view_class.__module__
    if module.startswith("allauth"):
        return "allauth"
    if module.startswith("wagtail") and route.startswith("admin/"):
        return "wagtail-admin"
    if module.startswith("wagtail.views") and "authenticate_with_password" not in route:
        return "pages"
    if module.startswith(("wagtail", "django", "rest_framework")):
        return "wagtail"
    return "ours"


def _value(key, world):
    if key.startswith("'"):
        return key[1:]
    if key not in world:
        raise Unfillable(f"the world has no {key!r}")
    value = world[key]
    return str(getattr(value, "pk", value))


def sample(route, name, world):
    for route_prefix, kwarg, key in BY_ROUTE:
        if kwarg == name and route.startswith(route_prefix):
            return _value(key, world)
    if name in BY_NAME:
        return _value(BY_NAME[name], world)
    raise Unfillable(f"add a sample value for <{name}> in {route!r} (tests/security/urlconf.py)")


CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def fill(route, world):
    """The concrete path (without language prefix) of ``route``."""
    if route in REGEX_SAMPLES:
        return REGEX_SAMPLES[route].format(**{k: _value(k, world) for k in _keys(route)})
    if "^" in route or "(?P" in route or "(" in route:
        raise Unfillable(f"add a sample value for the regex pattern {route!r} (REGEX_SAMPLES)")
    return CONVERTER.sub(lambda m: sample(route, m.group(2), world), route)


def _keys(route):
    return re.findall(r"{(\w+)}", REGEX_SAMPLES[route])


def walk(world, *, pages=True):
    """Every URL: the URL conf's patterns (both languages where localized) and the pages."""
    urls, unfillable = [], []
    for route, entry, name, localized in patterns():
        if route in SKIPPED:
            continue
        try:
            path = fill(route, world)
        except Unfillable as problem:
            unfillable.append(str(problem))
            continue
        is_regex = isinstance(entry.pattern, RegexPattern)
        where = origin(route, entry.callback)
        for prefix in LANGUAGE_PREFIXES if localized else ("",):
            urls.append(
                Url(
                    "/" + prefix + path,
                    route if not is_regex else route,
                    name,
                    where,
                    entry.callback,
                    "en" if prefix else settings.LANGUAGE_CODE,
                )
            )
    if unfillable:
        raise Unfillable("\n".join(unfillable))
    if pages:
        urls.extend(page_urls())
    return urls


def page_urls():
    """Every live page of the tree, in both languages."""
    from wagtail.models import Page
    from wagtail.views import serve

    urls = []
    for page in Page.objects.live().specific().exclude(depth=1):
        parts = page.get_url_parts()
        if not parts or parts[2] == "/":
            continue  # the home page is the pattern's own sample
        for prefix in LANGUAGE_PREFIXES:
            urls.append(
                Url(
                    "/" + prefix + parts[2].lstrip("/"),
                    f"page {type(page).__name__}",
                    "wagtail_serve",
                    "pages",
                    serve,
                    "en" if prefix else settings.LANGUAGE_CODE,
                )
            )
    return urls


def counts(urls):
    """How many URLs by origin, for the notes and the failure messages."""
    result = {}
    for url in urls:
        result[url.origin] = result.get(url.origin, 0) + 1
    return result


# --- The world -------------------------------------------------------------------------------


def _png():
    from PIL import Image as PILImage

    buffer = BytesIO()
    PILImage.new("RGB", (8, 8), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def build_world():
    """One of everything a URL names: people in their roles, an idea with a comment, a
    partner offer, the university with a research group and a call, a pilot (live, and one
    in review), a content page, a form page, a password-protected page, an image, a document
    in a private collection, a redirect, an editing session, an upload in progress."""
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile
    from django.utils import timezone
    from django.utils.http import int_to_base36
    from wagtail.admin.models import EditingSession
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import (
        Collection,
        CollectionViewRestriction,
        GroupApprovalTask,
        Locale,
        Page,
        PageViewRestriction,
        Site,
        TaskState,
        UploadedFile,
        Workflow,
        WorkflowTask,
    )

    from cms.models import ContentPage, FeedbackFormField, FeedbackFormPage, HomePage
    from ideas.notifications import unsubscribe_token
    from participation.accounts.models import ResearcherRoleRequest, User
    from tests import factories
    from tests.pilots.builders import make_pilot

    world = {}
    admin = User.objects.create_superuser(
        email="admin@example.org", password="ein-sicheres-passwort-42", display_name="Ada Admin"
    )
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=admin, email=admin.email, primary=True, verified=True)
    world["admin"] = admin
    world["resident"] = resident = factories.UserFactory(display_name="Anna Anwohnerin")
    world["researcher"] = researcher = factories.ResearcherFactory()
    world["user_b36"] = int_to_base36(resident.pk)

    home = HomePage(title="Mitwirken", slug="home-walk", intro_heading="Willkommen", intro="x")
    Page.get_first_root_node().add_child(instance=home)
    Site.objects.update(root_page=home, is_default_site=True)
    world["home"] = home
    world["site"] = Site.objects.get(is_default_site=True)
    world["locale"] = Locale.objects.get(language_code="en")

    world["idea"] = idea = factories.IdeaFactory(title="Pegelsensoren an der Wupper")
    world["topic"] = idea.topic
    world["district"] = idea.district
    world["idea_slug"] = idea.get_absolute_url().rstrip("/").rsplit("/", 1)[-1]
    world["comment"] = factories.CommentFactory(target=idea, user=resident)
    world["offer"] = factories.PartnerOfferFactory(idea=idea, offered_by=researcher)
    world["unsubscribe_token"] = unsubscribe_token(resident, idea.pk)
    world["role_request"] = ResearcherRoleRequest.objects.create(
        user=researcher, email=researcher.email
    )

    world["university"] = university = factories.university_index(home)
    world["call"] = call = factories.call_for_use_cases(university)
    world["group_page"] = factories.research_group(university, calls=[call])
    world["pilot"] = make_pilot(idea=idea)

    world["content_page"] = content = ContentPage(title="Über uns", slug="ueber-uns")
    home.add_child(instance=content)
    world["revision"] = content.save_revision()
    form_page = FeedbackFormPage(
        title="Kontakt", slug="kontakt", to_address="redaktion@example.org", subject="Kontakt"
    )
    home.add_child(instance=form_page)
    FeedbackFormField.objects.create(
        page=form_page, label="Nachricht", field_type="multiline", required=True
    )
    world["form_page"] = form_page
    secret = ContentPage(title="Intern", slug="intern")
    home.add_child(instance=secret)
    world["page_restriction"] = PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )

    workflow = Workflow.objects.create(name="Prüfung (Test)")
    task = GroupApprovalTask.objects.create(name="Redaktion prüft (Test)")
    task.groups.set([Group.objects.get_or_create(name="Editors")[0]])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    review = ContentPage(title="In Prüfung", slug="in-pruefung")
    home.add_child(instance=review)
    review.save_revision()
    world["workflow_state"] = state = workflow.start(review, admin)
    world["task_state"] = TaskState.objects.get(workflow_state=state)
    world["workflow"], world["task"], world["review_page"] = workflow, task, review
    world["group"] = Group.objects.get(name="Editors")

    root_collection = Collection.get_first_root_node()
    world["collection"] = collection = root_collection.add_child(name="Intern (Test)")
    world["collection_restriction"] = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.PASSWORD, password="x"
    )
    world["image"] = get_image_model().objects.create(
        title="Brücke", file=ContentFile(_png(), name="bruecke.png")
    )
    document = get_document_model().objects.create(
        title="Protokoll", file=ContentFile(b"Protokoll", name="protokoll.txt")
    )
    world["document"] = document
    world["document_filename"] = document.filename
    world["uploaded_file"] = UploadedFile.objects.create(
        file=ContentFile(_png(), name="upload.png"),
        for_content_type=ContentType.objects.get_for_model(get_image_model()),
        uploaded_by_user=admin,
    )
    world["redirect"] = Redirect.objects.create(old_path="/alt", redirect_link="/ideen/")
    world["editing_session"] = EditingSession.objects.create(
        user=admin,
        content_type=ContentType.objects.get_for_model(Page),
        object_id=str(content.pk),
        last_seen_at=timezone.now(),
    )
    return world


def rollback_world(django_db_blocker, tmp_path_factory):
    """A module fixture's body: the world built once, in a transaction rolled back at the
    end of the module; each test's own transaction nests inside (``db``)."""
    from django.db import transaction
    from django.test import override_settings

    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("walk-media")),
        transaction.atomic(),
    ):
        world = build_world()
        yield world
        transaction.set_rollback(True)


# --- Sending ---------------------------------------------------------------------------------


class Walker:
    """A test client that sends each request in a savepoint rolled back afterwards, with the
    session cookie of before: a POST that deletes or logs out leaves the world as it was for
    the next URL. Rate-limit counters are cleared so every request reaches the view."""

    def __init__(self, user=None, *, rollback=True, **client_options):
        from django.test import Client

        self.rollback = rollback
        client_options.setdefault("raise_request_exception", False)
        self.client = Client(**client_options)
        if user is not None:
            self.client.force_login(user)
        self.cookies = self.client.cookies
        self.sent = 0

    def send(self, method, path, data=None, **extra):
        from http.cookies import SimpleCookie

        from django.core.cache import cache
        from django.db import transaction

        cache.clear()
        saved = SimpleCookie()
        saved.load(self.cookies.output(header="", sep=";"))
        self.sent += 1
        with transaction.atomic():
            call = getattr(self.client, method.lower())
            if method in ("GET", "HEAD", "POST"):
                response = call(path, data or {}, **extra)
            else:  # PUT, PATCH, DELETE: a form body as a script would send it
                response = call(
                    path,
                    urlencode(data or {}, doseq=True),
                    content_type="application/x-www-form-urlencoded",
                    **extra,
                )
            transaction.set_rollback(self.rollback)
        self.client.cookies = saved
        self.cookies = saved
        return response


def row_counts():
    """Rows per table of every model: what a refused request must leave unchanged."""
    from django.apps import apps

    return {
        model._meta.db_table: model._default_manager.using("default").count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def body(response):
    """The answer's bytes, also of a streaming (file) response."""
    if response.streaming:
        from django.core.signals import request_finished
        from django.db import close_old_connections

        content = b"".join(response.streaming_content)
        # Closing the response sends request_finished, which would close the database
        # connection in the middle of the test's transaction (PostgreSQL); the test client
        # does the same while it handles a request.
        request_finished.disconnect(close_old_connections)
        try:
            response.close()
        finally:
            request_finished.connect(close_old_connections)
        return content
    return response.content
