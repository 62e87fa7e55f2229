"""``{% render_section section %}``: one :class:`participation.sections.Section`."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def render_section(context, section):
    """Render the section's template with its own context on top of the page context."""
    section_template = context.template.engine.get_template(section.template)
    with context.push(section.context):
        return section_template.render(context)
