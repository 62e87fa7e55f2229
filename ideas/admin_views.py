"""The editors' admin: idea listing and editing, moderation, blocking, the city's answer.

``ideas.wagtail_hooks`` wires these into the Wagtail admin. Every state change
goes through ``ideas.services``; the views validate, call and report back.
Two roles, each with admin access: moderators (group Moderators) hide and restore
ideas, settle reports and block or unblock accounts (``can_moderate``); editors (group
Editors) edit content, answer and set the status (``can_answer``). Superusers are both.
"""

from collections import Counter

import django_filters
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import (
    BulkActionsCheckboxColumn,
    Column,
    DateColumn,
    NumberColumn,
    StatusFlagColumn,
)
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import EditView as SnippetEditView
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView

from reports import services as reports

from . import permissions, scoring, services
from .admin_forms import (
    AnswerForm,
    HideForm,
    MergeForm,
    ModerationFilterForm,
    ModerationForm,
    allowed_status_labels,
    transition_message,
)
from .models import Idea, IdeaStatusChange

# Fields editors may change in the admin edit form. Status, counters and author
# are not among them: those change only through the services.
IDEA_EDITABLE_FIELDS = ("title", "text", "summary_easy", "topic", "district", "place", "image_alt")


def can_moderate(user):
    """Moderators with access to the Wagtail admin; editors alone, researchers and residents
    are not."""
    return bool(permissions.is_moderator(user) and user.has_perm("wagtailadmin.access_admin"))


def can_answer(user):
    """Editors with access to the Wagtail admin: answers, status, content."""
    return bool(permissions.is_editor(user) and user.has_perm("wagtailadmin.access_admin"))


ANSWER_LABEL = _("Antworten / Status")
MERGE_LABEL = _("Zusammenführen")


def editor_buttons(request, buttons, *extra, allowed=can_answer):
    """Wagtail's buttons, plus ``extra`` for those ``allowed`` (editors unless told)."""
    buttons = list(buttons)
    if allowed(request.user):
        buttons.extend(extra)
    return buttons


class EditorRequiredMixin:
    """Refuse everyone but those ``allowed`` (editors unless told). Wagtail turns
    PermissionDenied into a redirect."""

    allowed = staticmethod(can_answer)

    def dispatch(self, request, *args, **kwargs):
        if not self.allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ModeratorRequiredMixin(EditorRequiredMixin):
    allowed = staticmethod(can_moderate)


def admin_url(name, *args):
    return reverse(f"ideas_admin:{name}", args=args)


def idea_edit_url(idea):
    return reverse(Idea.snippet_viewset.get_url_name("edit"), args=[idea.pk])


def idea_list_url():
    return reverse(Idea.snippet_viewset.get_url_name("list"))


# --- Moderation (shared by the bulk actions and the moderation queue) -------------------


def hide_ideas(ideas, *, by, reason):
    """Hide each idea with ``reason`` (shown to its author). Returns how many changed."""
    hidden = 0
    for idea in ideas:
        if idea.hidden:
            continue
        services.hide_idea(idea, by=by, reason=reason)
        log(instance=idea, action="ideas.hide", user=by, data={"reason": reason})
        hidden += 1
    return hidden


def restore_ideas(ideas, *, by):
    """Show each idea again and close its open reports. Returns how many changed."""
    restored = 0
    for idea in ideas:
        has_reports = idea.report_count or idea.reports.filter(resolved=False).exists()
        if not idea.hidden and not has_reports:
            continue
        services.restore_idea(idea, by=by)
        log(instance=idea, action="ideas.restore", user=by)
        restored += 1
    return restored


def open_reports_exist(**filters):
    return reports.open_reports_exist(Idea, **filters)


class IdeaPermissionPolicy(ModelPermissionPolicy):
    """Ideas are written by residents on the site: the admin never adds them.

    Everything else needs the model permission and an editorial role: Editors view and
    change (``ideas.0002_editor_permissions``), Moderators only view, for the listing's hide
    and restore (``ideas.0003_moderator_permissions``).
    """

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return permissions.is_editorial(user) and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a != "add"])


