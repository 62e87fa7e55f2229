"""Demo content for the CMS: home page, legal pages, contact form, site and footer links.

``load()`` is idempotent: it creates what is missing and leaves existing pages as they are
(an editor's changes survive a second run). All texts are SAMPLE TEXTS for a fictional
office; a real operator must replace them before going live.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.html import escape
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from .models import ContentPage, FeedbackFormField, FeedbackFormPage, HomePage, LegalLinks

HOME_SLUG = "home"
OFFICE = "Stadt Wuppertal – Stabsstelle Digitalisierung und Smart City"
DEMO_NOTE = (
    "Musterdaten: Dieser Text ist ein Beispiel für die Demo-Installation von Mitwirken. "
    "Er ist keine rechtsverbindliche Angabe der Stadt Wuppertal."
)
STAND = datetime.date(2026, 11, 1)


def _p(*paragraphs):
    return ("paragraph", RichText("".join(f"<p>{text}</p>" for text in paragraphs)))


def _ul(*items):
    return ("paragraph", RichText("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"))


def _h(text):
    return ("heading", text)


def _demo_note():
    return _p(f"<i>{escape(DEMO_NOTE)}</i>")


IMPRESSUM = [
    _demo_note(),
    _h("Anbieterin"),
    _p(
        "Stadt Wuppertal<br/>Stabsstelle Digitalisierung und Smart City<br/>"
        "Johannes-Rau-Platz 1<br/>42275 Wuppertal",
        "Die Stadt Wuppertal ist eine Körperschaft des öffentlichen Rechts. "
        "Sie wird vertreten durch den Oberbürgermeister.",
    ),
    _h("Kontakt"),
    _p(
        "Telefon: 0202 000-0000 (Beispielnummer)<br/>"
        "E-Mail: mitwirken@example.org<br/>"
        "Oder schreiben Sie uns über das Kontaktformular dieses Portals.",
    ),
    _h("Verantwortlich für den Inhalt"),
    _p(
        "Leitung der Stabsstelle Digitalisierung und Smart City, Anschrift wie oben. "
        "Ideen, Kommentare und Beiträge von Bürgerinnen und Bürgern geben die Meinung "
        "ihrer Verfasserinnen und Verfasser wieder, nicht die der Stadt."
    ),
    _h("Umsatzsteuer-Identifikationsnummer"),
    _p("DE000000000 (Beispiel)"),
    _h("Haftung für Links"),
    _p(
        "Für Inhalte verlinkter Seiten anderer Anbieter sind deren Betreiber verantwortlich. "
        "Werden uns Rechtsverletzungen bekannt, entfernen wir die Links umgehend."
    ),
    _h("Quellcode"),
    _p("Mitwirken ist freie Software unter der GNU Affero General Public License 3.0."),
]

DATENSCHUTZ = [
    _demo_note(),
    _p(
        "Wir nehmen den Schutz Ihrer Daten ernst. Hier erklären wir, welche Daten das "
        "Beteiligungsportal Mitwirken verarbeitet, wozu und auf welcher Rechtsgrundlage."
    ),
    _h("1. Verantwortliche Stelle"),
    _p(
        f"{OFFICE}, Johannes-Rau-Platz 1, 42275 Wuppertal, E-Mail: mitwirken@example.org.",
        "Behördliche Datenschutzbeauftragte: Stadt Wuppertal, Datenschutzbeauftragte, "
        "Anschrift wie oben, E-Mail: datenschutz@example.org.",
    ),
    _h("2. Zwecke und Rechtsgrundlagen"),
    _ul(
        "<b>Aufruf der Seiten:</b> Der Server verarbeitet technisch notwendige Daten "
        "(IP-Adresse, Zeitpunkt, aufgerufene Adresse, Browserkennung), um die Seiten "
        "auszuliefern und Angriffe abzuwehren. Rechtsgrundlage: Art. 6 Abs. 1 lit. e DSGVO "
        "in Verbindung mit § 3 DSG NRW.",
        "<b>Konto und Beteiligung:</b> E-Mail-Adresse, Anzeigename, Passwort (nur als "
        "Prüfwert gespeichert) sowie Ihre Ideen, Kommentare und Unterstützungen, um die "
        "Bürgerbeteiligung durchzuführen. Rechtsgrundlage: Art. 6 Abs. 1 lit. e DSGVO; "
        "öffentlich sichtbar ist nur Ihr Anzeigename, nie Ihre E-Mail-Adresse.",
        "<b>Benachrichtigungen:</b> E-Mails zu Ideen, denen Sie folgen, nur mit Ihrer "
        "Einwilligung, die Sie im Profil jederzeit widerrufen können. Rechtsgrundlage: "
        "Art. 6 Abs. 1 lit. a DSGVO.",
        "<b>Kontaktformular:</b> Name und E-Mail-Adresse (freiwillig) und Ihre Nachricht, "
        "um Ihr Anliegen zu bearbeiten. Rechtsgrundlage: Art. 6 Abs. 1 lit. e DSGVO, bei "
        "freiwilligen Angaben Art. 6 Abs. 1 lit. a DSGVO.",
        "<b>Begleitforschung:</b> Die Universität erhält für ihre Auswertung nur "
        "zusammengefasste oder pseudonymisierte Daten.",
    ),
    _h("3. Cookies"),
    _p(
        "Wir setzen nur technisch notwendige Cookies: ein Sitzungs-Cookie für die Anmeldung, "
        "ein Cookie zum Schutz von Formularen gegen Fälschung (CSRF) und ein Cookie, das sich "
        "Ihre gewählte Sprache merkt. Dafür ist keine Einwilligung nötig (§ 25 Abs. 2 TDDDG). "
        "Es gibt kein Tracking, keine Statistik- oder Werbedienste, keine Social-Media-Plugins."
    ),
    _h("4. Keine Dienste anderer Anbieter"),
    _p(
        "Schriften, Bilder, Skripte und Stylesheets liefern wir selbst aus. Wir binden keine "
        "externen Schriftarten, Content-Delivery-Networks, Karten- oder Videodienste ein. "
        "Ihre IP-Adresse wird daher an keine anderen Anbieter übermittelt."
    ),
    _h("5. Empfänger"),
    _p(
        "Ihre Daten verarbeiten die zuständigen Mitarbeitenden der Stadt und unser "
        "Hosting-Dienstleister als Auftragsverarbeiter nach Art. 28 DSGVO in Rechenzentren "
        "in Deutschland. Eine Übermittlung in Drittstaaten findet nicht statt."
    ),
    _h("6. Speicherdauer"),
    _ul(
        "Server-Protokolle: 7 Tage.",
        "Nachrichten über das Kontaktformular: bis zur Erledigung, höchstens 12 Monate.",
        "Konto: bis Sie es löschen. Ihre öffentlichen Beiträge werden dann anonymisiert "
        "oder auf Wunsch gelöscht.",
        "Nicht bestätigte Registrierungen: 7 Tage.",
    ),
    _h("7. Ihre Rechte"),
    _p(
        "Sie haben das Recht auf Auskunft (Art. 15 DSGVO), Berichtigung (Art. 16), Löschung "
        "(Art. 17), Einschränkung der Verarbeitung (Art. 18), Datenübertragbarkeit (Art. 20) "
        "und Widerspruch (Art. 21 DSGVO). Eine Einwilligung können Sie jederzeit für die "
        "Zukunft widerrufen. Ihre Daten können Sie im Profil selbst herunterladen und löschen."
    ),
    _h("8. Beschwerderecht"),
    _p(
        "Sie können sich bei der Aufsichtsbehörde beschweren: Landesbeauftragte für "
        "Datenschutz und Informationsfreiheit Nordrhein-Westfalen (LDI NRW), "
        "Kavalleriestraße 2–4, 40213 Düsseldorf, www.ldi.nrw.de."
    ),
]

BARRIEREFREIHEIT = [
    _demo_note(),
    _p(
        "Die Stadt Wuppertal ist bemüht, ihr Beteiligungsportal Mitwirken im Einklang mit "
        "der Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) und dem "
        "Behindertengleichstellungsgesetz NRW barrierefrei zugänglich zu machen. Maßstab "
        "sind die Web Content Accessibility Guidelines (WCAG) 2.1 auf Stufe AA "
        "bzw. die harmonisierte Norm EN 301 549."
    ),
    _h("Stand der Vereinbarkeit"),
    _p(
        "Diese Website ist mit den Anforderungen weitgehend vereinbar. Die Bewertung beruht "
        "auf einer Selbstbewertung mit automatischen Prüfungen und Tests mit Tastatur und "
        "Screenreader."
    ),
    _h("Nicht barrierefreie Inhalte"),
    _ul(
        "Von Bürgerinnen und Bürgern hochgeladene Bilder haben nicht immer eine aussagekräftige "
        "Bildbeschreibung.",
        "Einige ältere PDF-Dokumente in den Pilotprojekten sind nicht vollständig "
        "barrierefrei. Wir stellen die Inhalte auf Anfrage in zugänglicher Form bereit.",
    ),
    _h("Erstellung dieser Erklärung"),
    _p("Diese Erklärung wurde am 1. November 2026 erstellt und zuletzt überprüft."),
    _h("Barrieren melden: Feedback und Kontakt"),
    _p(
        "Sind Ihnen Mängel aufgefallen? Dann schreiben Sie uns über das Kontaktformular oder "
        "an barrierefreiheit@example.org. Wir antworten innerhalb von zwei Wochen."
    ),
    _h("Schlichtungsverfahren"),
    _p(
        "Wenn Sie auf Ihre Rückmeldung keine zufriedenstellende Antwort erhalten, können Sie "
        "sich an die Ombudsstelle für barrierefreie Informationstechnik des Landes NRW wenden. "
        "Für Angebote des Bundes ist die Schlichtungsstelle nach § 16 "
        "Behindertengleichstellungsgesetz (BGG) beim Beauftragten der Bundesregierung für die "
        "Belange von Menschen mit Behinderungen zuständig (www.schlichtungsstelle-bgg.de). "
        "Das Verfahren ist kostenlos; Sie brauchen keinen Rechtsbeistand."
    ),
]

LEICHTE_SPRACHE = [
    _demo_note(),
    _h("Was ist Mitwirken?"),
    _p(
        "Mitwirken ist eine Internet-Seite von der Stadt Wuppertal.",
        "Hier können Sie mit-bestimmen.",
        "Sie können sagen: Das wünsche ich mir für meine Stadt.",
    ),
    _h("Was kann ich hier machen?"),
    _ul(
        "Sie können eine Idee aufschreiben.",
        "Sie können die Ideen von anderen Menschen lesen.",
        "Sie können eine Idee gut finden. Dann klicken Sie auf: Unterstützen.",
        "Sie können Kommentare schreiben.",
    ),
    _h("Was passiert mit den Ideen?"),
    _p(
        "Viele Menschen finden eine Idee gut?",
        "Dann prüft die Stadt die Idee.",
        "Die Universität hilft dabei.",
        "Manche Ideen werden dann ausprobiert.",
        "Das heißt: Pilot-Projekt.",
    ),
    _h("Brauche ich ein Konto?"),
    _p(
        "Lesen können Sie ohne Konto.",
        "Für eine Idee brauchen Sie ein Konto.",
        "Dafür brauchen Sie eine E-Mail-Adresse.",
        "Ihre E-Mail-Adresse sieht niemand sonst.",
    ),
    _h("Sie haben Fragen?"),
    _p("Schreiben Sie uns. Nutzen Sie dafür die Seite: Kontakt und Feedback."),
]

HOME = {
    "title": "Mitwirken in Wuppertal",
    "intro_heading": "Gestalten Sie Wuppertal mit",
    "intro": (
        "Haben Sie eine Idee, die Ihr Viertel oder die ganze Stadt besser macht? "
        "Reichen Sie sie ein, sammeln Sie Unterstützung – und erleben Sie, wie gute Ideen "
        "gemeinsam mit Stadt und Universität als Pilotprojekt Wirklichkeit werden.\n\n"
        f"({OFFICE} – Demo-Installation mit Beispielinhalten.)"
    ),
    "intro_heading_en": "Help shape Wuppertal",
    "intro_en": (
        "Do you have an idea that makes your neighbourhood or the whole city better? "
        "Submit it, gather support – and see good ideas become pilot projects together "
        "with the city and the university.\n\n"
        "(Demo installation with sample content.)"
    ),
}

FEEDBACK_FIELDS = [
    {"label": "Name", "field_type": "singleline", "required": False},
    {
        "label": "E-Mail",
        "field_type": "email",
        "required": False,
        "help_text": "Nur wenn Sie eine Antwort wünschen.",
    },
    {"label": "Nachricht", "field_type": "multiline", "required": True},
]


def _publish(page):
    page.save_revision().publish()
    return page


def _home(root, created):
    home = HomePage.objects.child_of(root).first()
    if home is not None:
        return home
    # Wagtail's "Welcome to your new Wagtail site!" page occupies the slug "home": replace it
    # when it is still the untouched default (a plain Page without children).
    default = root.get_children().filter(slug=HOME_SLUG).first()
    if default is not None:
        if default.specific_class is not Page or default.get_children_count():
            raise RuntimeError(
                f"A page {default.title!r} already uses the slug {HOME_SLUG!r} below the root; "
                "move or rename it before loading the demo content."
            )
        default.delete()  # its Site goes with it (CASCADE) and is set up again below
    home = root.add_child(instance=HomePage(slug=HOME_SLUG, **HOME))
    created.append(home.title)
    return _publish(home)


def _site(home):
    url = urlsplit(settings.SITE_URL)
    hostname = url.hostname or "localhost"
    port = url.port or (443 if url.scheme == "https" else 80)
    site = (
        Site.objects.filter(is_default_site=True).first()
        or Site.objects.filter(hostname=hostname, port=port).first()
        or Site()
    )
    site.hostname, site.port, site.root_page = hostname, port, home
    site.site_name, site.is_default_site = "Mitwirken", True
    site.save()
    return site


def _child(parent, slug, page, created):
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page.slug = slug
    parent.add_child(instance=page)
    created.append(page.title)
    return _publish(page)


def load():
    """Create the CMS demo content where it is missing. Returns a one-line summary."""
    created = []
    root = Page.get_first_root_node()
    home = _home(root, created)
    site = _site(home)

    impressum = _child(
        home,
        "impressum",
        ContentPage(title="Impressum", body=IMPRESSUM, last_updated=STAND),
        created,
    )
    datenschutz = _child(
        home,
        "datenschutz",
        ContentPage(title="Datenschutzerklärung", body=DATENSCHUTZ, last_updated=STAND),
        created,
    )
    barrierefreiheit = _child(
        home,
        "barrierefreiheit",
        ContentPage(
            title="Erklärung zur Barrierefreiheit", body=BARRIEREFREIHEIT, last_updated=STAND
        ),
        created,
    )
    leichte_sprache = _child(
        home,
        "leichte-sprache",
        ContentPage(title="Leichte Sprache", body=LEICHTE_SPRACHE),
        created,
    )
    kontakt = _child(
        home,
        "kontakt",
        FeedbackFormPage(
            title="Kontakt & Feedback",
            intro=(
                "<p>Fragen, Lob, Kritik oder eine Barriere entdeckt? Schreiben Sie uns. "
                "Name und E-Mail-Adresse sind freiwillig – ohne E-Mail-Adresse können wir "
                "Ihnen allerdings nicht antworten.</p>"
            ),
            thank_you_text=(
                "<p>Vielen Dank für Ihre Nachricht. Die Redaktion liest jede Rückmeldung und "
                "antwortet, wenn Sie eine E-Mail-Adresse angegeben haben, in der Regel "
                "innerhalb einer Woche.</p>"
            ),
            subject="Mitwirken: neue Nachricht über das Kontaktformular",
            form_fields=[
                FeedbackFormField(sort_order=i, **f) for i, f in enumerate(FEEDBACK_FIELDS)
            ],
        ),
        created,
    )

    links = LegalLinks.for_site(site)
    chosen = {
        "impressum": impressum,
        "datenschutz": datenschutz,
        "barrierefreiheit": barrierefreiheit,
        "leichte_sprache": leichte_sprache,
        "kontakt": kontakt,
    }
    changed = False
    for field, page in chosen.items():
        if getattr(links, f"{field}_id") is None:  # keep an editor's choice
            setattr(links, field, page)
            changed = True
    if changed:
        links.save()

    if created:
        return f"{len(created)} Seiten angelegt: {', '.join(created)}"
    return "Seiten bereits vorhanden, nichts geändert"
