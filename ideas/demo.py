"""Demo content for ideas: topics, districts, residents, ideas, supports, history, answers.

``load()`` is idempotent and keyed by natural keys (topic and district slugs, account emails,
idea titles): what exists is left alone, so a second run changes nothing. It writes the models
directly instead of calling the services, so loading sends no mail and takes a second or two;
the denormalised counters are set from the rows actually written.

Demo residents (``demo-01@example.org`` …) and extra supporters
(``unterstuetzer-01@example.org`` …) have verified addresses and *no usable password*: they
exist to make the portal look alive, nobody logs in as them. The three demo logins
(``participation.accounts.demo``) never support a demo idea, so ``bewohnerin@example.org`` can
try it herself, e.g. on the idea that needs one more support to reach the threshold.

All people, numbers and answers here are invented. Place names are real Wuppertal places.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from participation.accounts.models import User

from . import demo_images
from .models import (
    District,
    Follow,
    Idea,
    IdeaStatusChange,
    OfficialAnswer,
    ParticipationSettings,
    Support,
    Topic,
)
from .services import make_reference

Status = Idea.Status

THRESHOLD = 50
COLLECTION_DAYS = 90

# (slug, name, description); the order in the list is the display order.
TOPICS = [
    (
        "mobilitaet-parken",
        "Mobilität & Parken",
        "Bus, Bahn, Schwebebahn, Rad- und Fußverkehr, Parken und Laden.",
    ),
    (
        "sensorik-lorawan",
        "Sensorik & LoRaWAN",
        "Messen, was in der Stadt passiert: Sensoren und das städtische Funknetz LoRaWAN.",
    ),
    (
        "breitband-weisse-flecken",
        "Breitband & Weiße Flecken",
        "Glasfaser, Mobilfunk und öffentliches WLAN, besonders dort, wo es noch fehlt.",
    ),
    (
        "digitale-verwaltung",
        "Digitale Verwaltung",
        "Anträge, Termine und Auskünfte der Stadt online, offen und barrierefrei.",
    ),
    (
        "umwelt-klima",
        "Umwelt & Klima",
        "Hitze, Starkregen, Luft, Stadtgrün und Energie sparen.",
    ),
    (
        "bildung-kultur",
        "Bildung & Kultur",
        "Schulen, Bibliotheken, Ehrenamt und Stadtgeschichte.",
    ),
]

# Wuppertal's ten city districts (Stadtbezirke), west to east as they are usually listed.
DISTRICTS = [
    ("elberfeld", "Elberfeld"),
    ("elberfeld-west", "Elberfeld-West"),
    ("uellendahl-katernberg", "Uellendahl-Katernberg"),
    ("vohwinkel", "Vohwinkel"),
    ("cronenberg", "Cronenberg"),
    ("barmen", "Barmen"),
    ("oberbarmen", "Oberbarmen"),
    ("heckinghausen", "Heckinghausen"),
    ("langerfeld-beyenburg", "Langerfeld-Beyenburg"),
    ("ronsdorf", "Ronsdorf"),
]

# The demo logins from participation.accounts.demo; created here (without a password) only
# if that module has not run yet. It repairs them when it runs later.
RESIDENT_LOGIN = "bewohnerin@example.org"
RESEARCHER_LOGIN = "forscher@uni-wuppertal.de"
EDITOR_LOGIN = "redaktion@example.org"
DEMO_LOGINS = {
    RESIDENT_LOGIN: "Anna Beispiel",
    RESEARCHER_LOGIN: "Prof. Dr. Jonas Weber",
    EDITOR_LOGIN: "Redaktion Stadt",
}

RESIDENT_NAMES = [
    "Mara K.",
    "Jens P.",
    "Ayşe D.",
    "Lukas W.",
    "Fatma Y.",
    "Heinz-Werner B.",
    "Sophie R.",
    "Tobias M.",
    "Elif S.",
    "Klaus H.",
    "Nina G.",
    "Dariusz N.",
    "Ute F.",
    "Jonas L.",
    "Leyla A.",
    "Birgit T.",
    "Paul Z.",
    "Marie-Claire V.",
    "Ömer C.",
    "Greta O.",
]
SUPPORTER_FIRST_NAMES = [
    "Anja", "Bernd", "Carla", "Deniz", "Emil", "Frieda", "Gökhan", "Hanna", "Ilse", "Jakob",
    "Karin", "Lars", "Merve", "Norbert", "Olga", "Peter", "Rana", "Stefan", "Tanja", "Uwe",
]  # fmt: skip
SUPPORTER_INITIALS = "BDFHKLMNPRSTW"


def resident_email(number):
    return f"demo-{number:02d}@example.org"


def supporter_email(number):
    return f"unterstuetzer-{number:02d}@example.org"


@dataclass
class Answer:
    text: str
    scores: dict = field(default_factory=dict)


@dataclass
class DemoIdea:
    title: str
    topic: str
    district: str
    text: str
    days_ago: int
    supports: int
    status: str = Status.PUBLISHED
    # Statuses after "published", with the public note of each change.
    steps: list = field(default_factory=list)
    author: str | int | None = None  # a demo login's email, a resident number, or round robin
    summary_easy: str = ""
    place: str = ""
    image: bool = False
    decline_reason: str = ""
    answer: Answer | None = None


def _scores(impact, impact_note, cost, cost_note, feasibility, feasibility_note, legal, legal_note):
    return {
        "impact": impact,
        "impact_note": impact_note,
        "cost": cost,
        "cost_note": cost_note,
        "feasibility": feasibility,
        "feasibility_note": feasibility_note,
        "legal": legal,
        "legal_note": legal_note,
    }


REVIEW_NOTE = "Die Redaktion hat die Idee an die zuständige Fachabteilung zur Prüfung gegeben."

IDEAS = [
    DemoIdea(
        title="Parkleitsystem mit Sensoren für die Elberfelder Innenstadt",
        topic="mobilitaet-parken",
        district="elberfeld",
        days_ago=34,
        supports=38,
        image=True,
        place="Parkhäuser und Parkplätze rund um Döppersberg, Hofaue und Wall",
        text=(
            "Wer samstags nach Elberfeld fährt, kreist oft lange um den Block, weil niemand "
            "weiß, wo noch etwas frei ist. Die Schilder an den Parkhäusern zeigen zwar Zahlen, "
            "aber die Parkplätze am Straßenrand sind nicht erfasst.\n\n"
            "Mein Vorschlag: Bodensensoren auf den öffentlichen Stellplätzen zwischen Hofaue, "
            "Wall und Döppersberg, die ihren Belegungsstatus über das städtische LoRaWAN-Netz "
            "melden. Die Daten fließen in die bestehenden Parkleittafeln und in eine offene "
            "Schnittstelle, damit auch Navigations-Apps sie nutzen können. Weniger Suchverkehr "
            "heißt weniger Lärm und Abgase für alle, die in der Innenstadt wohnen."
        ),
    ),
    DemoIdea(
        title="Wasserstandssensoren an der Wupper",
        topic="sensorik-lorawan",
        district="barmen",
        days_ago=55,
        supports=50,
        status=Status.THRESHOLD_REACHED,
        image=True,
        place="Wupperufer in Barmen, rund um den Alten Markt",
        summary_easy=(
            "Die Wupper kann bei viel Regen schnell steigen. Kleine Messgeräte sollen den "
            "Wasserstand messen. Die Werte stehen im Internet. So können alle früh gewarnt "
            "werden."
        ),
        text=(
            "Beim Hochwasser im Juli 2021 ist die Wupper innerhalb weniger Stunden über die "
            "Ufer getreten. Viele Anwohnerinnen und Anwohner haben erst davon erfahren, als das "
            "Wasser schon im Keller stand.\n\n"
            "Ich schlage vor, an Brücken und Ufermauern in Barmen einfache "
            "Ultraschall-Pegelsensoren anzubringen, die alle fünf Minuten den Wasserstand über "
            "LoRaWAN senden. Die Messwerte sollten öffentlich auf einer Karte erscheinen und bei "
            "schnell steigendem Pegel eine Warnung per App und SMS auslösen. Die Sensoren sind "
            "günstig, brauchen keinen Stromanschluss und ergänzen die wenigen amtlichen Pegel."
        ),
    ),
    DemoIdea(
        title="Glasfaser für die weißen Flecken in Cronenberg",
        topic="breitband-weisse-flecken",
        district="cronenberg",
        days_ago=47,
        supports=THRESHOLD - 1,
        image=True,
        place="Hofschaften und Außenbereiche im Süden Cronenbergs, z. B. Kohlfurth und Sudberg",
        summary_easy=(
            "Manche Häuser in Cronenberg haben nur langsames Internet. Die Stadt soll dafür "
            "sorgen, dass dort Glasfaser-Kabel verlegt werden. Eine Karte zeigt, wann jede "
            "Straße an der Reihe ist."
        ),
        text=(
            "In den Hofschaften rund um Cronenberg gibt es noch Häuser mit weniger als "
            "16 Mbit/s. Homeoffice, Videosprechstunde beim Arzt oder das Hochladen von "
            "Hausaufgaben klappen dort nur mit viel Geduld. Die großen Anbieter bauen nicht aus, "
            "weil sich die wenigen Anschlüsse für sie nicht rechnen.\n\n"
            "Die Stadt sollte die weißen Flecken systematisch erfassen, die Förderprogramme von "
            "Bund und Land nutzen und den Ausbau gebündelt ausschreiben. Eine öffentliche Karte "
            "mit dem Stand des Ausbaus würde zeigen, wann welche Straße an der Reihe ist. Gerade "
            "für die Handwerksbetriebe in Cronenberg ist schnelles Internet kein Luxus."
        ),
    ),
    DemoIdea(
        title="Termine im Bürgerbüro online buchen",
        topic="digitale-verwaltung",
        district="elberfeld",
        days_ago=58,
        supports=44,
        status=Status.IMPLEMENTED,
        steps=[
            (Status.IN_REVIEW, REVIEW_NOTE),
            (
                Status.IMPLEMENTED,
                "Die Online-Terminvergabe ist für alle Bürgerbüros freigeschaltet.",
            ),
        ],
        image=True,
        place="Bürgerbüros in Elberfeld und Barmen",
        summary_easy=(
            "Für einen Ausweis muss man zum Bürgerbüro. Den Termin soll man im Internet "
            "aussuchen können. Wer kein Internet hat, kann weiter anrufen."
        ),
        text=(
            "Für einen neuen Personalausweis muss man heute oft morgens früh anrufen und hoffen, "
            "dass jemand abnimmt. Viele nehmen sich dafür extra frei.\n\n"
            "Besser wäre eine Online-Terminbuchung für alle Bürgerbüros, bei der man Anliegen, "
            "Standort und Uhrzeit selbst auswählt, eine Bestätigung per E-Mail bekommt und den "
            "Termin auch wieder absagen kann. Freigewordene Termine sollten sofort wieder buchbar "
            "sein. Wichtig: Es muss weiterhin Termine per Telefon und eine offene Sprechstunde "
            "für Menschen geben, die kein Internet nutzen."
        ),
        answer=Answer(
            text=(
                "Die Online-Terminvergabe ist seit Oktober für alle Bürgerbüros freigeschaltet. "
                "Termine lassen sich rund um die Uhr buchen, verschieben und absagen; abgesagte "
                "Termine werden sofort wieder freigegeben. Die telefonische Terminvergabe und "
                "die offene Sprechstunde am Donnerstagvormittag bleiben bestehen. Vielen Dank "
                "für die Anregung und die vielen Unterstützungen!"
            ),
            scores=_scores(
                5,
                "Betrifft fast alle Bürgerinnen und Bürger; deutlich kürzere Wartezeiten.",
                2,
                "Vorhandene Terminsoftware, nur Einrichtung und Schulung.",
                5,
                "In wenigen Monaten umsetzbar.",
                5,
                "Keine rechtlichen Hürden; Datenschutzprüfung abgeschlossen.",
            ),
        ),
    ),
    DemoIdea(
        title="Straßenlaternen, die nur bei Bedarf hell werden",
        topic="sensorik-lorawan",
        district="ronsdorf",
        days_ago=52,
        supports=42,
        status=Status.PILOT,
        steps=[
            (Status.IN_REVIEW, REVIEW_NOTE),
            (
                Status.PILOT,
                "Die Idee wird als Pilotprojekt in drei Ronsdorfer Wohnstraßen getestet.",
            ),
        ],
        place="Nebenstraßen rund um den Bandwirkerplatz",
        text=(
            "Nachts brennen in vielen Ronsdorfer Nebenstraßen die Laternen stundenlang mit "
            "voller Helligkeit, obwohl niemand unterwegs ist. Das kostet Strom und stört "
            "Insekten und Anwohnende.\n\n"
            "Ich schlage LED-Leuchten mit Bewegungsmeldern vor: Sie dimmen auf etwa 20 Prozent "
            "herunter und werden hell, sobald sich jemand nähert – zu Fuß, mit dem Rad oder dem "
            "Auto. Über ein Funknetz melden die Leuchten außerdem Defekte selbst, sodass niemand "
            "mehr kaputte Laternen melden muss. Andere Städte sparen damit mehr als die Hälfte "
            "des Stroms für die Straßenbeleuchtung."
        ),
        answer=Answer(
            text=(
                "Die Stadtwerke testen adaptive LED-Beleuchtung mit Bewegungssensoren ab dem "
                "Frühjahr in drei Ronsdorfer Wohnstraßen. Gemessen werden Stromverbrauch, "
                "Störungsmeldungen und die Zufriedenheit der Anwohnenden. Die Ergebnisse "
                "veröffentlichen wir hier und auf der Seite des Pilotprojekts."
            ),
            scores=_scores(
                4,
                "Spart Strom und CO₂, weniger Lichtverschmutzung.",
                3,
                "Neue Leuchtenköpfe und Sensoren; amortisiert sich über die Stromkosten.",
                4,
                "Erprobte Technik, Anbindung an das vorhandene Funknetz.",
                4,
                "Mindesthelligkeit für die Verkehrssicherung bleibt gewährleistet.",
            ),
        ),
    ),
    DemoIdea(
        title="Fahrradparkhaus am Bahnhof Vohwinkel",
        topic="mobilitaet-parken",
        district="vohwinkel",
        days_ago=21,
        supports=27,
        image=True,
        place="Bahnhof Vohwinkel, Bahnhofsvorplatz",
        text=(
            "Am Bahnhof Vohwinkel stehen die Fahrräder kreuz und quer an Geländern und Laternen, "
            "die wenigen Bügel sind morgens um sieben belegt. Wer mit dem Rad zur S-Bahn oder "
            "zur Schwebebahn fährt, hat keinen sicheren und trockenen Platz.\n\n"
            "Ein kleines Fahrradparkhaus mit abschließbaren Boxen, Ladestationen für E-Bikes und "
            "Zugang per Smartphone oder Chipkarte würde das ändern. Eine Anzeige am Eingang und "
            "online könnte zeigen, wie viele Plätze frei sind. So steigen mehr Pendlerinnen und "
            "Pendler vom Auto aufs Rad um."
        ),
    ),
    DemoIdea(
        title="Echtzeit-Anzeigen an allen Schwebebahn-Stationen",
        topic="mobilitaet-parken",
        district="oberbarmen",
        days_ago=44,
        supports=45,
        status=Status.IN_REVIEW,
        steps=[
            (
                Status.IN_REVIEW,
                "Die Fachabteilung prüft die Idee gemeinsam mit den Wuppertaler Stadtwerken.",
            )
        ],
        place="Schwebebahn-Stationen in Oberbarmen, z. B. Wupperfeld",
        text=(
            "An mehreren Schwebebahn-Stationen gibt es keine Anzeige, wann die nächste Bahn "
            "kommt. Bei Störungen stehen Fahrgäste dann ratlos auf dem Bahnsteig. Die Position "
            "jeder Bahn ist ohnehin bekannt.\n\n"
            "Ich schlage vor, an allen Stationen digitale Anzeigen mit Abfahrtszeiten in "
            "Echtzeit und Störungshinweisen aufzuhängen – mit Sprachausgabe auf Knopfdruck für "
            "blinde und sehbehinderte Fahrgäste. Dieselben Daten sollten offen im Netz stehen, "
            "damit sie in jeder Fahrplan-App erscheinen."
        ),
    ),
    DemoIdea(
        title="Ein offenes Datenportal für alle städtischen Daten",
        topic="digitale-verwaltung",
        district="barmen",
        days_ago=39,
        supports=33,
        place="Rathaus Barmen",
        text=(
            "Viele Daten der Stadt – Haushaltszahlen, Baustellen, Standorte von Spielplätzen, "
            "Messwerte der Sensoren – liegen in den Fachämtern, aber nicht offen im Netz.\n\n"
            "Ein zentrales Open-Data-Portal mit maschinenlesbaren Daten unter freier Lizenz "
            "würde Transparenz schaffen und es Schulen, Hochschule, Vereinen und Start-ups "
            "ermöglichen, eigene Anwendungen zu bauen. Wichtig sind aktuelle Daten, klare "
            "Ansprechpersonen und Schnittstellen statt PDF-Tabellen. Personenbezogene Daten "
            "gehören natürlich nicht hinein."
        ),
    ),
    DemoIdea(
        title="Digitale Anmeldung an weiterführenden Schulen",
        topic="bildung-kultur",
        district="uellendahl-katernberg",
        days_ago=26,
        supports=21,
        summary_easy=(
            "Eltern melden ihr Kind für die nächste Schule an. Das geht heute nur mit Papier "
            "und vor Ort. Die Anmeldung soll auch im Internet gehen."
        ),
        text=(
            "Für die Anmeldung an einer weiterführenden Schule müssen Eltern mit "
            "Papierformularen zu festen Zeiten persönlich erscheinen, oft an mehreren Schulen "
            "hintereinander. Für berufstätige Eltern ist das schwierig.\n\n"
            "Ich wünsche mir eine digitale Schulanmeldung: Formular online ausfüllen, Zeugnisse "
            "hochladen, Wunschschulen angeben und den Stand der Anmeldung verfolgen. Eine "
            "persönliche Beratung an der Schule soll es weiter geben, aber nicht mehr für den "
            "reinen Papierkram. Die Schulen hätten die Daten sofort vollständig."
        ),
    ),
    DemoIdea(
        title="Bodenfeuchte-Sensoren für junge Stadtbäume",
        topic="umwelt-klima",
        district="elberfeld-west",
        days_ago=30,
        supports=36,
        image=True,
        place="Straßenbäume an der Varresbecker Straße und am Arrenberg",
        text=(
            "In den trockenen Sommern der letzten Jahre sind viele junge Straßenbäume "
            "vertrocknet, obwohl Nachbarinnen und Nachbarn gern gießen würden. Niemand weiß, "
            "welcher Baum wirklich Wasser braucht.\n\n"
            "Bodenfeuchte-Sensoren in 30 und 60 Zentimetern Tiefe könnten das über das "
            "LoRaWAN-Netz melden. Auf einer Karte sieht man dann, welcher Baum durstig ist, und "
            "kann eine Gießpatenschaft übernehmen. Auch die Bewässerungsfahrzeuge könnten ihre "
            "Touren danach planen, statt nach festem Plan zu fahren."
        ),
    ),
    DemoIdea(
        title="Lärmsensoren entlang der B7 in Oberbarmen",
        topic="sensorik-lorawan",
        district="oberbarmen",
        days_ago=15,
        supports=18,
        author=RESEARCHER_LOGIN,
        place="Berliner Straße (B7) zwischen Wupperfeld und Bahnhof Oberbarmen",
        text=(
            "Entlang der B7 in Oberbarmen klagen viele über Lärm, besonders nachts durch Raser "
            "und laute Motorräder. Belastbare Messwerte gibt es aber nur aus Modellrechnungen.\n\n"
            "An unserem Lehrstuhl haben wir günstige Lärmsensoren entwickelt, die nur Pegel "
            "speichern und keine Gespräche aufzeichnen. Wir schlagen vor, zehn solcher Sensoren "
            "ein Jahr lang an Laternen entlang der Berliner Straße zu betreiben. Die Daten werden "
            "offen veröffentlicht und helfen, Maßnahmen wie Tempo 30 in der Nacht gezielt zu "
            "planen und ihre Wirkung zu prüfen."
        ),
    ),
    DemoIdea(
        title="Freies WLAN in der Barmer Fußgängerzone",
        topic="breitband-weisse-flecken",
        district="barmen",
        days_ago=18,
        supports=29,
        image=True,
        place="Fußgängerzone Werth und Geschwister-Scholl-Platz",
        text=(
            "In der Barmer Fußgängerzone gibt es bisher kein öffentliches WLAN. Gerade für "
            "Jugendliche, Gäste der Stadt und Menschen mit kleinem Mobilfunkvertrag wäre ein "
            "freier Zugang eine große Hilfe, etwa um Fahrpläne zu prüfen oder Formulare "
            "auszufüllen.\n\n"
            "Ich schlage vor, entlang des Werth und am Geschwister-Scholl-Platz freies WLAN ohne "
            "Registrierung anzubieten, zum Beispiel zusammen mit Freifunk oder den Stadtwerken. "
            "Auch die Geschäfte würden profitieren, wenn mehr Menschen in der Innenstadt "
            "verweilen."
        ),
    ),
    DemoIdea(
        title="Parksensoren in allen Wohnstraßen von Elberfeld-West",
        topic="mobilitaet-parken",
        district="elberfeld-west",
        days_ago=50,
        supports=16,
        status=Status.DECLINED,
        steps=[(Status.IN_REVIEW, REVIEW_NOTE), (Status.DECLINED, None)],
        text=(
            "Nicht nur in der Innenstadt, auch in den Wohnstraßen am Arrenberg und in Varresbeck "
            "sucht man abends lange nach einem Parkplatz.\n\n"
            "Ich schlage vor, jede öffentliche Parkbucht in den Wohngebieten von Elberfeld-West "
            "mit einem Sensor auszustatten und die freien Plätze in einer App anzuzeigen. "
            "Anwohnerinnen und Anwohner könnten so gezielt fahren, statt mehrmals um den Block "
            "zu kreisen. Die App könnte später auch Anwohnerparkausweise digital abbilden."
        ),
        decline_reason=(
            "Ein Sensor in jeder Parkbucht der Wohngebiete würde nach unserer Schätzung über "
            "1,5 Millionen Euro kosten und die Wartung mehrerer tausend Geräte erfordern. Der "
            "Nutzen ist in Wohnstraßen gering, weil dort überwiegend Anwohnende parken. Wir "
            "konzentrieren uns deshalb zunächst auf das Parkleitsystem in der Innenstadt und "
            "prüfen danach, ob einzelne stark belastete Straßen ergänzt werden."
        ),
        answer=Answer(
            text=(
                "Vielen Dank für den Vorschlag. Nach Prüfung durch das Ressort Straßen und "
                "Verkehr setzen wir ihn in dieser Form nicht um; die Begründung steht unten. "
                "Das Anliegen fließt in die Auswertung des Parkleitsystems für die Innenstadt ein."
            ),
            scores=_scores(
                2,
                "Geringe Entlastung in Wohnstraßen mit überwiegend Anwohnerparken.",
                5,
                "Mehrere tausend Sensoren, Einbau und Wartung: über 1,5 Mio. Euro.",
                2,
                "Einbau in jede Parkbucht erfordert Aufbrüche im Straßenbelag.",
                4,
                "Keine Bedenken, es werden keine personenbezogenen Daten erfasst.",
            ),
        ),
    ),
    DemoIdea(
        title="Luftqualität vor Grundschulen messen",
        topic="umwelt-klima",
        district="heckinghausen",
        days_ago=12,
        supports=12,
        author=RESIDENT_LOGIN,
        place="Grundschulen in Heckinghausen",
        text=(
            "Viele Kinder in Heckinghausen gehen an stark befahrenen Straßen zur Schule. Wie "
            "hoch die Belastung mit Feinstaub und Stickstoffdioxid dort morgens wirklich ist, "
            "weiß niemand genau.\n\n"
            "Ich schlage vor, an jeder Grundschule im Bezirk einen kleinen Luftsensor "
            "aufzuhängen, dessen Werte live im Netz und im Schulflur angezeigt werden. "
            "Schülerinnen und Schüler könnten die Daten im Unterricht auswerten, und die Stadt "
            "hätte eine Grundlage für Schulstraßen oder Elternhaltestellen abseits der "
            "Hauptstraße."
        ),
    ),
    DemoIdea(
        title="Digitaler Bibliotheksausweis und Rückgabebox in Langerfeld",
        topic="bildung-kultur",
        district="langerfeld-beyenburg",
        days_ago=9,
        supports=9,
        text=(
            "Die Stadtteilbibliothek ist für viele Familien in Langerfeld wichtig, aber die "
            "Öffnungszeiten sind kurz.\n\n"
            "Ich schlage einen digitalen Bibliotheksausweis im Smartphone vor, mit dem man "
            "E-Books und Hörbücher ausleihen, Medien vormerken und Fristen verlängern kann. Dazu "
            "eine Rückgabebox, die rund um die Uhr zugänglich ist. Wer kein Smartphone hat, "
            "behält natürlich die Karte aus Plastik. So wird die Bibliothek auch für "
            "Berufstätige und Jugendliche wieder attraktiver."
        ),
    ),
    DemoIdea(
        title="Gemeinsamer Glasfaserausbau für die Gewerbegebiete in Langerfeld",
        topic="breitband-weisse-flecken",
        district="langerfeld-beyenburg",
        days_ago=33,
        supports=15,
        place="Gewerbegebiete in Langerfeld",
        text=(
            "Viele kleine Betriebe in den Langerfelder Gewerbegebieten arbeiten noch mit "
            "Kupferleitungen. Cloud-Software, Videokonferenzen mit Kunden oder die Übertragung "
            "großer Konstruktionsdaten sind so kaum möglich. Einige Firmen denken bereits über "
            "einen Umzug nach.\n\n"
            "Ich schlage vor, dass die Wirtschaftsförderung den Bedarf bei allen Betrieben "
            "abfragt und einen gebündelten Glasfaserausbau mit einem Anbieter verhandelt. "
            "Gemeinsam lohnt sich der Ausbau, den einzelne Betriebe allein nicht bezahlen "
            "könnten."
        ),
    ),
    DemoIdea(
        title="Starkregen-Warnung für Beyenburg",
        topic="umwelt-klima",
        district="langerfeld-beyenburg",
        days_ago=41,
        supports=23,
        place="Ortskern von Beyenburg an der Wupper und am Stausee",
        summary_easy=(
            "Bei starkem Regen gibt es in Beyenburg oft Hochwasser. Messgeräte sollen den Regen "
            "und das Wasser messen. Bei Gefahr bekommen die Menschen eine Nachricht auf das "
            "Handy."
        ),
        text=(
            "Beyenburg liegt direkt an der Wupper und am Stausee. Bei Starkregen laufen die "
            "Bäche aus den Hängen schnell voll, und die Straßen im Ortskern stehen unter "
            "Wasser.\n\n"
            "Ich schlage ein lokales Warnsystem vor: Regenmesser und Pegelsensoren an den "
            "Zuflüssen, deren Daten automatisch ausgewertet werden. Wird es kritisch, bekommen "
            "registrierte Anwohnerinnen und Anwohner eine Nachricht aufs Handy, und die "
            "Feuerwehr wird gewarnt. So bleibt Zeit, Keller zu sichern und Autos umzuparken."
        ),
    ),
    DemoIdea(
        title="Das LoRaWAN-Netz für Schulen und Vereine öffnen",
        topic="sensorik-lorawan",
        district="uellendahl-katernberg",
        days_ago=6,
        supports=7,
        place="Schulen und Sportvereine in Uellendahl-Katernberg",
        text=(
            "Die Stadtwerke betreiben ein LoRaWAN-Funknetz für Sensoren. Schulen, Vereine und "
            "Hobby-Bastlerinnen dürfen es aber nicht nutzen. Dabei gäbe es viele Ideen: eine "
            "Wetterstation auf dem Schulhof, Temperaturmessung im Vereinsheim, der Füllstand "
            "der Regentonne im Gemeinschaftsgarten.\n\n"
            "Ich schlage vor, das Netz für gemeinnützige Projekte kostenlos zu öffnen, mit einer "
            "einfachen Anmeldung und ein paar Anleitungen. Die Messdaten könnten freiwillig im "
            "offenen Datenportal landen. So lernen Kinder ganz praktisch, wie digitale Technik "
            "funktioniert."
        ),
    ),
    DemoIdea(
        title="Füllstandssensoren für öffentliche Mülleimer",
        topic="sensorik-lorawan",
        district="elberfeld",
        days_ago=59,
        supports=40,
        status=Status.IMPLEMENTED,
        steps=[
            (Status.IN_REVIEW, REVIEW_NOTE),
            (Status.PILOT, "Test mit 40 Sensoren in der Elberfelder Innenstadt."),
            (Status.IMPLEMENTED, "Nach dem erfolgreichen Test sind 250 Mülleimer ausgestattet."),
        ],
        image=True,
        place="Neumarkt und Fußgängerzone Poststraße",
        text=(
            "Am Wochenende quellen die Mülleimer am Neumarkt und in der Poststraße über, unter "
            "der Woche werden halb leere Eimer geleert.\n\n"
            "Sensoren im Deckel könnten den Füllstand melden, damit die Abfallwirtschaft ihre "
            "Touren nach Bedarf plant. Überfüllte Eimer, Möwen und Ratten würden seltener, und "
            "die Fahrzeuge müssten weniger fahren. Andere Städte haben damit die Zahl der "
            "Leerungsfahrten deutlich gesenkt."
        ),
        answer=Answer(
            text=(
                "Nach einem sechsmonatigen Test mit 40 Sensoren in der Elberfelder Innenstadt "
                "sind jetzt 250 Mülleimer ausgestattet. Die Abfallwirtschaft plant ihre Touren "
                "nach den Füllständen; überfüllte Eimer wurden im Testgebiet rund 60 Prozent "
                "seltener gemeldet."
            ),
            scores=_scores(
                3,
                "Sauberere Plätze, weniger Leerungsfahrten.",
                2,
                "Günstige Sensoren, Betrieb über das vorhandene Funknetz.",
                5,
                "Im Test bewährt.",
                5,
                "Keine personenbezogenen Daten.",
            ),
        ),
    ),
    DemoIdea(
        title="Bauanträge vollständig digital einreichen",
        topic="digitale-verwaltung",
        district="ronsdorf",
        days_ago=17,
        supports=11,
        text=(
            "Wer in Wuppertal ein Carport oder einen Anbau beantragen will, druckt heute noch "
            "dicke Mappen mit Plänen in mehrfacher Ausfertigung aus. Rückfragen der Bauaufsicht "
            "kommen per Brief, und niemand weiß, wo der Antrag gerade liegt.\n\n"
            "Ich schlage vor, Bauanträge vollständig digital einzureichen und den "
            "Bearbeitungsstand online einsehbar zu machen – so wie es der digitale Bauantrag des "
            "Landes bereits ermöglicht. Architekturbüros, Handwerk und private Bauherren würden "
            "Zeit und Papier sparen."
        ),
    ),
    DemoIdea(
        title="Mängelmelder: Schlaglöcher und defekte Laternen per App melden",
        topic="digitale-verwaltung",
        district="heckinghausen",
        days_ago=28,
        supports=31,
        image=True,
        text=(
            "Kaputte Laternen, Schlaglöcher, wilder Müll: Heute muss man herausfinden, welches "
            "Amt zuständig ist, und dort anrufen oder eine E-Mail schreiben.\n\n"
            "Ich schlage einen Mängelmelder vor, in dem man ein Foto macht, den Ort auf der "
            "Karte markiert und eine Kategorie wählt. Die Meldung landet automatisch beim "
            "richtigen Amt, und man sieht den Bearbeitungsstand. Alle Meldungen erscheinen "
            "anonymisiert auf einer Karte, damit nicht zehn Leute dasselbe Schlagloch melden."
        ),
    ),
    DemoIdea(
        title="Freie Ladepunkte für E-Autos in Echtzeit anzeigen",
        topic="mobilitaet-parken",
        district="cronenberg",
        days_ago=11,
        supports=14,
        place="Ladesäulen am Rathausplatz Cronenberg",
        text=(
            "In Cronenberg gibt es nur wenige öffentliche Ladesäulen, und oft sind sie von "
            "Autos belegt, die längst fertig geladen haben.\n\n"
            "Ich schlage vor, alle städtischen Ladepunkte mit einem Belegungssensor "
            "auszustatten und den Status in Echtzeit über eine offene Schnittstelle zu "
            "veröffentlichen. Dazu ein Hinweis, wenn ein Auto nach dem Laden noch länger als "
            "eine Stunde steht. So finden E-Autofahrerinnen schneller einen freien Platz, und "
            "die wenigen Säulen werden besser genutzt."
        ),
    ),
    DemoIdea(
        title="Eine Karte der Hitzeinseln in der Innenstadt",
        topic="umwelt-klima",
        district="elberfeld",
        days_ago=23,
        supports=20,
        image=True,
        place="Plätze der Elberfelder Innenstadt, z. B. Neumarkt und Kerstenplatz",
        text=(
            "Im Sommer wird es auf manchen Plätzen in Elberfeld unerträglich heiß, während es "
            "wenige Straßen weiter unter Bäumen angenehm ist.\n\n"
            "Ich schlage ein Netz aus einfachen Temperatur- und Feuchtesensoren vor, die über "
            "das LoRaWAN-Netz messen, wo die Hitzeinseln der Stadt liegen. Die Karte hilft bei "
            "der Planung von Bäumen, Trinkbrunnen und schattigen Sitzplätzen. In Hitzewellen "
            "könnte sie außerdem kühle Orte für ältere Menschen anzeigen."
        ),
    ),
    DemoIdea(
        title="Makerspace mit 3D-Druckern in der Zentralbibliothek",
        topic="bildung-kultur",
        district="elberfeld",
        days_ago=36,
        supports=26,
        place="Zentralbibliothek Elberfeld",
        text=(
            "Viele Jugendliche haben noch nie einen 3D-Drucker, einen Lasercutter oder einen "
            "Mikrocontroller ausprobiert.\n\n"
            "Ich schlage vor, in der Zentralbibliothek einen offenen Makerspace einzurichten: "
            "ein Raum mit Geräten, festen Öffnungszeiten und Ehrenamtlichen, die erklären, wie "
            "alles funktioniert. Schulen könnten Projekttage buchen, Seniorinnen und Senioren "
            "Reparaturcafés veranstalten. Die Bibliothek wird so vom Ort der Bücher zum Ort des "
            "gemeinsamen Lernens und Ausprobierens."
        ),
    ),
    DemoIdea(
        title="Digitale Ehrenamtsbörse für Oberbarmen",
        topic="bildung-kultur",
        district="oberbarmen",
        days_ago=4,
        supports=4,
        text=(
            "Viele Menschen würden sich gern engagieren, finden aber nicht das passende Angebot. "
            "Vereine und Initiativen in Oberbarmen suchen dagegen dringend Helferinnen und "
            "Helfer, zum Beispiel für Hausaufgabenhilfe, Sprachcafés oder Stadtteilfeste.\n\n"
            "Eine Ehrenamtsbörse im Netz könnte beides zusammenbringen: Angebote nach Stadtteil, "
            "Zeitaufwand und Thema filtern, direkt Kontakt aufnehmen und auch kurzfristige "
            "Einsätze finden. Wichtig wären eine einfache Bedienung und Übersetzungen in die "
            "häufigsten Sprachen."
        ),
    ),
    DemoIdea(
        title="Glasfaser und stabiles WLAN für alle Schulen in Heckinghausen",
        topic="breitband-weisse-flecken",
        district="heckinghausen",
        days_ago=45,
        supports=31,
        status=Status.IN_REVIEW,
        steps=[
            (
                Status.IN_REVIEW,
                "Das Schulverwaltungsamt prüft den Ausbaustand aller Schulen im Bezirk.",
            )
        ],
        text=(
            "Die Schulen in Heckinghausen haben inzwischen Tablets und digitale Tafeln, aber die "
            "Internetleitung reicht nicht, wenn eine ganze Klasse gleichzeitig online ist. "
            "Lehrkräfte berichten, dass Videos ruckeln und Online-Tests abbrechen.\n\n"
            "Ich schlage vor, alle Schulen im Bezirk vorrangig ans Glasfasernetz anzuschließen "
            "und in jedem Klassenraum stabiles WLAN einzurichten. Die Fördermittel aus dem "
            "Digitalpakt sollten dafür genutzt werden, bevor sie verfallen."
        ),
    ),
    DemoIdea(
        title="Funklöcher im Burgholz und an der Sambatrasse kartieren",
        topic="breitband-weisse-flecken",
        district="elberfeld-west",
        days_ago=31,
        supports=19,
        place="Staatsforst Burgholz und Sambatrasse",
        text=(
            "Wer im Burgholz wandert oder auf der Sambatrasse Rad fährt, hat an vielen Stellen "
            "keinen Handyempfang. Im Notfall kann das gefährlich werden.\n\n"
            "Ich schlage vor, die Funklöcher systematisch zu erfassen: Freiwillige laufen mit "
            "einer App die Wege ab, die Signalstärke wird automatisch aufgezeichnet. Die Karte "
            "wird veröffentlicht und den Mobilfunkanbietern sowie der Bundesnetzagentur "
            "übergeben. Zusätzlich sollten an den Wanderparkplätzen Schilder mit den "
            "Rettungspunkten stehen."
        ),
    ),
    DemoIdea(
        title="Aufzüge an Bahnhöfen und Schwebebahn: Status online anzeigen",
        topic="mobilitaet-parken",
        district="barmen",
        days_ago=14,
        supports=24,
        image=True,
        place="Bahnhof Barmen und Schwebebahn-Stationen",
        summary_easy=(
            "Manche Menschen brauchen einen Aufzug. Oft ist der Aufzug kaputt. Im Internet soll "
            "stehen, welcher Aufzug gerade funktioniert."
        ),
        text=(
            "Für Menschen im Rollstuhl, mit Rollator oder Kinderwagen ist ein defekter Aufzug "
            "ein großes Problem: Man merkt es erst, wenn man davor steht.\n\n"
            "Ich schlage vor, dass alle Aufzüge an Bahnhöfen, Schwebebahn-Stationen und "
            "städtischen Gebäuden ihren Status automatisch melden. In der Fahrplan-App und auf "
            "einer Webseite sieht man dann vor der Fahrt, ob der Aufzug am Barmer Bahnhof "
            "funktioniert, und bekommt eine barrierefreie Alternative vorgeschlagen."
        ),
    ),
    DemoIdea(
        title="Digitales Erinnerungsarchiv für Vohwinkel",
        topic="bildung-kultur",
        district="vohwinkel",
        days_ago=19,
        supports=6,
        text=(
            "In vielen Vohwinkeler Familien liegen alte Fotos von der Schwebebahn-Endstation, "
            "vom Markt und von Fabriken, die es heute nicht mehr gibt. Wenn niemand sie sammelt, "
            "gehen sie verloren.\n\n"
            "Ich schlage ein digitales Stadtteilarchiv vor: Das Stadtarchiv organisiert "
            "Scan-Tage im Stadtteil, und die Bilder erscheinen mit den Geschichten der "
            "Zeitzeugen auf einer Karte. Schulklassen könnten Interviews führen und so die "
            "Geschichte ihres Viertels kennenlernen."
        ),
    ),
    DemoIdea(
        title="Sensoren für die Regenrückhaltebecken in Ronsdorf",
        topic="umwelt-klima",
        district="ronsdorf",
        days_ago=27,
        supports=13,
        text=(
            "Die Regenrückhaltebecken in Ronsdorf sollen bei Starkregen verhindern, dass Straßen "
            "und Keller volllaufen. Ob sie rechtzeitig geleert oder von Laub und Ästen verstopft "
            "sind, wird aber nur bei Kontrollgängen geprüft.\n\n"
            "Ich schlage Füllstands- und Durchflusssensoren vor, die ihre Werte über LoRaWAN an "
            "die Stadtentwässerung senden. Verstopfungen würden so sofort erkannt, und bei "
            "angekündigtem Unwetter wüsste man, wie viel Platz noch frei ist."
        ),
    ),
    DemoIdea(
        title="Sitzungen der Bezirksvertretung Vohwinkel online verfolgen",
        topic="digitale-verwaltung",
        district="vohwinkel",
        days_ago=24,
        supports=17,
        text=(
            "Die Sitzungen der Bezirksvertretung Vohwinkel finden tagsüber statt. Wer arbeitet "
            "oder kleine Kinder hat, kann kaum teilnehmen.\n\n"
            "Ich schlage vor, die öffentlichen Sitzungen im Internet zu übertragen und einmal im "
            "Monat eine digitale Sprechstunde anzubieten, in der Bürgerinnen und Bürger per "
            "Video oder Chat Fragen an die Bezirksvertretung stellen können. Protokolle und "
            "Beschlüsse sollten außerdem leicht auffindbar und verständlich zusammengefasst "
            "online stehen."
        ),
    ),
    DemoIdea(
        title="Turnhallen und Sportplätze online buchen",
        topic="digitale-verwaltung",
        district="cronenberg",
        days_ago=2,
        supports=0,
        author=RESIDENT_LOGIN,
        text=(
            "Sportvereine und Freizeitgruppen in Cronenberg müssen Hallenzeiten heute per "
            "Formular beim Sportamt beantragen. Welche Zeiten noch frei sind, weiß niemand "
            "genau, und abgesagte Trainings bleiben oft ungenutzt.\n\n"
            "Ich schlage ein Online-Buchungssystem für städtische Turnhallen und Sportplätze "
            "vor: freie Zeiten einsehen, anfragen, kurzfristig wieder freigeben. So könnten auch "
            "kleine Gruppen, etwa Seniorensport oder Inklusionsteams, leichter einen Platz "
            "finden."
        ),
    ),
    DemoIdea(
        title="Kameras gegen Falschparker auf der Uellendahler Straße",
        topic="sensorik-lorawan",
        district="uellendahl-katernberg",
        days_ago=40,
        supports=5,
        status=Status.DECLINED,
        steps=[(Status.IN_REVIEW, REVIEW_NOTE), (Status.DECLINED, None)],
        place="Uellendahler Straße",
        text=(
            "Auf der Uellendahler Straße wird ständig in zweiter Reihe und auf dem Radweg "
            "geparkt. Busse stecken fest, Radfahrende müssen in den Verkehr ausweichen. Das "
            "Ordnungsamt kann nicht ständig vor Ort sein.\n\n"
            "Ich schlage vor, an den kritischen Stellen Kameras mit automatischer "
            "Kennzeichenerkennung aufzustellen, die Falschparker erkennen und an das "
            "Ordnungsamt melden. So würde konsequent kontrolliert, und die Straße wäre wieder "
            "frei für Bus und Rad."
        ),
        decline_reason=(
            "Eine automatische Kennzeichenerfassung, um Parkverstöße zu verfolgen, ist "
            "rechtlich nicht zulässig: Das Datenschutzrecht erlaubt es nicht, anlasslos alle "
            "vorbeifahrenden Fahrzeuge zu erfassen. Wir haben das Anliegen aber an das "
            "Ordnungsamt weitergegeben: Die Uellendahler Straße wird häufiger kontrolliert, und "
            "die Verkehrsplanung prüft Poller am Radweg."
        ),
        answer=Answer(
            text=(
                "Vielen Dank für den Hinweis auf die gefährliche Situation. Kameras mit "
                "Kennzeichenerkennung dürfen wir dafür nicht einsetzen (siehe Begründung). "
                "Stattdessen kontrolliert das Ordnungsamt häufiger, und die Verkehrsplanung "
                "prüft bauliche Lösungen."
            ),
            scores=_scores(
                3,
                "Würde Busse und Radverkehr spürbar entlasten.",
                3,
                "Kameras und Auswertung an mehreren Standorten.",
                3,
                "Technisch machbar.",
                1,
                "Anlasslose Kennzeichenerfassung ist nicht zulässig.",
            ),
        ),
    ),
]


def _ensure_named(model, rows):
    """Get or create rows keyed by slug (or, if an editor changed the slug, by name)."""
    objects = {}
    for order, (slug, name, *extra) in enumerate(rows, start=1):
        obj = model.objects.filter(slug=slug).first() or model.objects.filter(name=name).first()
        if obj is None:
            obj = model(slug=slug, name=name, order=order)
            if extra:
                obj.description = extra[0]
            obj.save()
        objects[slug] = obj
    return objects


def ensure_topics():
    return _ensure_named(Topic, TOPICS)


def ensure_districts():
    return _ensure_named(District, DISTRICTS)


def ensure_settings():
    rules = ParticipationSettings.load()
    if (rules.support_threshold, rules.collection_days) != (THRESHOLD, COLLECTION_DAYS):
        rules.support_threshold, rules.collection_days = THRESHOLD, COLLECTION_DAYS
        rules.save()
    return rules


def _ensure_accounts(people, *, notify=User.Notify.IMMEDIATE):
    """Users for ``[(email, display_name)]`` with a verified address; existing ones stay as
    they are. Returns them in the given order."""
    emails = [email for email, _name in people]
    existing = {user.email: user for user in User.objects.filter(email__in=emails)}
    missing = []
    for email, name in people:
        if email not in existing:
            user = User(email=email, display_name=name, language="de", notify=notify)
            user.set_unusable_password()
            missing.append(user)
    for user in User.objects.bulk_create(missing):
        existing[user.email] = user
    users = [existing[email] for email in emails]
    verified = set(
        EmailAddress.objects.filter(user__in=users, verified=True).values_list("user_id", flat=True)
    )
    unverified = [user for user in users if user.pk not in verified]
    if unverified:
        # An existing unverified address (left by a sign-up) would clash with a new row.
        EmailAddress.objects.filter(user__in=unverified).delete()
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True)
            for user in unverified
        )
    return users


def supporter_name(number):
    first = SUPPORTER_FIRST_NAMES[(number - 1) % len(SUPPORTER_FIRST_NAMES)]
    initial = SUPPORTER_INITIALS[(number * 7) % len(SUPPORTER_INITIALS)]
    return f"{first} {initial}."


def _supporters_needed(residents):
    """Extra supporter accounts so that every idea can get its supports without its author."""
    most = max(spec.supports for spec in IDEAS)
    return max(0, most - (len(residents) - 1))


def _times(rng, start, end, count, recent_bias):
    """``count`` sorted times between ``start`` and ``end``, denser towards ``end`` when
    ``recent_bias`` > 1 (a trending idea)."""
    span = (end - start).total_seconds()
    return sorted(
        start + timedelta(seconds=span * rng.random() ** (1 / recent_bias)) for _ in range(count)
    )


def _create_idea(spec, *, now, topics, districts, author, supporters, editor):
    rng = random.Random(spec.title)  # noqa: S311 - reproducible demo data, not security
    created = now - timedelta(
        days=spec.days_ago, hours=rng.randint(0, 10), minutes=rng.randint(0, 59)
    )
    published = created + timedelta(minutes=rng.randint(1, 20))
    # Status changes after publication happen in the last third of the idea's life so far.
    step_times = sorted(now - (now - published) * rng.uniform(0.05, 0.35) for _ in spec.steps)
    collecting_until = step_times[0] if step_times else now - timedelta(minutes=rng.randint(5, 300))

    idea = Idea(
        title=spec.title,
        text=spec.text,
        summary_easy=spec.summary_easy,
        topic=topics[spec.topic],
        district=districts[spec.district],
        place=spec.place,
        author=author,
        status=spec.status,
        decline_reason=spec.decline_reason,
        created=created,
        published_at=published,
        collection_ends_at=published + timedelta(days=COLLECTION_DAYS),
    )
    if spec.image:
        image = demo_images.make_image(spec.title, spec.topic)  # random name, like an upload
        idea.image.save(image.name, image, save=False)
        idea.image_alt = demo_images.describe(spec.title, spec.topic)
    idea.save()

    # Supports: bulk, then the counters from the rows actually written.
    candidates = [user for user in supporters if user.pk != author.pk]
    chosen = rng.sample(candidates, spec.supports)
    times = _times(rng, published, collecting_until, spec.supports, rng.choice((1, 1, 2, 3)))
    Support.objects.bulk_create(
        Support(idea=idea, user=user, created=at) for user, at in zip(chosen, times, strict=True)
    )
    Follow.objects.create(idea=idea, user=author, created=created)

    threshold_reached_at = None
    if spec.status == Status.THRESHOLD_REACHED:
        threshold_reached_at = times[THRESHOLD - 1] if len(times) >= THRESHOLD else published
        step_times = [threshold_reached_at]
        steps = [(Status.THRESHOLD_REACHED, "")]
        by_editor = False
    else:
        steps = spec.steps
        by_editor = True

    history = [
        IdeaStatusChange(
            idea=idea,
            from_status="",
            to_status=Status.PUBLISHED,
            changed_by=author,
            created=published,
        )
    ]
    previous = Status.PUBLISHED
    for (to_status, note), at in zip(steps, step_times, strict=True):
        if note is None:  # the decline note is the public reason
            note = spec.decline_reason
        history.append(
            IdeaStatusChange(
                idea=idea,
                from_status=previous,
                to_status=to_status,
                note=note,
                changed_by=editor if by_editor else None,
                created=at,
            )
        )
        previous = to_status
    if previous != spec.status:
        raise ValueError(f"Demo idea {spec.title!r}: steps end in {previous}, not {spec.status}")
    IdeaStatusChange.objects.bulk_create(history)

    if spec.answer:
        answered = step_times[-1] if step_times else now
        OfficialAnswer.objects.create(
            idea=idea,
            text=spec.answer.text,
            answered_by=editor,
            created=answered,
            **spec.answer.scores,
        )
        OfficialAnswer.objects.filter(idea=idea).update(updated=answered)

    recent_since = now - timedelta(days=14)
    Idea.objects.filter(pk=idea.pk).update(
        reference=make_reference(idea),
        support_count=Support.objects.filter(idea=idea).count(),
        recent_support_count=Support.objects.filter(idea=idea, created__gte=recent_since).count(),
        threshold_reached_at=threshold_reached_at,
        updated=step_times[-1] if step_times else published,
    )
    return idea


@transaction.atomic
def load():
    """Create whatever demo content is missing; returns a one-line summary."""
    now = timezone.now()
    topics = ensure_topics()
    districts = ensure_districts()
    ensure_settings()

    logins = {user.email: user for user in _ensure_accounts(list(DEMO_LOGINS.items()))}
    residents = _ensure_accounts(
        [(resident_email(n), name) for n, name in enumerate(RESIDENT_NAMES, start=1)]
    )
    extra = _ensure_accounts(
        [
            (supporter_email(n), supporter_name(n))
            for n in range(1, _supporters_needed(residents) + 1)
        ],
        notify=User.Notify.NONE,
    )
    supporters = residents + extra
    editor = logins[EDITOR_LOGIN]

    existing = set(
        Idea.objects.filter(title__in=[s.title for s in IDEAS]).values_list("title", flat=True)
    )
    created = 0
    next_resident = 0
    for spec in IDEAS:
        if isinstance(spec.author, str):
            author = logins[spec.author]
        else:
            author = residents[next_resident % len(residents)]
            next_resident += 1
        if spec.title in existing:
            continue
        _create_idea(
            spec,
            now=now,
            topics=topics,
            districts=districts,
            author=author,
            supporters=supporters,
            editor=editor,
        )
        created += 1
    return (
        f"{len(IDEAS)} Demo-Ideen ({created} neu), {len(TOPICS)} Themen, "
        f"{len(DISTRICTS)} Stadtbezirke, {len(residents) + len(extra)} Demo-Konten"
    )
