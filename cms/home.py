"""Sections of the home page that other apps contribute.

An app registers a section once, usually in its ``AppConfig.ready()``::

    from cms import home

    home.register(
        "latest_ideas",
        template="ideas/includes/home_latest_ideas.html",
        get_context=lambda request: {"ideas": latest_ideas()},
        order=20,
    )

``HomePage.get_context`` calls :func:`home_sections`; the home page template renders each
section's template with the section's context pushed on top of the page context (so
``request``, ``page`` and ``LANGUAGE_CODE`` stay available). A ``get_context`` that returns
``None`` hides its section for this request (for example while there are no pilots yet).
Sections are shown by ``order``, then name. Registering a name again replaces the section.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class HomeSection:
    name: str
    template: str
    order: int = 100
    get_context: Callable[[HttpRequest], dict[str, Any] | None] | None = None


@dataclass(frozen=True)
class RenderedSection:
    """What the template receives: a template name and the context to render it with."""

    name: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


_registry: dict[str, HomeSection] = {}


def register(name, template, get_context=None, order=100):
    """Add (or replace) the home page section ``name``."""
    _registry[name] = HomeSection(
        name=name, template=template, order=order, get_context=get_context
    )


def unregister(name):
    _registry.pop(name, None)


def registered():
    """The registered sections, in display order."""
    return sorted(_registry.values(), key=lambda section: (section.order, section.name))


def home_sections(request):
    """The sections to show for this request, each with its own context."""
    sections = []
    for section in registered():
        context = section.get_context(request) if section.get_context else {}
        if context is None:
            continue
        sections.append(
            RenderedSection(name=section.name, template=section.template, context=context)
        )
    return sections


# How participation works: shown until (and alongside) the lists of ideas and pilots.
register("how_it_works", template="cms/includes/home_how_it_works.html", order=10)
