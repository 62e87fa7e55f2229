"""Server-rendered SVG charts for a pilot's KPIs: measured values over time against the target.

The markup is built here, not in a template, so that every piece is under control: numbers
(coordinates, values) come only from the data and are formatted as numbers, every text (the
KPI's name and unit, dates, labels) goes through ``escape``/``format_html``. No ``style``
attributes and no scripts (the public pages run under a strict CSP): colours are SVG
presentation attributes, which CSS classes in ``site.css`` may refine.

Each chart is ``role="img"`` with ``aria-labelledby`` pointing at its ``<title>`` and
``<desc>``; the KPI table and the list of measured values on the page are the accessible
alternative with all numbers.
"""

import math
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

WIDTH = 600
HEIGHT = 280
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 40, 44
PLOT_W = WIDTH - LEFT - RIGHT
PLOT_H = HEIGHT - TOP - BOTTOM

INK = "#1d1d1f"
MUTED = "#4a4f57"
GRID = "#c8ccd2"
MEASURED = "#0b5394"
TARGET = "#1b6b34"
BASELINE = "#6b7280"


def _num(value):
    """A coordinate: always a plain number with one decimal."""
    return f"{float(value):.1f}"


def format_value(value):
    """A measured or target value for people: localised, at most two decimals."""
    if value is None:
        return ""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    text = number_format(value, decimal_pos=places, use_l10n=True)
    if places and "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def with_unit(value, unit):
    text = format_value(value)
    return f"{text} {unit}".strip() if unit else text


def nice_step(span, ticks=4):
    """A round step (1, 2, 2.5, 5 × 10ⁿ) that divides ``span`` into about ``ticks`` parts."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def value_range(values):
    """The y range: from 0 (or the lowest negative value) to a round number above the top."""
    low = min(0.0, min(values))
    high = max(values)
    if high <= low:
        high = low + 1
    step = nice_step(high - low)
    low = math.floor(low / step) * step
    high = math.ceil(high / step) * step
    if high - low < step:
        high = low + step
    return low, high, step


def _short_date(day):
    return date_format(day, "SHORT_DATE_FORMAT")


def _long_date(day):
    return date_format(day, "DATE_FORMAT")


def _x_positions(days):
    first, last = days[0].toordinal(), days[-1].toordinal()
    if last == first:
        return [LEFT + PLOT_W / 2 for _day in days]
    return [LEFT + (day.toordinal() - first) * PLOT_W / (last - first) for day in days]


def _label_indexes(count):
    """Which measurements get a date label on the x axis (all of them up to six)."""
    if count <= 6:
        return list(range(count))
    return sorted({0, count // 2, count - 1})


def describe(kpi):
    """The chart's text alternative in one or two sentences."""
    measurements = kpi["measurements"]
    unit = kpi.get("unit") or ""
    first, last = measurements[0], measurements[-1]
    parts = [
        _("%(count)s Messwerte vom %(first)s bis %(last)s, zuletzt %(latest)s.")
        % {
            "count": len(measurements),
            "first": _long_date(first["date"]),
            "last": _long_date(last["date"]),
            "latest": with_unit(last["value"], unit),
        }
        if len(measurements) > 1
        else _("Ein Messwert am %(date)s: %(value)s.")
        % {"date": _long_date(first["date"]), "value": with_unit(first["value"], unit)}
    ]
    parts.append(_("Zielwert: %(target)s.") % {"target": with_unit(kpi["target"], unit)})
    if kpi.get("baseline") is not None:
        parts.append(
            _("Ausgangswert: %(baseline)s.") % {"baseline": with_unit(kpi["baseline"], unit)}
        )
    return " ".join(parts)


