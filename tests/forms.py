"""What a browser would submit for a form in an HTML page (tests post that, then change fields).

Text inputs, hidden inputs and textareas send their value; checked checkboxes and radios theirs;
an untouched <select> sends its selected option, or its first; buttons and files send nothing.
"""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = form_id is None
        self.depth = 0
        self.data = []
        self._textarea = None
        self._select = None
        self._select_first = None
        self._select_chosen = None
        self._option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if self.form_id is not None and attrs.get("id") == self.form_id:
                self.inside = True
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, None
        elif tag == "option" and self._select:
            self._option = [attrs.get("value"), "", "selected" in attrs]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        if self._option is not None:
            self._option[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside and self.form_id is not None:
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            value = self._textarea[1]
            self.data.append((self._textarea[0], value[1:] if value.startswith("\n") else value))
            self._textarea = None
        elif tag == "option" and self._option is not None:
            value = self._option[0] if self._option[0] is not None else self._option[1].strip()
            if self._select_first is None:
                self._select_first = value
            if self._option[2]:
                self._select_chosen = value
            self._option = None
        elif tag == "select" and self._select:
            chosen = self._select_chosen if self._select_chosen is not None else self._select_first
            if chosen is not None:
                self.data.append((self._select, chosen))
            self._select = None


def form_data(html, form_id=None):
    """{name: value} of what the form (by id, or every form in ``html``) would submit."""
    parser = _FormParser(form_id)
    parser.feed(html)
    return dict(parser.data)


class _ChoiceParser(HTMLParser):
    """Radios (inside their <label>) and <option>s of one field, with the text a person reads."""

    def __init__(self, name):
        super().__init__(convert_charrefs=True)
        self.name = name
        self.choices = []
        self._label = None
        self._select = False
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label":
            self._label = True
        elif tag == "input" and attrs.get("name") == self.name and self._label:
            self._current = [attrs.get("value", ""), ""]
        elif tag == "select":
            self._select = attrs.get("name") == self.name
        elif tag == "option" and self._select:
            self._current = [attrs.get("value"), ""]

    def handle_data(self, data):
        if self._current is not None:
            self._current[1] += data

    def handle_endtag(self, tag):
        if tag in {"label", "option"} and self._current is not None:
            value, text = self._current
            self.choices.append(
                (value if value is not None else text.strip(), " ".join(text.split()))
            )
            self._current = None
        if tag == "label":
            self._label = None
        elif tag == "select":
            self._select = False


def choices(html, name):
    """[(value, visible text)] of the radios or the <select> named ``name``."""
    parser = _ChoiceParser(name)
    parser.feed(html)
    return parser.choices


def choice_value(html, name, text):
    """The value a browser sends when a person picks the choice reading ``text``."""
    matches = [value for value, label in choices(html, name) if label == text]
    assert matches, f"no choice {text!r} for {name}: {choices(html, name)}"
    return matches[0]
