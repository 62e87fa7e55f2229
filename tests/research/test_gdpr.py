"""Research data in the account export and after an account is deleted."""

import pytest
from django.urls import reverse

from participation.accounts import services as account_services
from research.models import ResearcherProfile
from research.services import offer_partnership
from tests.export import read_export
from tests.factories import AssessmentFactory, ResearcherProfileFactory

pytestmark = pytest.mark.django_db


def test_data_export_contains_assessments_offers_and_profile(client, idea, researcher):
    AssessmentFactory(idea=idea, author=researcher)
    offer_partnership(researcher, idea, group_name="Lehrstuhl X", kind="chair", message="M")
    ResearcherProfileFactory(user=researcher)
    client.force_login(researcher)

    data, _files = read_export(client.post(reverse("accounts:data")))

    assert data["assessments"][0]["recommendation"] == "pilot"
    assert data["partner_offers"][0]["group"] == "Lehrstuhl X"
    assert data["researcher_profile"]["orcid"] == "0000-0002-1825-0097"


def test_deleting_an_account_removes_the_profile_and_withdraws_open_offers(
    client, idea, researcher
):
    AssessmentFactory(idea=idea, author=researcher)
    offer = offer_partnership(researcher, idea, group_name="Lehrstuhl X", kind="chair", message="M")
    ResearcherProfileFactory(user=researcher, bio="Bio")

    account_services.delete_account(researcher)

    offer.refresh_from_db()
    assert offer.state == "withdrawn"
    assert not ResearcherProfile.objects.filter(user=researcher).exists()
    page = client.get(idea.get_absolute_url()).content.decode()
    assert (
        "Einschätzung von <bdi>Gelöschtes Konto</bdi>" in page
    )  # the assessment stays, anonymised
