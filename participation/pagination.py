"""Page numbers of the portal's lists (``?seite=``), read the same way everywhere.

Lists are paginated in SQL without COUNT: one row more than shown tells whether a next page
exists. A page number that is no number (``?seite=abc``) shows the first page; one past the end
(a stale link, or ``?seite=999999999999999999``, which no database OFFSET takes) shows the
last page, as Django's ``Paginator.get_page`` does. Only then is the list counted.
"""

#: The highest page number read from a URL: a number no database OFFSET overflows with.
MAX_PAGE = 10_000


def page_number(request, param="seite", maximum=MAX_PAGE):
    """The page asked for, between 1 and ``maximum``; 1 if the parameter is no number."""
    try:
        number = int(request.GET.get(param, 1))
    except (TypeError, ValueError):
        return 1
    return max(1, min(number, maximum))


def page_rows(queryset, number, per_page):
    """``(rows, number, has_next)`` of page ``number``; past the end, those of the last page."""
    rows = _rows(queryset, number, per_page)
    if not rows and number > 1:
        number = max(1, -(-queryset.count() // per_page))
        rows = _rows(queryset, number, per_page)
    return rows[:per_page], number, len(rows) > per_page


def _rows(queryset, number, per_page):
    start = (number - 1) * per_page
    return list(queryset[start : start + per_page + 1])
