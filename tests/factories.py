"""Factories for test data. Every app's tests build their objects here."""

from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

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


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "ideas.Topic"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.Sequence(lambda n: f"thema-{n}")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "ideas.District"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Bezirk {n}")
    slug = factory.Sequence(lambda n: f"bezirk-{n}")


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
