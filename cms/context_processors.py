"""``identity``: the city's identity for every template (read once per request, when used)."""

from django.utils.functional import SimpleLazyObject

from . import identity as portal_identity


def identity(request):
    return {"identity": SimpleLazyObject(lambda: portal_identity.lookup(request))}
