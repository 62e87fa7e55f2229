"""Similar existing ideas, shown before a new one is published (duplicate hints).

Finding them is the portal search's job, which sits above the ideas app: the setting
``IDEAS_SIMILAR_FINDER`` names the function (``search.similar.similar_ideas``), called as
``finder(title, text, exclude_pk=None, limit=5)`` and returning a list of public ideas.
An empty setting shows no hints.
"""

from django.conf import settings
from django.utils.module_loading import import_string


def similar_ideas(title, text, exclude_pk=None, limit=5):
    path = getattr(settings, "IDEAS_SIMILAR_FINDER", "")
    if not path:
        return []
    return import_string(path)(title, text, exclude_pk=exclude_pk, limit=limit)
