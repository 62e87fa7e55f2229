"""``{{ name|bdi }}``: a user's public name inside ``<bdi>``.

A name written right to left (Arabic, Hebrew, or a U+202E override that the forms no longer
accept but older accounts may carry) then cannot reorder the text around it, such as
"Eingereicht von … am 3. Dezember". Use it wherever a user's name appears in HTML; not in
attributes, ``<title>`` or plain-text mails.
"""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter(is_safe=True)
def bdi(value):
    return format_html("<bdi>{}</bdi>", value)
