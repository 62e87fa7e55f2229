"""Template tags of the CMS app: the footer's legal links."""

from django import template

from cms import legal

register = template.Library()


@register.inclusion_tag("cms/includes/legal_links.html", takes_context=True)
def legal_links(context):
    """The five legal and contact links for the current site, on every page."""
    request = context.get("request")
    return {"legal_links": legal.lookup(request).links, "request": request}


@register.simple_tag(takes_context=True)
def copyright_holder(context):
    """Who the footer's "©" names (``LegalLinks.copyright_holder``)."""
    return legal.lookup(context.get("request")).copyright_holder


@register.simple_tag(takes_context=True)
def legal_page_url(context, key):
    """The URL of one legal page (``"datenschutz"``, ``"kontakt"`` …), or ``""``."""
    return legal.lookup(context.get("request")).url_for(key)
