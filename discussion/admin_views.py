"""The editors' comment moderation queue in the Wagtail admin ("Beteiligung" → "Kommentare").

Filters (state, reason), bulk hide and restore (moderators, ``admin_views.can_moderate``),
and marking an editor's comment as the city's official answer (editors,
``admin_views.can_answer``). Every change goes through ``discussion.services``; only those two
roles, with admin access, get here, and each sees and may post only its own actions.
"""

from collections import Counter

from django import forms
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin import messages
from wagtail.log_actions import log

from ideas.admin_views import EditorListingView, can_answer, can_moderate
from reports import services as reports
from reports.models import Report

from . import rules, services, targets, threads
from .models import Comment


def admin_url(name="queue"):
    return reverse(f"comments_admin:{name}")


def open_reports_exist(**filters):
    return reports.open_reports_exist(Comment, **filters)


class CommentFilterForm(forms.Form):
    """GET filters. Invalid values are ignored."""

    ATTENTION = "pruefen"
    REPORTED = "gemeldet"
    HIDDEN = "ausgeblendet"
    OFFICIAL = "offiziell"
    ALL = "alle"

    zustand = forms.ChoiceField(
        label=_("Anzeigen"),
        required=False,
        choices=[
            (ATTENTION, _("Zu prüfen (gemeldet oder ausgeblendet)")),
            (REPORTED, _("Mit offenen Meldungen")),
            (HIDDEN, _("Ausgeblendet")),
            (OFFICIAL, _("Offizielle Antworten")),
            (ALL, _("Alle Kommentare")),
        ],
    )
    grund = forms.ChoiceField(
        label=_("Meldegrund"),
        required=False,
        choices=[("", _("alle"))] + list(Report.Reason.choices),
    )


class CommentActionForm(forms.Form):
    HIDE = "hide"
    RESTORE = "restore"
    OFFICIAL = "official"
    UNOFFICIAL = "unofficial"

    action = forms.ChoiceField(
        choices=[
            (HIDE, _("Ausblenden")),
            (RESTORE, _("Wiederherstellen")),
            (OFFICIAL, _("Als offizielle Antwort markieren")),
            (UNOFFICIAL, _("Markierung „offizielle Antwort“ entfernen")),
        ],
        error_messages={"required": _("Bitte wählen Sie eine Aktion.")},
    )
    comments = forms.ModelMultipleChoiceField(
        queryset=Comment.objects.all(),
        error_messages={
            "required": _("Bitte wählen Sie mindestens einen Kommentar aus."),
            "invalid_choice": _("Einer der gewählten Kommentare existiert nicht mehr."),
            "invalid_pk_value": _("Einer der gewählten Kommentare existiert nicht mehr."),
        },
    )

    MODERATION = (HIDE, RESTORE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = (self.MODERATION if can_moderate(user) else ()) + (
            (self.OFFICIAL, self.UNOFFICIAL) if can_answer(user) else ()
        )
        field = self.fields["action"]
        field.choices = [choice for choice in field.choices if choice[0] in allowed]


def can_use_queue(user):
    return can_moderate(user) or can_answer(user)


class CommentModerationView(EditorListingView):
    template_name = "discussion/admin/comment_moderation.html"
    page_title = _("Kommentare")
    header_icon = "comment"
    allowed = staticmethod(can_use_queue)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_filters(self):
        form = CommentFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        return form, filters

    def get_queryset(self, filters):
        queryset = (
            Comment.objects.select_related("user", "content_type")
            .prefetch_related("user__groups", reports.open_reports_prefetch())
            .order_by("-report_count", "-submit_date", "-pk")
        )
        state = filters.get("zustand") or CommentFilterForm.ATTENTION
        hidden = Q(hidden_by_reports=True) | Q(is_public=False)
        if state == CommentFilterForm.ATTENTION:
            queryset = queryset.filter(hidden | Q(report_count__gt=0) | open_reports_exist())
        elif state == CommentFilterForm.REPORTED:
            queryset = queryset.filter(open_reports_exist())
        elif state == CommentFilterForm.HIDDEN:
            queryset = queryset.filter(hidden)
        elif state == CommentFilterForm.OFFICIAL:
            queryset = queryset.filter(is_official=True)
        if filters.get("grund"):
            queryset = queryset.filter(open_reports_exist(reason=filters["grund"]))
        return queryset

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        filter_form, filters = self.get_filters()
        page = self.paginate(self.get_queryset(filters))
        rows = targets.attach_targets(list(page.object_list))
        for comment in rows:
            comment.state = (
                "removed"
                if comment.is_removed
                else ("hidden" if rules.is_hidden(comment) else "visible")
            )
            comment.author_name = threads.author_name(comment)
            comment.reason_counts = Counter(
                report.get_reason_display() for report in comment.open_reports
            ).most_common()
            comment.may_be_official = rules.may_be_official(comment)
            comment.public_url = targets.comment_url(comment) if comment.target is not None else ""
        selected = set()
        if form is not None and form.is_bound:
            selected = {str(pk) for pk in form.data.getlist("comments")}
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update(
            {
                "filter_form": filter_form,
                "page_obj": page,
                "rows": rows,
                "form": form or CommentActionForm(user=self.request.user),
                "selected": selected,
                "filter_query": query.urlencode(),
                "may_moderate": can_moderate(self.request.user),
                "may_answer": can_answer(self.request.user),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        form = CommentActionForm(request.POST, user=request.user)
        if not form.is_valid():
            messages.error(request, _("Bitte prüfen Sie die markierten Angaben."))
            return self.render_to_response(self.get_context_data(form=form))
        selected = list(form.cleaned_data["comments"].select_related("user"))
        action = form.cleaned_data["action"]
        user = request.user
        refused = 0
        if action == CommentActionForm.HIDE:
            count = services.hide_comments(selected, by=user)
            log_action = "ideas.comment_hide"
            message = ngettext(
                "%(count)d Kommentar ausgeblendet.", "%(count)d Kommentare ausgeblendet.", count
            )
        elif action == CommentActionForm.RESTORE:
            count = services.restore_comments(selected, by=user)
            log_action = "ideas.comment_restore"
            message = ngettext(
                "%(count)d Kommentar wiederhergestellt.",
                "%(count)d Kommentare wiederhergestellt.",
                count,
            )
        else:
            official = action == CommentActionForm.OFFICIAL
            count, refused = services.set_official(selected, official, by=user)
            log_action = "ideas.comment_official" if official else "ideas.comment_unofficial"
            message = (
                ngettext(
                    "%(count)d Kommentar als offizielle Antwort markiert.",
                    "%(count)d Kommentare als offizielle Antwort markiert.",
                    count,
                )
                if official
                else ngettext(
                    "Bei %(count)d Kommentar die Markierung entfernt.",
                    "Bei %(count)d Kommentaren die Markierung entfernt.",
                    count,
                )
            )
        if count:
            for comment in selected:
                log(instance=comment, action=log_action, user=user)
        messages.success(request, message % {"count": count})
        if refused:
            messages.warning(
                request,
                ngettext(
                    "%(count)d Kommentar stammt nicht von der Redaktion und kann keine "
                    "offizielle Antwort sein.",
                    "%(count)d Kommentare stammen nicht von der Redaktion und können keine "
                    "offizielle Antwort sein.",
                    refused,
                )
                % {"count": refused},
            )
        return redirect(request.get_full_path())
