"""English dates on the portal, one style everywhere: "29 October 2026", "29 October 2026, 14:05".

Django's default English formats ("Oct. 29, 2026", "10/29/2026") are American; the portal's
English readers are mostly in Europe, and the 24-hour clock matches the German pages.
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
