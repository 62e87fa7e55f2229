from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from participation import sections
from participation.pagination import page_number, page_rows
from participation.ratelimit import hit
from participation.views import rate_limited
from reports.forms import ReportForm

from . import notifications, permissions, services
from .forms import IdeaFilterForm, IdeaForm, read_pending_image
from .models import Follow, Idea, OfficialAnswer, ParticipationSettings, Support
from .similar import similar_ideas

PAGE_SIZE = 20
# How deep the list can be paged: OFFSET reads and drops every row before a page, so page 500
# of 100k ideas took twice as long as page 1. Deeper pages ask to narrow the list instead.
MAX_LIST_PAGES = 50

ORDERINGS = {
    "neu": ("-created", "-id"),
    "unterstuetzt": ("-support_count", "-id"),
    "kommentiert": ("-comment_count", "-id"),
    "trend": ("-recent_support_count", "-support_count", "-id"),
}


def _threshold(request):
    return ParticipationSettings.current().effective_threshold()


def idea_list(request):
    form = IdeaFilterForm(request.GET or None)
    ideas = Idea.objects.public().for_cards()
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        if data.get("thema"):
            ideas = ideas.filter(topic=data["thema"])
            filters["thema"] = data["thema"].slug
        if data.get("bezirk"):
            ideas = ideas.filter(district=data["bezirk"])
            filters["bezirk"] = data["bezirk"].slug
        if data.get("status"):
            ideas = ideas.filter(status=data["status"])
            filters["status"] = data["status"]
        if data.get("q"):
            query = data["q"].strip()
            ideas = ideas.filter(
                Q(title__icontains=query) | Q(text__icontains=query) | Q(reference__iexact=query)
            )
            filters["q"] = query
        sort = data.get("sortierung") or "neu"
    else:
        sort = "neu"
    if sort != "neu":
        filters["sortierung"] = sort
    ideas = ideas.order_by(*ORDERINGS[sort])

    # One extra row tells whether there is a next page: no COUNT(*) unless past the end.
    requested = page_number(request)
    too_deep = requested > MAX_LIST_PAGES and _reaches_past(ideas, MAX_LIST_PAGES)
    if too_deep:
        rows, page, has_next = [], requested, False
    else:
        rows, page, has_next = page_rows(ideas, requested, PAGE_SIZE)
    at_depth_limit = has_next and page >= MAX_LIST_PAGES
    threshold = _threshold(request)
    for idea in rows:
        idea.progress = idea.progress_percent(threshold)

    def page_url(number):

        params = dict(filters)
        if number > 1:
            params["seite"] = number
        query = urlencode(params)
        return f"?{query}" if query else request.path

    context = {
        "form": form,
        "ideas": rows,
        "threshold": threshold,
        "page": page,
        "has_next": has_next,
        "next_url": page_url(page + 1) if has_next and not at_depth_limit else None,
        "previous_url": page_url(min(page - 1, MAX_LIST_PAGES)) if page > 1 else None,
        "too_deep": too_deep,
        "at_depth_limit": at_depth_limit,
        "max_pages": MAX_LIST_PAGES,
        "first_url": page_url(1),
        "last_allowed_url": page_url(MAX_LIST_PAGES),
        "is_filtered": bool(set(filters) - {"sortierung"}),
        "can_propose": permissions.can_propose(request.user),
    }
    return render(request, "ideas/idea_list.html", context)


def _reaches_past(ideas, pages):
    """Whether the list has more than ``pages`` pages: one row read at that depth (cheap,
    the deepest OFFSET the list allows anyway)."""
    start = pages * PAGE_SIZE
    return ideas[start : start + 1].exists()


def _to_merged_target(request, idea):
    """A merged idea's page: say where it went and why, then show the idea it is part of."""
    target = idea.merged_into
    messages.info(
        request,
        _(
            "Sie wurden weitergeleitet: Die Idee „%(source)s“ (%(reference)s) ist "
            "zusammengeführt mit „%(target)s“. Begründung der Redaktion: %(note)s"
        )
        % {
            "source": idea.title,
            "reference": idea.reference or idea.pk,
            "target": target.title,
            "note": idea.merge_note,
        },
    )
    return redirect(target, permanent=True)


def idea_detail(request, pk, slug):
    idea = permissions.get_visible_idea_or_404(request, pk, merged=True, with_viewer=True)
    if idea.merged_into_id:
        return _to_merged_target(request, idea)
    if slug != idea.slug:
        return redirect(idea, permanent=True)
    user = request.user
    rules = ParticipationSettings.current()
    threshold = rules.effective_threshold()
    answer = OfficialAnswer.objects.filter(idea=idea).first()
    context = {
        "idea": idea,
        "threshold": threshold,
        "progress": idea.progress_percent(threshold),
        "remaining": max(0, threshold - idea.support_count),
        "days_left": idea.days_left(),
        "history": idea.status_changes.all(),
        "merged_ideas": idea.merged_ideas.order_by("merged_at", "id"),
        "criteria_text": rules.display_criteria_text,
        "answer": answer,
        "has_supported": idea.viewer_supports,
        "is_following": idea.viewer_follows,
        "can_support": permissions.can_support(user, idea),
        "can_edit": permissions.can_edit(user, idea),
        "can_withdraw_idea": permissions.can_withdraw_idea(user, idea),
        "can_report": permissions.can_report(user, idea),
        "can_follow": permissions.can_follow(user),
        "is_own": user.is_authenticated and idea.author_id == user.pk,
        "absolute_url": settings.SITE_URL + idea.get_absolute_url(),
    }
    context["sections"] = sections.collect(sections.IDEA_PAGE_SECTIONS, request, idea)
    return render(request, "ideas/idea_detail.html", context)


