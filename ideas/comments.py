"""Comments on ideas and pilots (django-comments-xtd): services, counters, avatars."""


def detail_context(request, idea):
    """Context for the comment thread on the idea page."""
    return {}


def local_avatar_url(comment):
    """No external avatars (no Gravatar): the templates show initials instead."""
    return ""
