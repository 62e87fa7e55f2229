"""The search page ``/suche/`` and its autocomplete endpoint ``/suche/vorschlaege/``."""

import logging
from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from participation.pagination import page_number

from . import service
from .results import SearchUnavailable

logger = logging.getLogger(__name__)


def _url(request, query, filters, page=1):
    params = [("q", query)] if query else []
    params += filters.query_items()
    if page > 1:
        params.append(("seite", page))
    return f"{request.path}?{urlencode(params)}" if params else request.path


@require_safe
def search_view(request):
    query = request.GET.get("q", "").strip()[: service.MAX_QUERY_LENGTH]
    filters = service.filters_from_querydict(request.GET)
    status = 200
    try:
        result_page = service.search(query, filters, page_number(request, maximum=service.MAX_PAGE))
    except SearchUnavailable:
        logger.exception("Search backend unavailable")
        result_page, status = None, 503
    context = {"query": query, "result_page": result_page, "unavailable": result_page is None}
    if result_page is not None:
        filters = result_page.filters
        context.update(
            {
                "previous_url": _url(request, query, filters, result_page.page - 1)
                if result_page.has_previous
                else None,
                "next_url": _url(request, query, filters, result_page.page + 1)
                if result_page.has_next
                else None,
                "reset_url": _url(request, query, type(filters)()),
                "is_filtered": bool(filters),
            }
        )
    return render(request, "search/search_results.html", context, status=status)


@require_safe
def suggestions_view(request):
    """``{"suggestions": [{"title", "url", "kind"}, …]}``: titles of public ideas and pilots."""
    try:
        items = service.suggestions(request.GET.get("q", ""))
    except SearchUnavailable:
        logger.exception("Search backend unavailable")
        items = []
    response = JsonResponse({"suggestions": items})
    response["Cache-Control"] = "max-age=60"
    return response