def _require_participant(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_propose(request.user):
        return render(request, "ideas/verify_first.html", status=403)
    return None


def idea_create(request):
    refused = _require_participant(request)
    if refused:
        return refused
    action = request.POST.get("action", "preview")
    if request.method != "POST":
        form = IdeaForm(user=request.user, call=request.GET.get("aufruf"))
        return render(request, "ideas/idea_form.html", {"form": form})
    form = IdeaForm(request.POST, request.FILES, user=request.user)
    valid = form.is_valid()
    pending = form.keep_image()  # also after a failed submit; refused over the quota
    if not valid or form.errors:
        return render(
            request,
            "ideas/idea_form.html",
            {"form": form, "pending_token": pending, "kept_image": form.kept_image_name},
            status=200,
        )
    data = form.cleaned_data
    if action == "edit":
        return render(
            request,
            "ideas/idea_form.html",
            {"form": form, "pending_token": pending, "kept_image": form.kept_image_name},
        )
    if action != "publish":
        similar = similar_ideas(data["title"], data["text"])
        return render(
            request,
            "ideas/idea_confirm.html",
            {
                "form": form,
                "data": data,
                "similar": similar,
                "pending_token": pending,
                "kept_image": form.kept_image_name,
            },
        )
    image = None
    if form.kept_image is not None:
        stored = form.kept_image.file
        image = stored.storage.open(stored.name)
        image.name = stored.name.rsplit("/", 1)[-1]
    try:
        idea = services.create_idea(
            request.user,
            title=data["title"],
            text=data["text"],
            summary_easy=data.get("summary_easy") or "",
            topic=data["topic"],
            district=data["district"],
            place=data.get("place") or "",
            image=image,
            image_alt=data.get("image_alt") or "",
            call=data.get("call"),
        )
    except services.IdeaError as error:
        messages.error(request, error.message)
        return render(
            request,
            "ideas/idea_form.html",
            {"form": form, "pending_token": pending, "kept_image": form.kept_image_name},
            status=429 if isinstance(error, services.DailyLimitReached) else 403,
        )
    finally:
        if image is not None:
            image.close()
    if form.kept_image is not None:
        form.kept_image.delete()
    if idea.status == Idea.Status.SUBMITTED:
        messages.success(
            request, _("Danke! Ihre Idee wird von der Redaktion geprüft und dann veröffentlicht.")
        )
    else:
        messages.success(
            request, _("Danke! Ihre Idee ist veröffentlicht und sammelt jetzt Unterstützung.")
        )
    return redirect(idea)


PENDING_IMAGE_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp"}


def pending_image(request, token):
    """The image of a proposal not yet published, for its preview: only to the account that
    uploaded it (the signed token names it and the account), never cached; 404 to anyone else."""
    if not request.user.is_authenticated:
        raise Http404
    image = read_pending_image(token, request.user)
    if image is None:
        raise Http404
    extension = image.file.name.rsplit(".", 1)[-1].lower()
    if extension not in PENDING_IMAGE_TYPES:
        raise Http404
    try:
        handle = image.file.storage.open(image.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=PENDING_IMAGE_TYPES[extension])
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Content-Disposition"] = "inline"
    return response


def idea_edit(request, pk):
    refused = _require_participant(request)
    if refused:
        return refused
    idea = permissions.get_visible_idea_or_404(request, pk)
    if not permissions.can_edit(request.user, idea):
        return render(request, "403.html", status=403)
    if request.method == "POST":
        form = IdeaForm(request.POST, request.FILES, instance=idea, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            fields = {
                name: data[name]
                for name in (
                    "title",
                    "text",
                    "summary_easy",
                    "topic",
                    "district",
                    "place",
                    "image_alt",
                )
            }
            fields["remove_image"] = data.get("remove_image", False)
            if form.cleaned_image:
                fields["image"] = form.cleaned_image
            try:
                services.update_idea(request.user, idea, **fields)
            except services.IdeaError as error:
                messages.error(request, error.message)
                return redirect(idea)
            messages.success(request, _("Ihre Änderungen sind gespeichert."))
            return redirect(idea)
    else:
        # Re-read from the database: the idea object may carry form-modified values.
        form = IdeaForm(instance=idea, user=request.user)
    return render(request, "ideas/idea_form.html", {"form": form, "idea": idea})


def _back(idea):
    return redirect(idea.get_absolute_url() + "#unterstuetzen")


def _support_request(request, pk, login_next):
    """The idea a support (or its withdrawal) is about, or the response that refuses it:
    the login page for visitors, 429 once the rate limit is used up."""
    if not request.user.is_authenticated:
        return None, redirect_to_login(login_next)
    idea = permissions.get_visible_idea_or_404(request, pk, merged=True)
    if not hit(f"support:{request.user.pk}", settings.RATE_LIMIT_SUPPORT):
        return idea, rate_limited(request, "support")
    return idea, None


@require_POST
def support(request, pk):
    login_next = reverse("ideas:detail", kwargs={"pk": pk, "slug": "idee"})
    idea, refused = _support_request(request, pk, login_next)
    if refused:
        return refused
    try:
        services.support_idea(request.user, idea)
    except services.AlreadySupported as error:
        messages.info(request, error.message)
        return _back(idea)
    except services.IdeaError as error:
        messages.error(request, error.message)
        return _back(idea)
    if idea.merged_into_id:
        messages.success(
            request,
            _(
                "Danke für Ihre Unterstützung! Diese Idee ist mit einer anderen zusammengeführt "
                "worden; Ihre Unterstützung zählt dort."
            ),
        )
    else:
        messages.success(request, _("Danke für Ihre Unterstützung!"))
    return _back(idea)


@require_http_methods(["GET", "POST"])
def withdraw_support(request, pk):
    if request.method == "GET":
        # The confirmation page, for browsers without JavaScript (the idea page's link opens
        # the same form as a dialog otherwise).
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        idea = permissions.get_visible_idea_or_404(request, pk, merged=True)
        supported = Support.objects.filter(idea=idea, user=request.user).exists()
        if not (supported and idea.is_collecting):
            return _back(idea)
        return render(request, "ideas/idea_withdraw_support.html", {"idea": idea})
    idea, refused = _support_request(request, pk, reverse("ideas:list"))
    if refused:
        return refused
    try:
        withdrawn = services.withdraw_support(request.user, idea)
    except services.IdeaError as error:
        messages.error(request, error.message)
        return _back(idea)
    if withdrawn:
        messages.success(request, _("Ihre Unterstützung wurde zurückgenommen."))
    return _back(idea)


@require_POST
def follow(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("ideas:list"))
    idea = permissions.get_visible_idea_or_404(request, pk, merged=True)
    if idea.merged_into_id:
        # A page open from before the merge: following it means following where it went.
        idea = idea.merged_into
    if request.POST.get("action") == "unfollow":
        services.unfollow(request.user, idea)
        messages.success(request, _("Sie folgen dieser Idee nicht mehr."))
    else:
        services.follow(request.user, idea)
        messages.success(request, _("Sie folgen dieser Idee und erhalten Neuigkeiten per E-Mail."))
    return redirect(idea)


def report(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    idea = permissions.get_visible_idea_or_404(request, pk)
    if not permissions.can_report(request.user, idea):
        return render(request, "403.html", status=403)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not hit(f"report:{request.user.pk}", settings.RATE_LIMIT_REPORT):
            return rate_limited(request, "report")
        created = services.report_idea(
            request.user, idea, form.cleaned_data["reason"], form.cleaned_data.get("note") or ""
        )
        if created:
            messages.success(request, _("Danke für Ihre Meldung. Die Redaktion prüft sie."))
        else:
            messages.info(request, _("Sie haben diese Idee bereits gemeldet."))
        return redirect(idea)
    return render(request, "ideas/idea_report.html", {"idea": idea, "form": form})


@require_http_methods(["GET", "POST"])
def withdraw_idea(request, pk):
    if not request.user.is_authenticated:
        if request.method == "GET":
            return redirect_to_login(request.get_full_path())
        return redirect_to_login(reverse("ideas:list"))
    idea = permissions.get_visible_idea_or_404(request, pk)
    if request.method == "GET":
        # The confirmation page without JavaScript (with it, a dialog on the idea page).
        if not permissions.can_withdraw_idea(request.user, idea):
            return redirect(idea)
        return render(request, "ideas/idea_withdraw.html", {"idea": idea})
    try:
        services.withdraw_idea(request.user, idea)
    except services.IdeaError as error:
        messages.error(request, error.message)
        return redirect(idea)
    messages.success(request, _("Ihre Idee wurde zurückgezogen."))
    return redirect(idea)


@csrf_exempt  # The signed token is the credential; mail clients post here (RFC 8058).
def unsubscribe(request, token):
    try:
        user_id, idea_id = notifications.read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, "ideas/unsubscribe.html", {"invalid": True}, status=400)
    user = get_object_or_404(get_user_model(), pk=user_id)
    idea = Idea.objects.filter(pk=idea_id).first() if idea_id else None
    if request.method == "POST":
        scope = request.POST.get("scope") or ("idea" if idea else "all")
        if scope == "idea" and idea is not None:
            Follow.objects.filter(user=user, idea=idea).delete()
        else:
            user.notify = get_user_model().Notify.NONE
            user.save(update_fields=["notify"])
        return render(
            request, "ideas/unsubscribe.html", {"done": True, "scope": scope, "idea": idea}
        )
    return render(request, "ideas/unsubscribe.html", {"idea": idea, "token": token})