# --- The idea listing and edit form ------------------------------------------------------


class IdeaFilterSet(WagtailFilterSet):
    reported = django_filters.BooleanFilter(
        label=_("Offene Meldungen"), method="filter_reported", widget=BooleanRadioSelect
    )

    class Meta:
        model = Idea
        fields = ["status", "topic", "district", "hidden"]

    def filter_reported(self, queryset, name, value):
        if value is None:
            return queryset
        if value:
            return queryset.filter(open_reports_exist())
        return queryset.exclude(open_reports_exist())


IDEA_SEARCH_FIELDS = ("title", "text", "reference")


def search_ideas(queryset, query):
    """Plain ``icontains`` over title, text and reference (the index has no reference)."""
    condition = Q()
    for field in IDEA_SEARCH_FIELDS:
        condition |= Q(**{f"{field}__icontains": query})
    return queryset.filter(condition)


class IdeaIndexView(SnippetIndexView):
    @cached_property
    def columns(self):
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="snippet"),
            Column("reference", label=_("Aktenzeichen"), sort_key="reference"),
            self._get_title_column("title"),
            Column("status", accessor="get_status_display", label=_("Status"), sort_key="status"),
            Column("topic", label=_("Thema"), sort_key="topic__name"),
            Column("district", label=_("Stadtbezirk"), sort_key="district__name"),
            NumberColumn("support_count", label=_("Unterstützungen"), sort_key="support_count"),
            NumberColumn("comment_count", label=_("Kommentare"), sort_key="comment_count"),
            NumberColumn("report_count", label=_("Meldungen"), sort_key="report_count"),
            StatusFlagColumn("hidden", label=_("Sichtbarkeit"), true_label=_("ausgeblendet")),
            DateColumn("created", label=_("erstellt"), sort_key="created"),
        ]

    def get_list_more_buttons(self, instance):
        answer = MenuItem(ANSWER_LABEL, admin_url("answer", instance.pk), "comment", priority=15)
        return editor_buttons(self.request, super().get_list_more_buttons(instance), answer)

    @cached_property
    def header_more_buttons(self):
        moderation = Button(
            _("Moderation"), url=admin_url("moderation"), icon_name="warning", priority=50
        )
        return editor_buttons(
            self.request, super().header_more_buttons, moderation, allowed=can_moderate
        )


class IdeaEditView(SnippetEditView):
    """Editors correct content; the change goes through ``services.update_idea``."""

    @cached_property
    def header_buttons(self):
        answer = HeaderButton(
            ANSWER_LABEL, url=admin_url("answer", self.object.pk), icon_name="comment"
        )
        merge = HeaderButton(
            MERGE_LABEL, url=admin_url("merge", self.object.pk), icon_name="resubmit"
        )
        return editor_buttons(self.request, super().header_buttons, answer, merge)

    def save_instance(self):
        fields = {
            name: self.form.cleaned_data[name]
            for name in IDEA_EDITABLE_FIELDS
            if name in self.form.cleaned_data
        }
        idea = services.update_idea(self.request.user, self.object, **fields)
        log(
            instance=idea,
            action="wagtail.edit",
            user=self.request.user,
            content_changed=self.form.has_changed(),
        )
        return idea


# --- Bulk actions in the idea listing -----------------------------------------------------


class IdeaBulkAction(SnippetBulkAction):
    models = [Idea]
    template_name = "ideas/admin/bulk_actions/idea_moderate.html"
    action_button_class = ""

    def dispatch(self, request, *args, **kwargs):
        if not can_moderate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def check_perm(self, obj):
        return can_moderate(self.request.user)

    @classmethod
    def get_queryset(cls, model, object_ids):
        if isinstance(object_ids, list | tuple):
            object_ids = [pk for pk in object_ids if str(pk).isdigit()]
        return list(model.objects.filter(pk__in=object_ids).order_by("-created", "-id"))

    def get_all_objects_in_listing_query(self, parent_id):
        """Select all in listing applies the listing's filters and search, not the whole table."""
        queryset = IdeaFilterSet(self.request.GET, queryset=Idea.objects.all()).qs
        if query := self.request.GET.get("q", "").strip():
            queryset = search_ideas(queryset, query)
        return queryset.values_list("pk", flat=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_button_text"] = self.confirm_label
        context["intro"] = self.intro
        return context

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}


