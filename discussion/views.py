"""Writing, answering, editing, deleting and reporting comments: plain forms, no JavaScript.

Every view checks the rules on the server (``discussion.rules``), answers refused requests
with a page that says why (403, or 429 for the rate limit) and redirects to the comment's
place on the page (``#c<id>``) after a change, with a message.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import connection
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ideas.services import IdeaError
from participation.accounts.models import user_can_participate
from participation.ratelimit import hit, wait_text, window_seconds
from participation.views import rate_limited
from reports.forms import ReportForm

from . import rules, services, targets, threads
from .forms import CommentForm
from .models import Comment


def _target_or_404(request, kind, pk):
    target = targets.get_target(kind, pk)
    if target is None or not targets.can_view_target(request.user, target, request):
        raise Http404
    return target


def _comment_or_404(request, comment_id):
    # A number beyond the id column's range is no comment (and would crash the query). The
    # primary key is a chain of parent links (Comment -> XtdComment -> django_comments'
    # Comment): the column's type is that of the field at the end of the chain.
    id_field = Comment._meta.pk
    while id_field.is_relation:
        id_field = id_field.target_field
    low, high = connection.ops.integer_field_range(id_field.get_internal_type())
    if not low <= comment_id <= high:
        raise Http404
    comment = get_object_or_404(Comment.objects.select_related("user"), pk=comment_id)
    target = comment.content_object
    if target is None or targets.target_kind(target) is None:
        raise Http404
    if not targets.can_view_target(request.user, target, request):
        raise Http404
    comment.target = target
    return comment


def _answer(request, template, target, status, **context):
    """A page about a comment's target (the form, or why nothing was stored: 403, 429);
    ``target_url`` links back to the target's page unless the context names another."""
    context.setdefault("target_url", targets.target_url(target))
    return render(request, template, {"target": target, **context}, status=status)


def _refused(request, target, message):
    return _answer(request, "discussion/comment_refused.html", target, 403, message=message)


def _refusal(request, target):
    """A response when the user may not write here, else None."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not user_can_participate(user):
        return render(request, "ideas/verify_first.html", status=403)
    if not targets.comments_open(target):
        return _refused(request, target, services.CommentsClosed.default_message)
    return None


def _rate_limited(request, target, text):
    wait = wait_text(window_seconds(settings.RATE_LIMIT_COMMENT))
    template = "discussion/comment_rate_limited.html"
    return _answer(request, template, target, 429, text=text, wait=wait)


def _write(request, target, parent=None):
    """GET shows the form; POST publishes, or shows the form again with errors."""
    refused = _refusal(request, target)
    if refused:
        return refused
    if parent is not None:
        try:
            services.check_reply(parent, target)
        except IdeaError as error:
            return _refused(request, target, error.message)
    label = (
        _("Ihre Antwort an %(name)s") % {"name": threads.author_name(parent)}
        if parent is not None
        else None
    )
    form = CommentForm(request.POST or None, label=label)
    if request.method == "POST":
        if not rules.rate_limit_ok(request.user):
            return _rate_limited(request, target, request.POST.get("text", ""))
        if form.is_valid():
            try:
                comment = services.post_comment(
                    request.user, target, form.cleaned_data["text"], parent=parent
                )
            except IdeaError as error:
                form.add_error("text", error.message)
            else:
                if parent is not None:
                    messages.success(request, _("Danke! Ihre Antwort ist veröffentlicht."))
                else:
                    messages.success(request, _("Danke! Ihr Kommentar ist veröffentlicht."))
                return redirect(targets.comment_url(comment, target))
    if parent is not None:
        parent.author_name = threads.author_name(parent)
    return render(
        request,
        "discussion/comment_form.html",
        {
            "target": target,
            "target_url": targets.target_url(target),
            "parent": parent,
            "form": form,
        },
    )


def comment_create(request, kind, pk):
    """A new comment on an idea (``kind="idee"``) or a pilot page (``kind="pilot"``)."""
    target = _target_or_404(request, kind, pk)
    return _write(request, target)


def comment_reply(request, comment_id):
    parent = _comment_or_404(request, comment_id)
    return _write(request, parent.target, parent=parent)


def comment_permalink(request, comment_id):
    comment = _comment_or_404(request, comment_id)
    return redirect(targets.comment_url(comment, comment.target))


def comment_edit(request, comment_id):
    comment = _comment_or_404(request, comment_id)
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if comment.user_id != user.pk or comment.is_removed:
        return render(request, "403.html", status=403)
    if not rules.can_edit(user, comment):
        return _refused(request, comment.target, services.EditWindowClosed.default_message)
    form = CommentForm(
        request.POST or None, initial={"text": comment.comment}, label=_("Ihr Kommentar")
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_comment(user, comment, form.cleaned_data["text"])
        except services.EditWindowClosed as error:
            return _refused(request, comment.target, error.message)
        except IdeaError as error:
            form.add_error("text", error.message)
        else:
            messages.success(request, _("Ihr Kommentar ist geändert."))
            return redirect(targets.comment_url(comment, comment.target))
    until = comment.submit_date + rules.EDIT_WINDOW
    context = {"comment": comment, "form": form, "edit_until": until}
    return _answer(request, "discussion/comment_edit.html", comment.target, 200, **context)


def comment_delete(request, comment_id):
    comment = _comment_or_404(request, comment_id)
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not rules.can_delete(user, comment):
        return render(request, "403.html", status=403)
    if request.method == "POST":
        services.delete_comment(user, comment)
        messages.success(request, _("Ihr Kommentar ist gelöscht."))
        return redirect(targets.comment_url(comment, comment.target))
    back = targets.comment_url(comment, comment.target)
    template = "discussion/comment_delete.html"
    return _answer(request, template, comment.target, 200, comment=comment, target_url=back)


def comment_report(request, comment_id):
    comment = _comment_or_404(request, comment_id)
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not rules.can_report(user, comment) or rules.is_hidden(comment):
        return render(request, "403.html", status=403)
    form = ReportForm(request.POST or None, auto_id="report-%s")
    if request.method == "POST" and form.is_valid():
        if not hit(f"report:{user.pk}", settings.RATE_LIMIT_REPORT):
            return rate_limited(request, "report")
        created = services.report_comment(
            user, comment, form.cleaned_data["reason"], form.cleaned_data.get("note") or ""
        )
        if created:
            messages.success(request, _("Danke für Ihre Meldung. Die Redaktion prüft sie."))
        else:
            messages.info(request, _("Sie haben diesen Kommentar bereits gemeldet."))
        return redirect(targets.comment_url(comment, comment.target))
    comment.author_name = threads.author_name(comment)
    return render(
        request,
        "discussion/comment_report.html",
        {
            "comment": comment,
            "target": comment.target,
            "target_url": targets.comment_url(comment, comment.target),
            "form": form,
        },
    )
