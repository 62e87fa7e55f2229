"""German dates on the portal: "29. Oktober 2026", "29. Oktober 2026, 14:05", "29.10.2026"."""

DATE_FORMAT = "j. F Y"
DATETIME_FORMAT = "j. F Y, H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y, H:i"