class HideIdeasBulkAction(IdeaBulkAction):
    display_name = _("Ausblenden")
    action_type = "hide"
    aria_label = _("Ausgewählte Ideen ausblenden")
    action_priority = 10
    form_class = HideForm
    action_button_class = "serious"
    confirm_label = _("Ja, ausblenden")
    intro = _(
        "Diese Ideen werden öffentlich ausgeblendet. Die Verfasserinnen und Verfasser "
        "werden mit dem Grund benachrichtigt."
    )

    def get_execution_context(self):
        return {
            **super().get_execution_context(),
            "reason": self.cleaned_form.cleaned_data["reason"],
        }

    @classmethod
    def execute_action(cls, objects, user=None, reason="", **kwargs):
        return hide_ideas(objects, by=user, reason=reason), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d Idee ausgeblendet.", "%(count)d Ideen ausgeblendet.", num_parent_objects
        ) % {"count": num_parent_objects}


class RestoreIdeasBulkAction(IdeaBulkAction):
    display_name = _("Wiederherstellen")
    action_type = "restore"
    aria_label = _("Ausgewählte Ideen wieder anzeigen und Meldungen schließen")
    action_priority = 20
    confirm_label = _("Ja, wiederherstellen")
    intro = _(
        "Diese Ideen werden wieder öffentlich angezeigt; ihre offenen Meldungen gelten "
        "als erledigt."
    )

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        return restore_ideas(objects, by=user), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d Idee wiederhergestellt.",
            "%(count)d Ideen wiederhergestellt.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


# --- The moderation queue -------------------------------------------------------------------


class EditorAdminView(EditorRequiredMixin, WagtailAdminTemplateMixin):
    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": idea_list_url(), "label": _("Ideen")},
            {"url": "", "label": self.get_page_title()},
        ]


class EditorListingView(EditorAdminView, TemplateView):
    """An editors' listing, paginated by ``?p=`` (50 rows a page unless ``per_page`` says)."""

    per_page = 50

    def paginate(self, queryset):
        return Paginator(queryset, self.per_page).get_page(self.request.GET.get("p"))


class ModerationQueueView(ModeratorRequiredMixin, EditorListingView):
    template_name = "ideas/admin/idea_moderation.html"
    page_title = _("Moderation")
    header_icon = "warning"

    def get_filter_form(self):
        form = ModerationFilterForm(self.request.GET or None)
        return form

    def get_queryset(self, filters):
        queryset = (
            Idea.objects.filter(Q(hidden=True) | Q(report_count__gt=0) | open_reports_exist())
            .select_related("author", "topic", "district")
            .prefetch_related(reports.open_reports_prefetch())
            .order_by("-report_count", "-created", "-id")
        )
        if filters.get("hidden") == "yes":
            queryset = queryset.filter(hidden=True)
        elif filters.get("hidden") == "no":
            queryset = queryset.filter(hidden=False)
        if filters.get("reason"):
            queryset = queryset.filter(open_reports_exist(reason=filters["reason"]))
        return queryset

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        filter_form = self.get_filter_form()
        filters = filter_form.cleaned_data if filter_form.is_valid() else {}
        page = self.paginate(self.get_queryset(filters))
        for idea in page:
            idea.reason_counts = Counter(
                report.get_reason_display() for report in idea.open_reports
            ).most_common()
        selected = set()
        if form is not None and form.is_bound:
            selected = {str(pk) for pk in form.data.getlist("ideas")}
        context.update(
            {
                "filter_form": filter_form,
                "page_obj": page,
                "ideas": page.object_list,
                "form": form or ModerationForm(),
                "selected": selected,
                "filter_query": self.filter_query(),
                "can_answer": can_answer(self.request.user),
            }
        )
        return context

    def filter_query(self):
        query = self.request.GET.copy()
        query.pop("p", None)
        return query.urlencode()

    def post(self, request, *args, **kwargs):
        form = ModerationForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Bitte prüfen Sie die markierten Angaben."))
            return self.render_to_response(self.get_context_data(form=form))
        ideas = form.cleaned_data["ideas"]
        if form.cleaned_data["action"] == ModerationForm.HIDE:
            count = hide_ideas(ideas, by=request.user, reason=form.cleaned_data["reason"])
            message = ngettext(
                "%(count)d Idee ausgeblendet.", "%(count)d Ideen ausgeblendet.", count
            )
        else:
            count = restore_ideas(ideas, by=request.user)
            message = ngettext(
                "%(count)d Idee wiederhergestellt.", "%(count)d Ideen wiederhergestellt.", count
            )
        unchanged = len(ideas) - count
        messages.success(request, message % {"count": count})
        if unchanged:
            messages.warning(
                request,
                ngettext(
                    "%(count)d Idee war schon in diesem Zustand.",
                    "%(count)d Ideen waren schon in diesem Zustand.",
                    unchanged,
                )
                % {"count": unchanged},
            )
        return redirect(request.get_full_path())


