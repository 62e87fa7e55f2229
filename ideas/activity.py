"""The ideas' part of "Meine Beteiligung": the person's ideas, supports and follows."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from participation.sections import ActivityEntry, activity_section

from . import permissions
from .models import Follow, Idea, Support


def idea_status(idea):
    """The state of an idea as the person sees it on its page."""
    if idea.hidden:
        return _("Ausgeblendet")
    if idea.merged_into_id:
        return _("Zusammengeführt mit „%(title)s“") % {"title": idea.merged_into.title}
    return idea.get_status_display()


def idea_entry(user, idea, date, detail=""):
    url = idea.get_absolute_url() if permissions.can_view(user, idea) else ""
    return ActivityEntry(idea.title, url, idea_status(idea), date, detail)


def my_ideas_section(request, user):
    ideas = (
        Idea.objects.filter(author=user).select_related("merged_into").order_by("-created", "-id")
    )
    entries = [
        idea_entry(
            user,
            idea,
            idea.created,
            ngettext("%(count)s Unterstützung", "%(count)s Unterstützungen", idea.support_count)
            % {"count": idea.support_count},
        )
        for idea in ideas
    ]
    return activity_section(
        _("Meine Ideen"),
        entries,
        empty=_("Sie haben noch keine Idee eingereicht."),
        order=10,
        date_label=_("eingereicht am"),
    )


#: Heading, text when empty, and date label of the lists of supported and followed ideas.
LINK_LABELS = {
    Support: (
        gettext_lazy("Von mir unterstützt"),
        gettext_lazy("Sie haben noch keine Idee unterstützt."),
        gettext_lazy("unterstützt am"),
    ),
    Follow: (
        gettext_lazy("Ideen, denen ich folge"),
        gettext_lazy("Sie folgen noch keiner Idee."),
        gettext_lazy("gefolgt seit"),
    ),
}


def linked_ideas_section(model, order):
    """A hook function listing the ideas the person supports or follows (``model``)."""
    heading, empty, date_label = LINK_LABELS[model]

    def section(request, user):
        links = model.objects.filter(user=user).select_related("idea").order_by("-created", "-id")
        entries = [idea_entry(user, link.idea, link.created) for link in links]
        return activity_section(heading, entries, empty=empty, order=order, date_label=date_label)

    return section


my_supports_section = linked_ideas_section(Support, order=20)
my_follows_section = linked_ideas_section(Follow, order=30)
