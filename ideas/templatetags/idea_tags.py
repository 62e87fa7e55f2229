from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from ideas.renditions import ensure_renditions

register = template.Library()


@register.simple_tag
def idea_image(idea, sizes="(min-width: 52rem) 22rem, 100vw", alt=None, css_class="", lazy=True):
    """An <img> with srcset from the idea's renditions; alt defaults to the idea's alt text."""
    if not idea.image:
        return ""
    renditions = ensure_renditions(idea.image.name)
    srcset = format_html_join(", ", "{} {}w", renditions) if renditions else ""
    src = renditions[0][0] if renditions else idea.image.url
    return format_html(
        '<img src="{}"{} sizes="{}" alt="{}" class="{}"{}>',
        src,
        format_html(' srcset="{}"', srcset) if srcset else "",
        sizes,
        idea.image_alt if alt is None else alt,
        css_class,
        mark_safe(' loading="lazy"') if lazy else "",  # noqa: S308 - constant
    )