class BlockAccountView(ModeratorRequiredMixin, EditorAdminView, TemplateView):
    """Confirm, then block an idea's author (``services.block_account``); a blocked account
    is unblocked on the same page (``services.unblock_account``)."""

    template_name = "ideas/admin/user_block.html"
    page_title = _("Konto sperren")
    header_icon = "lock"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.account = get_object_or_404(get_user_model(), pk=kwargs["user_id"])

    def get_next_url(self):
        """A same-site path from ``next``, else the moderation queue. ``redirect()`` would take
        a value without a slash for a URL name and fail on it."""
        next_url = get_valid_next_url_from_request(self.request)
        return next_url if next_url.startswith("/") else admin_url("moderation")

    def refusal(self):
        if self.account.pk == self.request.user.pk:
            return _("Sie können Ihr eigenes Konto nicht sperren.")
        if self.account.is_superuser or permissions.is_editorial(self.account):
            return _("Konten der Redaktion können hier nicht gesperrt werden.")
        if self.account.deleted_at:
            return _("Dieses Konto ist gelöscht.")
        return ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "account": self.account,
                "idea_count": Idea.objects.filter(author=self.account).count(),
                "refusal": self.refusal(),
                "next_url": self.get_next_url(),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        if refusal := self.refusal():
            messages.error(request, refusal)
        elif "unblock" in request.POST:
            self.unblock()
        elif not self.account.is_active:
            messages.warning(request, _("Dieses Konto ist bereits gesperrt."))
        else:
            services.block_account(self.account, by=request.user)
            log(instance=self.account, action="ideas.block_account", user=request.user)
            messages.success(
                request,
                _("Das Konto „%(name)s“ ist gesperrt.") % {"name": self.account.public_name},
            )
        return redirect(self.get_next_url())

    def unblock(self):
        if self.account.is_active:
            messages.warning(self.request, _("Dieses Konto ist nicht gesperrt."))
            return
        services.unblock_account(self.account, by=self.request.user)
        log(instance=self.account, action="ideas.unblock_account", user=self.request.user)
        messages.success(
            self.request,
            _("Das Konto „%(name)s“ ist wieder freigegeben.") % {"name": self.account.public_name},
        )


class BlockedAccountsView(ModeratorRequiredMixin, EditorListingView):
    """Blocked accounts (inactive, not deleted), each linked to its page for unblocking."""

    template_name = "ideas/admin/blocked_accounts.html"
    page_title = _("Gesperrte Konten")
    header_icon = "lock"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        blocked = (
            get_user_model()
            .objects.filter(is_active=False, deleted_at__isnull=True)
            .annotate(idea_count=Count("ideas"))
        )
        context["page_obj"] = self.paginate(blocked.order_by("display_name", "pk"))
        return context


# --- The city's answer and the status ----------------------------------------------------------


