"""What the discussion tests do with pages: post through the portal's forms, read the thread."""

from html.parser import HTMLParser

from discussion import targets


def write(client, target, text, parent=None, **extra):
    """Post through the portal's own form (what the pages use)."""
    if parent is not None:
        return client.post(f"/ideen/kommentare/{parent.pk}/antworten/", {"text": text, **extra})
    kind = targets.target_kind(target)
    return client.post(f"/ideen/kommentare/{kind}/{target.pk}/schreiben/", {"text": text, **extra})


def page(client, idea, query=""):
    """The idea page's HTML (asserting it answers 200)."""
    response = client.get(idea.get_absolute_url() + query)
    assert response.status_code == 200
    return response.content.decode()


def count(idea):
    """The comment counter as the idea lists show it."""
    idea.refresh_from_db(fields=["comment_count"])
    return idea.comment_count


def recount(idea):
    """The visible comments of ``idea``, counted from the database."""
    return (
        targets.comments_for(idea)
        .filter(is_public=True, is_removed=False, hidden_by_reports=False)
        .count()
    )


class _ListTree(HTMLParser):
    """Which <li id="c…"> lies inside which (the thread as nested lists)."""

    def __init__(self):
        super().__init__()
        self.stack, self.parent_of, self.order = [], {}, []

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            ident = dict(attrs).get("id") or ""
            if ident.startswith("c") and ident[1:].isdigit():
                self.parent_of[ident] = next((i for i in reversed(self.stack) if i), None)
                self.order.append(ident)
            self.stack.append(ident if ident.startswith("c") else "")

    def handle_endtag(self, tag):
        if tag == "li" and self.stack:
            self.stack.pop()


def thread_tree(html):
    """``.parent_of["c<id>"]`` (the enclosing comment or None) and ``.order`` (document order)."""
    parser = _ListTree()
    parser.feed(html)
    return parser
