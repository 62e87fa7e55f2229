"""``{% comment_thread obj %}``: the comment thread of an idea or a pilot page.

Usage in any page template (``request`` must be in the context)::

    {% load discussion_tags %}
    {% comment_thread page %}
"""

from django import template

from discussion import threads

register = template.Library()


@register.inclusion_tag("discussion/includes/comment_thread.html", takes_context=True)
def comment_thread(context, obj):
    request = context["request"]
    target = getattr(obj, "specific", obj)  # a Wagtail Page may come in as its base class
    return {
        "thread": threads.thread_context(request, target),
        "request": request,
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
    }
