"""Accessibility checks with axe-core (shipped inside the axe-playwright-python wheel).

``Axe.run`` injects axe through ``page.evaluate``, which the portal's strict CSP
(``script-src 'self'``) does not block, so no ``bypass_csp`` is needed.
"""

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}

_axe = Axe()


def serious_axe_violations(page):
    """The serious and critical WCAG 2.1 A/AA violations on the page as it is now."""
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = _axe.run(page, options=options)
    return [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]


def format_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            target = ", ".join(" ".join(t) if isinstance(t, list) else t for t in node["target"])
            lines.append(f"    {target}")
    return "\n".join(lines)


def assert_no_serious_axe_violations(page):
    violations = serious_axe_violations(page)
    assert not violations, (
        f"axe found serious/critical WCAG violations on {page.url}:\n"
        + format_violations(violations)
    )
