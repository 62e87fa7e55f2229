"""The data export holds everything stored about the person (issue 12, item 3).

Every model with a relation to the account is either in ``EXPORTED`` (and a row of it made for
the person shows up in the downloaded ZIP) or in ``NOT_THE_PERSONS_DATA`` with the reason: a new
model that references users fails ``test_every_model_that_references_an_account_is_classified``
until someone decides where it goes.
"""

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from ideas import services as idea_services
from ideas.models import PendingImage, PendingNotification
from participation.accounts.models import ResearcherRoleRequest
from tests.export import read_export
from tests.factories import (
    AssessmentFactory,
    CommentFactory,
    IdeaFactory,
    PartnerOfferFactory,
    ReportFactory,
    ResearcherFactory,
    ResearcherProfileFactory,
    research_group,
    university_index,
)
from tests.ideas.image_samples import jpeg_with_gps_bytes

pytestmark = pytest.mark.django_db

#: "app.Model.field" → the export section that holds it.
EXPORTED = {
    "account.EmailAddress.user": "email_addresses",
    "accounts.ResearcherRoleRequest.user": "researcher_role",
    "ideas.Idea.author": "ideas",
    "ideas.Support.user": "supports",
    "ideas.Follow.user": "follows",
    "ideas.PendingImage.user": "images_not_yet_published",
    "ideas.PendingNotification.user": "notifications_waiting",
    "reports.Report.reporter": "reports",
    "discussion.Comment.user": "comments",
    "django_comments_xtd.XtdComment.user": "comments",
    "django_comments.Comment.user": "comments",
    "research.ResearcherProfile.user": "researcher_profile",
    "research.Assessment.author": "assessments",
    "research.PartnerOffer.offered_by": "partner_offers",
    "research.ResearchGroupPage.members": "research_groups",
}

EDITORIAL = "the editorial team's work in the admin (the city's records of its own acts)"
#: "app.Model.field" → why it is not part of a person's export.
NOT_THE_PERSONS_DATA = {
    "accounts.ResearcherRoleRequest.decided_by": EDITORIAL,
    "ideas.IdeaStatusChange.changed_by": EDITORIAL,
    "ideas.OfficialAnswer.answered_by": EDITORIAL,
    "django_comments.CommentFlag.user": "not used: reports of comments are reports.Report",
    "wagtailusers.UserProfile.user": "admin preferences (language, time zone) of staff",
    "wagtaildocs.Document.uploaded_by_user": EDITORIAL,
    "wagtailimages.Image.uploaded_by_user": EDITORIAL,
    "wagtailadmin.EditingSession.user": EDITORIAL,
    "wagtailadmin.FormState.user": EDITORIAL,
    "wagtailcore.APIToken.user": EDITORIAL,
    "wagtailcore.ModelLogEntry.user": EDITORIAL,
    "wagtailcore.Revision.user": EDITORIAL,
    "wagtailcore.UploadedFile.uploaded_by_user": EDITORIAL,
    "wagtailcore.WorkflowState.requested_by": EDITORIAL,
    "wagtailcore.TaskState.finished_by": EDITORIAL,
    "wagtailcore.PageLogEntry.user": EDITORIAL,
    "wagtailcore.Comment.user": EDITORIAL,
    "wagtailcore.Comment.resolved_by": EDITORIAL,
    "wagtailcore.CommentReply.user": EDITORIAL,
    "wagtailcore.PageSubscription.user": EDITORIAL,
    "admin.LogEntry.user": "Django's admin is not mounted",
}
#: Every page type has ``owner`` and ``locked_by`` (Wagtail's, editorial).
PAGE_FIELDS = {"owner", "locked_by"}


def references_to_accounts():
    user_model = get_user_model()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and not field.auto_created and field.related_model is user_model:
                yield model, field


def test_every_model_that_references_an_account_is_classified():
    from wagtail.models import Page

    unclassified = []
    for model, field in references_to_accounts():
        if issubclass(model, Page) and field.name in PAGE_FIELDS:
            continue
        key = f"{model._meta.label}.{field.name}"
        if key not in EXPORTED and key not in NOT_THE_PERSONS_DATA:
            unclassified.append(key)
    assert unclassified == []


def test_the_export_holds_a_row_of_every_exported_model(client, home, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    person = ResearcherFactory(display_name="Rita Rundum", email="rita@uni-wuppertal.de")
    EmailAddress.objects.create(user=person, email="rita@example.org", verified=False)
    ResearcherRoleRequest.objects.create(user=person, email="rita@uni-wuppertal.de")
    idea = IdeaFactory(author=person, title="Pegelsensoren an der Wupper")
    idea.image.save("pegel.jpg", ContentFile(jpeg_with_gps_bytes()))
    idea.save()
    other = IdeaFactory(title="Trinkbrunnen am Laurentiusplatz")
    idea_services.support_idea(person, other)
    idea_services.follow(person, other)
    pending = PendingImage(user=person)
    pending.file.save("vorschau.jpg", ContentFile(b"jpeg"), save=False)
    pending.save()
    PendingNotification.objects.create(
        user=person, idea=other, subject="Neuigkeit zum Trinkbrunnen", body="Text", delivery="daily"
    )
    ReportFactory(target=other, reporter=person, note="Doppelt eingereicht")
    CommentFactory(target=other, user=person, text="Ein Brunnen am Platz wäre schön.")
    ResearcherProfileFactory(user=person)
    AssessmentFactory(idea=other, author=person)
    PartnerOfferFactory(idea=other, offered_by=person, group_name="AG Wasser")
    research_group(university_index(home), "Hydrologie", members=[person])

    client.force_login(person)
    data, files = read_export(client.post("/konto/daten/"))

    sections = set(EXPORTED.values())
    empty = [name for name in sections if not data.get(name)]
    assert empty == []
    assert data["notifications_waiting"][0]["subject"] == "Neuigkeit zum Trinkbrunnen"
    assert data["comments"][0]["text"] == "Ein Brunnen am Platz wäre schön."
    assert data["research_groups"][0]["title"] == "Hydrologie"
    # The person's own files are in the archive, where the JSON says.
    assert data["ideas"][0]["image"] in files
    assert files[data["ideas"][0]["image"]] == idea.image.open("rb").read()
    assert data["images_not_yet_published"][0]["file"] in files
    assert data["files_missing"] == []
