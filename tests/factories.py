"""Factories for test data. Every app's tests build their objects here."""

from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

from participation.accounts.models import RESEARCHERS_GROUP, User


class UserFactory(factory.django.DjangoModelFactory):
    """A verified resident (email confirmed)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password("ein-sicheres-passwort-42")
    language = "de"

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if not create:
            return
        verified = True if extracted is None else extracted
        EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=verified)


class UnverifiedUserFactory(UserFactory):
    """An account whose email address is not confirmed yet."""

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=False)


class ResearcherFactory(UserFactory):
    email = factory.Sequence(lambda n: f"forscherin{n}@uni-wuppertal.de")
    institution = "Bergische Universität Wuppertal"
    research_group = "Lehrstuhl für Verkehrsplanung"

    @factory.post_generation
    def researcher_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get_or_create(name=RESEARCHERS_GROUP)[0])


class EditorFactory(UserFactory):
    @factory.post_generation
    def editor_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get_or_create(name="Editors")[0])


class ModeratorFactory(UserFactory):
    """A member of "Moderators": hides and restores, settles reports, blocks accounts."""

    @factory.post_generation
    def moderator_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get_or_create(name="Moderators")[0])


class VocabularyFactory(factory.django.DjangoModelFactory):
    """A topic or district: ``Thema 3`` with slug ``thema-3``; the slug is looked up first."""

    class Meta:
        abstract = True
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Eintrag {n}")
    slug = factory.LazyAttribute(lambda term: slugify(term.name))


class TopicFactory(VocabularyFactory):
    class Meta:
        model = "ideas.Topic"

    name = factory.Sequence(lambda n: f"Thema {n}")


class DistrictFactory(VocabularyFactory):
    class Meta:
        model = "ideas.District"

    name = factory.Sequence(lambda n: f"Bezirk {n}")


class IdeaFactory(factory.django.DjangoModelFactory):
    """A published idea collecting support, created the way services.create_idea stores it."""

    class Meta:
        model = "ideas.Idea"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Parkleitsystem für Elberfeld {n}")
    text = (
        "Freie Parkplätze sollen mit Sensoren erfasst und an digitalen Tafeln angezeigt "
        "werden, damit weniger Suchverkehr durch die Innenstadt fährt."
    )
    topic = factory.SubFactory(TopicFactory)
    district = factory.SubFactory(DistrictFactory)
    author = factory.SubFactory(UserFactory)
    status = "published"
    published_at = factory.LazyFunction(timezone.now)
    collection_ends_at = factory.LazyAttribute(lambda o: o.published_at + timedelta(days=90))

    @factory.post_generation
    def reference(self, create, extracted, **kwargs):
        if create:
            from ideas.services import make_reference

            self.reference = extracted or make_reference(self)
            self.save(update_fields=["reference"])


class FollowFactory(factory.django.DjangoModelFactory):
    """A resident following an idea (as the "Folgen" button or a support makes them)."""

    class Meta:
        model = "ideas.Follow"

    idea = factory.SubFactory(IdeaFactory)
    user = factory.SubFactory(UserFactory)


# --- Reports --------------------------------------------------------------------------------


class ReportFactory(factory.django.DjangoModelFactory):
    """An open report on ``target`` (an idea or a comment), stored as ``reports.file_report``
    stores it. It touches no counter: to report as a resident does, use the app's service
    (``ideas.services.report_idea``, ``discussion.services.report_comment``)."""

    class Meta:
        model = "reports.Report"

    target = factory.SubFactory(IdeaFactory)
    reporter = factory.SubFactory(UserFactory)
    reason = "spam"
    note = ""


# --- Discussion -----------------------------------------------------------------------------


class CommentFactory(factory.Factory):
    """A published comment (or a reply to ``parent``), posted the way the comment form posts
    it: ``discussion.services.post_comment`` (thread, counter, auto-follow, notice)."""

    class Meta:
        model = "discussion.Comment"

    target = factory.SubFactory(IdeaFactory)
    user = factory.SubFactory(UserFactory)
    text = "Ein Kommentar."
    parent = None

    @classmethod
    def _create(cls, model_class, target, user, text, parent):
        from discussion.services import post_comment

        return post_comment(user, target, text, parent=parent)

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        raise NotImplementedError("Comments exist only as posted: use CommentFactory().")


# --- Research -------------------------------------------------------------------------------


def assessment_values(**overrides):
    """The fields of an assessment as ``research.services.publish_assessment`` takes them."""
    values = {
        "technical_rating": 5,
        "technical_text": "Pegelsensoren mit Ultraschall sind erprobt.\nSie senden über LoRaWAN.",
        "data_protection_text": "Es werden nur Wasserstände gemessen.",
        "cost_range": "lt50k",
        "cost_text": "Zehn Messstellen.",
        "evidence": "https://example.org/studie\nhttp://example.org/daten",
        "partners_text": "Wupperverband",
        "data_sensors_text": "Pegelsensoren",
        "recommendation": "pilot",
        "recommendation_text": "Ein Pilot lohnt sich.",
    }
    values.update(overrides)
    return values


class AssessmentFactory(factory.Factory):
    """A published assessment, through ``research.services.publish_assessment`` (exact
    ``assessment_count``; the author and followers are told after commit). Fields override
    ``assessment_values()``."""

    class Meta:
        model = "research.Assessment"

    idea = factory.SubFactory(IdeaFactory)
    author = factory.SubFactory(ResearcherFactory)

    @classmethod
    def _create(cls, model_class, idea, author, **overrides):
        from research.services import publish_assessment

        assessment, _created = publish_assessment(author, idea, assessment_values(**overrides))
        return assessment

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        raise NotImplementedError("Assessments exist only as published: use AssessmentFactory().")


class PartnerOfferFactory(factory.django.DjangoModelFactory):
    """A partner offer in any state (``state="accepted"`` …), stored directly. To offer as a
    researcher does, use ``research.services.offer_partnership``."""

    class Meta:
        model = "research.PartnerOffer"

    idea = factory.SubFactory(IdeaFactory)
    offered_by = factory.SubFactory(ResearcherFactory)
    group = None
    group_name = factory.LazyAttribute(lambda o: o.group.title if o.group else "Lehrstuhl X")
    kind = "chair"
    message = "Angebot"
    state = "offered"


class ResearcherProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "research.ResearcherProfile"

    user = factory.SubFactory(ResearcherFactory)
    orcid = "0000-0002-1825-0097"
    bio = ""


# --- University pages (Wagtail pages are added under a parent) -----------------------------


def university_index(parent, **fields):
    """``/universitaet/`` under ``parent`` (the home page, so its pages have URLs)."""
    from research.models import UniversityIndexPage

    fields.setdefault("title", "Universität")
    fields.setdefault("slug", "universitaet")
    fields.setdefault("intro", "<p>Stadt und Uni arbeiten zusammen.</p>")
    page = UniversityIndexPage(**fields)
    parent.add_child(instance=page)
    return page


def research_group(
    index, title="Sensornetze und IoT", *, members=(), topics=(), calls=(), **fields
):
    """A live research group page under the university index, behind ``calls``."""
    from research.models import ResearchGroupPage

    fields.setdefault("description", "<p>Wir forschen.</p>")
    fields.setdefault("contact_email", "gruppe@example.org")
    fields.setdefault("website", "https://example.org/gruppe")
    group = ResearchGroupPage(title=title, **fields)
    group.members = list(members)
    group.topics = list(topics)
    group.calls = list(calls)
    index.add_child(instance=group)
    return group


def call_for_use_cases(index, title="Aufruf: Sensordaten", *, deadline_days=30, **fields):
    """A live call under the university index, open for ``deadline_days`` more days
    (negative: closed)."""
    from ideas.models import CallForUseCasesPage

    fields.setdefault("question", "Wo helfen <em>Messdaten</em>?")
    fields.setdefault("deadline", timezone.localdate() + timedelta(days=deadline_days))
    call = CallForUseCasesPage(title=title, **fields)
    index.add_child(instance=call)
    return call


def idea_form_data(**overrides):
    """The propose form as a browser posts it: every field, the optional ones empty."""
    data = {
        "title": "Pegelsensoren an der Wupper",
        "text": (
            "An der Wupper fehlen Messpunkte für den Pegel. LoRaWAN-Sensoren an drei Brücken "
            "könnten Hochwasser früher melden."
        ),
        "topic": TopicFactory().pk,
        "district": DistrictFactory().pk,
        "place": "Brücke Kluse",
        "summary_easy": "",
        "image_alt": "",
    }
    data.update(overrides)
    return data