class IdeaFormAdminView(EditorAdminView, FormView):
    """An editor's form about one idea (``/admin/beteiligung/ideen/<pk>/…/``), under the idea
    in the breadcrumbs; ``form_idea_kwarg`` names the form's argument for the idea."""

    idea_queryset = Idea.objects.select_related("author")
    form_idea_kwarg = "idea"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.idea = get_object_or_404(self.idea_queryset, pk=kwargs["pk"])

    def get_page_subtitle(self):
        return self.idea.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": idea_list_url(), "label": _("Ideen")},
            {"url": idea_edit_url(self.idea), "label": self.idea.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), self.form_idea_kwarg: self.idea}


class IdeaAnswerView(IdeaFormAdminView):
    template_name = "ideas/admin/idea_answer.html"
    form_class = AnswerForm
    page_title = _("Antworten / Status")
    header_icon = "comment"
    idea_queryset = Idea.objects.select_related("author", "topic", "district")

    def get_success_url(self):
        return admin_url("answer", self.idea.pk)

    def allowed_statuses(self):
        return allowed_status_labels(self.idea)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "idea": self.idea,
                "answer": context["form"].answer,
                "history": IdeaStatusChange.objects.filter(idea=self.idea).select_related(
                    "changed_by"
                ),
                "allowed_statuses": self.allowed_statuses(),
                "edit_url": idea_edit_url(self.idea),
                "scale_summary": scoring.SCALE_SUMMARY,
            }
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        editor = self.request.user
        try:
            if form.answer_changed:
                services.answer_idea(
                    self.idea,
                    editor,
                    text=data["text"],
                    status=data["status"] if form.status_changed else None,
                    scores=form.scores,
                    status_note=data["status_note"],
                )
                log(instance=self.idea, action="ideas.answer", user=editor)
            else:
                services.change_status(
                    self.idea, data["status"], by=editor, note=data["status_note"]
                )
        except services.InvalidTransition:
            form.add_error("status", self.transition_error())
            return self.form_invalid(form)
        except services.IdeaError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        if form.status_changed:
            log(
                instance=self.idea,
                action="ideas.status",
                user=editor,
                data={"status": data["status"], "note": data["status_note"]},
            )
        messages.success(self.request, _("Gespeichert und veröffentlicht."))
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        messages.error(self.request, _("Bitte prüfen Sie die markierten Angaben."))
        return super().form_invalid(form)

    def transition_error(self):
        return transition_message(self.idea)


# --- Merging duplicates ------------------------------------------------------------------------


class IdeaMergeView(IdeaFormAdminView):
    """Merge this idea into another: choose it and a public note, confirm what will happen."""

    template_name = "ideas/admin/idea_merge.html"
    form_class = MergeForm
    page_title = MERGE_LABEL
    header_icon = "resubmit"
    form_idea_kwarg = "source"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "idea": self.idea,
                "refusal": services.merge_source_refusal(self.idea),
                "edit_url": idea_edit_url(self.idea),
            }
        )
        return context

    def form_valid(self, form):
        target = form.cleaned_data["target_idea"]
        if self.request.POST.get("confirm") != "yes":
            plan = services.MergePlan(self.idea, target)
            return self.render_to_response(self.get_context_data(form=form, plan=plan))
        try:
            plan = services.merge_ideas(
                self.idea, target, by=self.request.user, note=form.cleaned_data["note"]
            )
        except services.IdeaError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        log(
            instance=self.idea,
            action="ideas.merge",
            user=self.request.user,
            data={"target": target.pk, "note": form.cleaned_data["note"]},
        )
        count = plan.target.support_count
        message = ngettext(
            "„%(source)s“ ist mit „%(target)s“ zusammengeführt; sie hat jetzt %(count)d "
            "Unterstützung.",
            "„%(source)s“ ist mit „%(target)s“ zusammengeführt; sie hat jetzt %(count)d "
            "Unterstützungen.",
            count,
        )
        messages.success(
            self.request,
            message % {"source": self.idea.title, "target": target.title, "count": count},
        )
        return redirect(idea_edit_url(target))

    def form_invalid(self, form):
        messages.error(self.request, _("Bitte prüfen Sie die markierten Angaben."))
        return super().form_invalid(form)
