"""Accessibility checks with axe-core (shipped inside the axe-playwright-python wheel).

``Axe.run`` injects axe through ``page.evaluate``, which the portal's strict CSP
(``script-src 'self'``) does not block, so no ``bypass_csp`` is needed.

Every page must pass the WCAG 2.0/2.1 A and AA rules of axe with no violation at all, of
any impact (minor and moderate ones such as "region" or "heading-order" included), and
must not scroll sideways at 320 CSS pixels (WCAG 1.4.10 Reflow).
"""

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
REFLOW_WIDTH = 320  # CSS pixels: WCAG 1.4.10, 1280 px at 400 % zoom
REFLOW_HEIGHT = 640

_axe = Axe()


def axe_violations(page):
    """All WCAG 2.1 A/AA violations on the page as it is now, whatever their impact."""
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = _axe.run(page, options=options)
    return list(results.response["violations"])


def serious_axe_violations(page):
    """The serious and critical WCAG 2.1 A/AA violations on the page as it is now."""
    return [v for v in axe_violations(page) if v.get("impact") in BLOCKING_IMPACTS]


def format_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            target = ", ".join(" ".join(t) if isinstance(t, list) else t for t in node["target"])
            lines.append(f"    {target}")
    return "\n".join(lines)


def assert_no_axe_violations(page):
    """No WCAG 2.1 A/AA violation of any impact (minor, moderate, serious, critical)."""
    violations = axe_violations(page)
    assert not violations, f"axe found WCAG violations on {page.url}:\n" + format_violations(
        violations
    )


# The browser tests all check every impact now; the old name stays for readers' habits.
assert_no_serious_axe_violations = assert_no_axe_violations


_WIDEST_ELEMENTS = """
(limit) => {
  // Elements that reach past the right edge, or whose own text overflows them, outside any
  // ancestor that clips or scrolls (a scroll container with tabindex is allowed to be wide).
  const width = window.innerWidth;
  const clipped = (element) => {
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  const wide = [];
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    const pastEdge = box.right > width + 0.5;
    const style = getComputedStyle(element);
    const textOverflows = style.overflowX === "visible" && element.scrollWidth > element.clientWidth + 1
      && box.right + element.scrollWidth - element.clientWidth > width + 0.5;
    if ((pastEdge || textOverflows) && !clipped(element)) {
      let name = element.tagName.toLowerCase();
      if (element.id) name += "#" + element.id;
      if (element.classList.length) name += "." + [...element.classList].join(".");
      const text = (element.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 60);
      wide.push({element, name, text, right: Math.round(Math.max(box.right, box.left + element.scrollWidth))});
    }
  }
  // The innermost ones are the culprits: drop an element that contains another one found.
  const innermost = wide.filter((a) => !wide.some((b) => b !== a && a.element.contains(b.element)));
  innermost.sort((a, b) => b.right - a.right);
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: width,
    widest: innermost.slice(0, limit).map(({name, text, right}) => ({name, text, right})),
  };
}
"""


def horizontal_overflow(page, limit=8):
    """``{"scrollWidth", "innerWidth", "widest"}`` of the page at its current viewport;
    ``widest`` names the elements that reach past the right edge, widest first."""
    return page.evaluate(_WIDEST_ELEMENTS, limit)


def assert_no_horizontal_scroll(page, width=REFLOW_WIDTH):
    """At ``width`` CSS pixels (320 by default) the page does not scroll sideways.

    The viewport is set to ``width`` for the check and put back afterwards.
    """
    before = page.viewport_size
    page.set_viewport_size({"width": width, "height": REFLOW_HEIGHT})
    try:
        found = horizontal_overflow(page)
    finally:
        if before:
            page.set_viewport_size(before)
    assert found["scrollWidth"] <= found["innerWidth"], (
        f"{page.url} scrolls sideways at {width} px: the document is {found['scrollWidth']} px "
        "wide. Elements past the right edge:\n"
        + "\n".join(
            f"    {e['name']} (right {e['right']} px): {e['text']!r}" for e in found["widest"]
        )
    )