def kpi_chart(kpi, chart_id):
    """The SVG for one KPI row (see ``PilotPage.kpi_rows``), or "" without measurements.

    ``chart_id`` must be unique on the page; it prefixes the ids of ``<title>`` and ``<desc>``.
    """
    measurements = [m for m in kpi["measurements"] if m.get("date") and m.get("value") is not None]
    if not measurements:
        return ""
    measurements = sorted(measurements, key=lambda m: m["date"])
    kpi = {**kpi, "measurements": measurements}
    unit = kpi.get("unit") or ""
    target = float(kpi["target"])
    baseline = float(kpi["baseline"]) if kpi.get("baseline") is not None else None
    values = [float(m["value"]) for m in measurements]
    low, high, step = value_range([*values, target, *([baseline] if baseline is not None else [])])

    def y(value):
        return TOP + PLOT_H - (value - low) * PLOT_H / (high - low)

    days = [m["date"] for m in measurements]
    xs = _x_positions(days)
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    right = LEFT + PLOT_W
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="kpi-chart" viewBox="0 0 {} {}" '
            'role="img" aria-labelledby="{} {}" focusable="false">',
            WIDTH,
            HEIGHT,
            title_id,
            desc_id,
        ),
        format_html(
            '<title id="{}">{}</title><desc id="{}">{}</desc>',
            title_id,
            _("%(name)s: Messwerte und Zielwert") % {"name": kpi["name"]},
            desc_id,
            describe(kpi),
        ),
    ]

    # Grid and y axis labels.
    ticks = []
    count = round((high - low) / step)
    for index in range(count + 1):
        value = low + index * step
        ticks.append((_num(y(value)), format_value(Decimal(str(round(value, 6))))))
    parts.append('<g class="kpi-chart__grid">')
    parts.append(
        format_html_join(
            "",
            '<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="' + GRID + '" stroke-width="1"/>'
            '<text x="{3}" y="{1}" dy="4" text-anchor="end" font-size="13" fill="'
            + MUTED
            + '">{4}</text>',
            ((LEFT, tick_y, right, LEFT - 8, label) for tick_y, label in ticks),
        )
    )
    if unit:
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="13" fill="{}">{}</text>',
                LEFT - 56,
                TOP - 14,
                MUTED,
                unit,
            )
        )
    parts.append("</g>")

    # x axis with date labels.
    parts.append(
        format_html(
            '<g class="kpi-chart__axis"><line x1="{0}" y1="{1}" x2="{2}" y2="{1}" '
            'stroke="{3}" stroke-width="1.5"/>',
            LEFT,
            _num(TOP + PLOT_H),
            right,
            MUTED,
        )
    )
    for index in _label_indexes(len(days)):
        anchor = "middle"
        if len(days) > 1 and index == 0:
            anchor = "start"
        elif len(days) > 1 and index == len(days) - 1:
            anchor = "end"
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="{}" font-size="13" fill="{}">{}</text>',
                _num(xs[index]),
                _num(TOP + PLOT_H + 20),
                anchor,
                MUTED,
                _short_date(days[index]),
            )
        )
    parts.append("</g>")

    # Baseline and target as horizontal reference lines.
    if baseline is not None:
        parts.append(
            format_html(
                '<g class="kpi-chart__baseline"><line x1="{0}" y1="{1}" x2="{2}" y2="{1}" '
                'stroke="{3}" stroke-width="2" stroke-dasharray="2 4"/></g>',
                LEFT,
                _num(y(baseline)),
                right,
                BASELINE,
            )
        )
    target_y = y(target)
    parts.append(
        format_html(
            '<g class="kpi-chart__target"><line class="kpi-chart__target-line" x1="{0}" y1="{1}" '
            'x2="{2}" y2="{1}" stroke="{3}" stroke-width="2.5" stroke-dasharray="8 5"/></g>',
            LEFT,
            _num(target_y),
            right,
            TARGET,
        )
    )

    # The measured values.
    points = " ".join(f"{_num(x)},{_num(y(value))}" for x, value in zip(xs, values, strict=True))
    parts.append('<g class="kpi-chart__measured">')
    if len(values) > 1:
        parts.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="3" '
                'stroke-linejoin="round" stroke-linecap="round"/>',
                points,
                MEASURED,
            )
        )
    parts.append(
        format_html_join(
            "",
            '<circle cx="{}" cy="{}" r="5" fill="' + MEASURED + '" stroke="#fff" '
            'stroke-width="2"/>',
            ((_num(x), _num(y(value))) for x, value in zip(xs, values, strict=True)),
        )
    )
    parts.append("</g>")

    # The target's label at the right end, below the line if the last value sits just above.
    gap = target_y - y(values[-1])
    parts.append(
        format_html(
            '<text class="kpi-chart__target-label" x="{}" y="{}" dy="{}" text-anchor="end" '
            'font-size="13" font-weight="600" fill="{}" stroke="#fff" stroke-width="4" '
            'stroke-linejoin="round" paint-order="stroke">{}</text>',
            right,
            _num(target_y),
            17 if 0 < gap < 24 else -7,
            TARGET,
            _("Ziel: %(value)s") % {"value": with_unit(kpi["target"], unit)},
        )
    )

    # Legend above the plot.
    legend_y = 16
    parts.append(
        format_html(
            '<g class="kpi-chart__legend" font-size="13" fill="{ink}">'
            '<line x1="{x0}" y1="{ly}" x2="{x1}" y2="{ly}" stroke="{measured}" stroke-width="3"/>'
            '<text x="{t0}" y="{ty}">{measured_label}</text>'
            '<line x1="{x2}" y1="{ly}" x2="{x3}" y2="{ly}" stroke="{target}" stroke-width="2.5" '
            'stroke-dasharray="8 5"/><text x="{t1}" y="{ty}">{target_label}</text>',
            ink=INK,
            x0=LEFT,
            x1=LEFT + 24,
            ly=legend_y,
            measured=MEASURED,
            t0=LEFT + 30,
            ty=legend_y + 4,
            measured_label=_("Messwert"),
            x2=LEFT + 130,
            x3=LEFT + 154,
            target=TARGET,
            t1=LEFT + 160,
            target_label=_("Zielwert"),
        )
    )
    if baseline is not None:
        parts.append(
            format_html(
                '<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="{3}" stroke-width="2" '
                'stroke-dasharray="2 4"/><text x="{4}" y="{5}">{6}</text>',
                LEFT + 250,
                legend_y,
                LEFT + 274,
                BASELINE,
                LEFT + 280,
                legend_y + 4,
                _("Ausgangswert"),
            )
        )
    parts.append("</g></svg>")
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 - every part escaped above


def target_reached(kpi):
    """Whether the latest value meets the target; None while unknown.

    The direction comes from the baseline: a target below the baseline means lower is better.
    """
    latest, target, baseline = kpi.get("latest"), kpi.get("target"), kpi.get("baseline")
    if latest is None or target is None:
        return None
    lower_is_better = baseline is not None and Decimal(target) < Decimal(baseline)
    if lower_is_better:
        return Decimal(latest) <= Decimal(target)
    return Decimal(latest) >= Decimal(target)
