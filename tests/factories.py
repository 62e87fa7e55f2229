"""Factories for test data. Every app's tests build their objects here."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

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
    verified = False


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
