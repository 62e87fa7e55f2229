"""``{% render_section section %}``: one :class:`participation.sections.Section`."""

from django import template

from participation import page_locales

register = template.Library()


@register.simple_tag(takes_context=True)
def render_section(context, section):
    """Render the section's template with its own context on top of the page context."""
    section_template = context.template.engine.get_template(section.template)
    with context.push(section.context):
        return section_template.render(context)


# The KERN class of each widget's control (Django's widget_type); None renders the widget as is
# (radio and checkbox groups: their <div>s are styled in site.css on KERN's tokens).
KERN_CONTROL_CLASS = {
    "select": "kern-form-input__select",
    "selectmultiple": "kern-form-input__select",
    "checkbox": "kern-form-check__checkbox",
    "radioselect": None,
    "checkboxselectmultiple": None,
}


@register.filter
def kern_widget(field):
    """The bound field's widget with KERN's control class (and its --error variant) added."""
    css = KERN_CONTROL_CLASS.get(field.widget_type, "kern-form-input__input")
    if css is None:
        return field.as_widget()
    if field.errors:
        css = f"{css} {css}--error"
    existing = field.field.widget.attrs.get("class")
    return field.as_widget(attrs={"class": f"{existing} {css}" if existing else css})


@register.filter
def page_language(page):
    """The language code of a page's own text (its locale's), without a query."""
    return page_locales.page_language(page)
