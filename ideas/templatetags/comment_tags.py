"""``{% comment_thread obj %}``: the comment thread of an idea or a pilot page.

Usage in any page template (``request`` must be in the context)::

    {% load comment_tags %}
    {% comment_thread page %}
"""

from django import template

from ideas import comments

register = template.Library()


@register.inclusion_tag("ideas/includes/comment_thread.html", takes_context=True)
def comment_thread(context, obj):
    request = context["request"]
    target = getattr(obj, "specific", obj)  # a Wagtail Page may come in as its base class
    thread = context.get("comment_thread")
    if not thread or thread.get("target") is not target:
        thread = comments.thread_context(request, target)
    return {
        "thread": thread,
        "request": request,
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def comment_post_url(obj):
    """Where the form for a new comment on ``obj`` posts to ("" if it takes no comments)."""
    from django.urls import reverse

    target = getattr(obj, "specific", obj)
    kind = comments.target_kind(target)
    if kind is None:
        return ""
    return reverse("ideas:comment_create", kwargs={"kind": kind, "pk": target.pk})


@register.filter
def comment_state(comment):
    """One of "visible", "removed", "review" (hidden, reports open) or "hidden"."""
    if comment.is_removed:
        return "removed"
    if comments.is_hidden(comment):
        return "review" if comment.report_count else "hidden"
    return "visible"


@register.filter
def comment_author(comment):
    return comments.author_name(comment)


@register.simple_tag
def comment_form_action(form):
    """Where a re-shown xtd form posts to: the portal's reply or new-comment view."""
    from django.urls import reverse

    reply_to = str(form.data.get("reply_to") or form.initial.get("reply_to") or "0")
    if reply_to.isdigit() and int(reply_to):
        return reverse("ideas:comment_reply", kwargs={"comment_id": int(reply_to)})
    return comment_post_url(form.target_object)
