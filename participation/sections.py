"""Page sections that higher apps contribute to lower apps' pages, through Wagtail hooks.

A lower app never imports a higher one. Where its page shows something a higher app owns
(the home page shows ideas and pilots; the idea page shows assessments, the pilot and the
comments), the page asks a Wagtail hook for sections::

    # research/wagtail_hooks.py
    @hooks.register(IDEA_PAGE_SECTIONS)
    def research_section(request, idea):
        return Section("research/includes/idea_research.html", {...}, order=20)

Each hook function takes the request (and the page's object, if any) and returns a
:class:`Section` or ``None`` (nothing to show for this request). The page renders the
sections by ``order`` with ``{% render_section section %}`` (``portal_tags``), each with its
own context pushed on top of the page's (so ``request``, ``page`` and ``idea`` stay there).
"""

from dataclasses import dataclass, field
from typing import Any

from wagtail import hooks

#: ``fn(request) -> Section | None``: sections of the home page.
HOME_PAGE_SECTIONS = "mitwirken_home_page_sections"
#: ``fn(request, idea) -> Section | None``: sections of the idea page.
IDEA_PAGE_SECTIONS = "mitwirken_idea_page_sections"
#: ``fn(request, user) -> Section | None``: sections of "Meine Beteiligung" in the account,
#: usually :func:`activity_section` (one list of the user's contributions of one kind).
ACCOUNT_ACTIVITY_SECTIONS = "mitwirken_account_activity_sections"


@dataclass(frozen=True)
class Section:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100
    #: Where on the page: "main" (the page's own column) or "end" (after everything else).
    region: str = "main"


@dataclass(frozen=True)
class ActivityEntry:
    """One contribution in "Meine Beteiligung": what it is about, its state, and where it is."""

    title: str
    #: The public page, or "" when the person can no longer see it there.
    url: str
    status: str
    date: Any = None
    detail: str = ""


def activity_section(heading, entries, *, empty, order, date_label):
    """A section of "Meine Beteiligung": a heading and the entries (or the ``empty`` text)."""
    return Section(
        "accounts/includes/activity_section.html",
        {"heading": heading, "entries": entries, "empty": empty, "date_label": date_label},
        order=order,
    )


def collect(hook_name, request, *args):
    """The sections the hook's functions return for this request, by ``order``."""
    sections = [fn(request, *args) for fn in hooks.get_hooks(hook_name)]
    return sorted((section for section in sections if section is not None), key=lambda s: s.order)
