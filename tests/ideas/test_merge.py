"""Editors merge a duplicate idea into another: supports, followers, comments, pages, mails."""

import contextlib
import threading
import time

import pytest
from django.conf import settings
from django.db import OperationalError, connections, transaction
from django.urls import reverse

from discussion.targets import comments_for
from ideas import services
from ideas.models import Follow, Idea, IdeaStatusChange, PendingNotification, Support
from participation.accounts.gdpr import collect_sections, delete_personal_data
from tests.factories import (
    CommentFactory,
    EditorFactory,
    FollowFactory,
    IdeaFactory,
    UserFactory,
)
from tests.ideas.test_concurrency import logged_in_client, run_together

NOTE = "Beide Ideen schlagen Pegelsensoren an der Wupper vor."


def merge_url(idea):
    return reverse("ideas_admin:merge", args=[idea.pk])


def merge_form(target="", reference="", note=NOTE):
    """The form as a browser posts it: an untouched select sends its empty first option."""
    return {"target": str(target), "reference": reference, "note": note}


def supported_by(idea, *users):
    for user in users:
        services.support_idea(user, idea)
    return users


@pytest.fixture
def duplicates(db, threshold):
    """A (the target) and B (its duplicate), with two supporters each; one supports both."""
    threshold(1000)
    target = IdeaFactory(title="Pegelsensoren an der Wupper")
    source = IdeaFactory(title="Sensoren für den Wasserstand der Wupper")
    both = UserFactory(display_name="Beide Unterstützend")
    only_target = UserFactory()
    only_source = UserFactory()
    supported_by(target, both, only_target)
    supported_by(source, both, only_source)
    FollowFactory(idea=source, user=source.author)
    for idea in (source, target):
        idea.refresh_from_db()
    return source, target, {"both": both, "only_target": only_target, "only_source": only_source}


def merge(editor_client, source, target, django_capture_on_commit_callbacks):
    """Choose by reference (the select untouched), see the confirmation, confirm."""
    preview = editor_client.post(merge_url(source), merge_form(reference=target.reference))
    assert preview.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        done = editor_client.post(
            merge_url(source), {**merge_form(target=target.pk), "confirm": "yes"}
        )
    assert done.status_code == 302
    return preview, done


# --- The admin view ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_edit_page_offers_editors_the_merge(editor_client, duplicates):
    source, _target, _people = duplicates
    page = editor_client.get(reverse("wagtailsnippets_ideas_idea:edit", args=[source.pk]))
    assert merge_url(source) in page.content.decode()

    form = editor_client.get(merge_url(source))
    assert form.status_code == 200
    assert 'name="target"' in form.content.decode()
    assert 'name="note"' in form.content.decode()


@pytest.mark.django_db
def test_confirmation_says_what_will_happen_and_changes_nothing_yet(editor_client, duplicates):
    source, target, _people = duplicates
    response = editor_client.post(merge_url(source), merge_form(reference=target.reference))
    text = response.content.decode()
    assert "1 Unterstützung wird übertragen." in text
    assert "1 Person unterstützt beide Ideen und wird einmal gezählt." in text
    assert "Die andere Idee hat dann 3 statt 2 Unterstützungen." in text
    assert "Ja, zusammenführen" in text
    source.refresh_from_db()
    assert source.status == Idea.Status.PUBLISHED
    assert Support.objects.filter(idea=source).count() == 2


@pytest.mark.django_db
def test_merging_counts_a_person_who_supported_both_once(
    editor_client, editor, duplicates, django_capture_on_commit_callbacks
):
    source, target, people = duplicates
    merge(editor_client, source, target, django_capture_on_commit_callbacks)

    target.refresh_from_db()
    source.refresh_from_db()
    supporters = set(Support.objects.filter(idea=target).values_list("user_id", flat=True))
    assert supporters == {person.pk for person in people.values()}
    assert Support.objects.filter(idea=target, user=people["both"]).count() == 1
    assert target.support_count == 3
    assert not Support.objects.filter(idea=source).exists()
    assert source.status == Idea.Status.MERGED
    assert source.merged_into == target
    assert source.merge_note == NOTE
    change = IdeaStatusChange.objects.filter(idea=source).latest("created")
    assert (change.to_status, change.note, change.changed_by) == ("merged", NOTE, editor)


@pytest.mark.django_db
def test_followers_move_without_following_twice(
    editor_client, duplicates, django_capture_on_commit_callbacks
):
    source, target, people = duplicates
    follows_both = people["both"]  # supporting follows by default: follows A and B
    merge(editor_client, source, target, django_capture_on_commit_callbacks)

    followers = list(Follow.objects.filter(idea=target).values_list("user_id", flat=True))
    assert sorted(followers) == sorted(set(followers))
    assert {follows_both.pk, people["only_source"].pk, source.author_id} <= set(followers)
    assert not Follow.objects.filter(idea=source).exists()


@pytest.mark.django_db
def test_the_author_and_the_supporters_of_the_duplicate_are_told(
    editor_client, duplicates, mailoutbox, django_capture_on_commit_callbacks
):
    source, target, people = duplicates
    mailoutbox.clear()
    merge(editor_client, source, target, django_capture_on_commit_callbacks)

    told = {address for mail in mailoutbox for address in mail.to}
    expected = {source.author.email, people["both"].email, people["only_source"].email}
    assert expected <= told
    assert people["only_target"].email not in told
    mail = next(m for m in mailoutbox if m.to == [people["only_source"].email])
    assert "zusammengeführt" in mail.body
    assert NOTE in mail.body
    assert target.title in mail.body
    assert settings.SITE_URL + target.get_absolute_url() in mail.body


@pytest.mark.django_db
def test_a_supporter_who_chose_the_daily_digest_finds_the_merge_there(
    editor_client, duplicates, mailoutbox, django_capture_on_commit_callbacks
):
    source, target, people = duplicates
    people["only_source"].notify = "daily"
    people["only_source"].save(update_fields=["notify"])
    mailoutbox.clear()
    merge(editor_client, source, target, django_capture_on_commit_callbacks)

    assert people["only_source"].email not in {a for mail in mailoutbox for a in mail.to}
    pending = PendingNotification.objects.get(user=people["only_source"])
    assert pending.idea == source
    assert target.title in pending.subject
    assert NOTE in pending.body


@pytest.mark.django_db
def test_choosing_a_similar_idea_in_the_select_merges_into_it(
    editor_client, threshold, django_capture_on_commit_callbacks
):
    threshold(1000)
    target = IdeaFactory(title="Pegelsensoren an der Wupper melden Hochwasser")
    source = IdeaFactory(title="Pegelsensoren an der Wupper")
    form = editor_client.get(merge_url(source)).content.decode()
    assert f'value="{target.pk}"' in form

    preview = editor_client.post(merge_url(source), merge_form(target=target.pk))
    assert "Ja, zusammenführen" in preview.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(merge_url(source), {**merge_form(target=target.pk), "confirm": "yes"})
    source.refresh_from_db()
    assert source.merged_into == target


# --- The public pages ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_duplicate_redirects_and_the_target_lists_it_with_the_note(
    client, editor_client, duplicates, django_capture_on_commit_callbacks
):
    source, target, _people = duplicates
    merge(editor_client, source, target, django_capture_on_commit_callbacks)
    client.logout()

    response = client.get(source.get_absolute_url())
    assert response.status_code == 301
    assert response["Location"] == target.get_absolute_url()
    assert client.get(f"/ideen/{source.pk}/").status_code == 301

    page = client.get(target.get_absolute_url()).content.decode()
    assert "Zusammengeführte Ideen" in page
    assert f"„{source.title}“ ({source.reference}), am " in page
    assert "zusammengeführt mit dieser Idee" in page
    assert NOTE in page
    assert "3 von 1.000 Unterstützungen" in page


@pytest.mark.django_db
def test_a_visitor_of_the_duplicate_is_told_where_it_went_and_why(
    client, editor_client, duplicates, django_capture_on_commit_callbacks
):
    source, target, _people = duplicates
    merge(editor_client, source, target, django_capture_on_commit_callbacks)
    client.logout()

    response = client.get(source.get_absolute_url(), follow=True)
    assert response.redirect_chain == [(target.get_absolute_url(), 301)]
    page = response.content.decode()
    assert (
        f"Die Idee „{source.title}“ ({source.reference}) ist zusammengeführt mit "
        f"„{target.title}“. Begründung der Redaktion: {NOTE}"
    ) in page


@pytest.mark.django_db
def test_the_duplicates_author_sees_it_merged_in_my_participation(
    client, editor_client, duplicates, django_capture_on_commit_callbacks
):
    source, target, _people = duplicates
    merge(editor_client, source, target, django_capture_on_commit_callbacks)
    client.force_login(source.author)

    page = client.get(reverse("accounts:activity")).content.decode()
    assert f"Zusammengeführt mit „{target.title}“" in page


@pytest.mark.django_db
def test_the_duplicate_leaves_the_listing_search_and_open_data(
    client, editor_client, duplicates, django_capture_on_commit_callbacks
):
    source, target, _people = duplicates
    merge(editor_client, source, target, django_capture_on_commit_callbacks)
    client.logout()

    listing = client.get(reverse("ideas:list")).content.decode()
    assert target.title in listing
    assert source.title not in listing
    export = client.get(reverse("opendata:ideas_csv"))
    csv = b"".join(export.streaming_content).decode()
    assert target.reference in csv
    assert source.reference not in csv
    results = client.get("/suche/", {"q": "Wasserstand"}).content.decode()
    assert source.title not in results


@pytest.mark.django_db
def test_comments_of_the_duplicate_move_to_the_target(
    editor_client, duplicates, django_capture_on_commit_callbacks
):
    source, target, people = duplicates
    comment = CommentFactory(target=source, user=people["only_source"], text="Sehr gute Idee!")
    merge(editor_client, source, target, django_capture_on_commit_callbacks)

    assert list(comments_for(target)) == [comment]
    assert not comments_for(source).exists()
    target.refresh_from_db()
    assert target.comment_count == 1


@pytest.mark.django_db
def test_supporting_the_duplicate_after_the_merge_counts_for_the_target(
    client, editor_client, duplicates, django_capture_on_commit_callbacks
):
    source, target, people = duplicates
    merge(editor_client, source, target, django_capture_on_commit_callbacks)
    newcomer = UserFactory()
    client.force_login(newcomer)

    response = client.post(reverse("ideas:support", args=[source.pk]), follow=True)
    assert "Ihre Unterstützung zählt dort" in response.content.decode()
    assert Support.objects.filter(idea=target, user=newcomer).exists()
    assert not Support.objects.filter(idea=source).exists()

    client.force_login(people["both"])
    again = client.post(reverse("ideas:support", args=[source.pk]), follow=True)
    assert "Sie unterstützen diese Idee bereits" in again.content.decode()
    target.refresh_from_db()
    assert target.support_count == 4 == Support.objects.filter(idea=target).count()


@pytest.mark.django_db
def test_the_target_reaching_the_threshold_through_the_merge_moves_on(
    editor_client, threshold, duplicates, django_capture_on_commit_callbacks
):
    source, target, _people = duplicates
    threshold(3)
    merge(editor_client, source, target, django_capture_on_commit_callbacks)
    target.refresh_from_db()
    assert target.status != Idea.Status.PUBLISHED
    assert target.threshold_reached_at is not None
    assert IdeaStatusChange.objects.filter(idea=target, to_status="threshold_reached").exists()


@pytest.mark.django_db
def test_the_target_authors_support_of_the_duplicate_is_dropped(editor_client, threshold):
    threshold(1000)
    target = IdeaFactory()
    source = IdeaFactory()
    supported_by(source, target.author)
    services.merge_ideas(source, target, by=EditorFactory(), note=NOTE)
    target.refresh_from_db()
    assert target.support_count == 0
    assert not Support.objects.filter(user=target.author).exists()


@pytest.mark.django_db
def test_personal_data_export_and_deletion_still_work_after_a_merge(
    editor_client, duplicates, django_capture_on_commit_callbacks
):
    source, target, people = duplicates
    merge(editor_client, source, target, django_capture_on_commit_callbacks)
    exported = collect_sections(people["only_source"])
    assert [s["idea"] for s in exported["supports"]] == [target.reference]
    author_export = collect_sections(source.author)
    assert author_export["ideas"][0]["status"] == "merged"
    delete_personal_data(source.author)
    assert not Follow.objects.filter(user=source.author).exists()


@pytest.mark.django_db
def test_following_the_duplicate_after_the_merge_follows_the_target(
    client, editor_client, duplicates, django_capture_on_commit_callbacks
):
    source, target, _people = duplicates
    merge(editor_client, source, target, django_capture_on_commit_callbacks)
    newcomer = UserFactory()
    client.force_login(newcomer)

    response = client.post(reverse("ideas:follow", args=[source.pk]))
    assert response.status_code == 302
    assert response["Location"] == target.get_absolute_url()
    assert Follow.objects.filter(idea=target, user=newcomer).exists()
    assert not Follow.objects.filter(idea=source).exists()


# --- Refusals ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make_target", "message"),
    [
        (lambda source: source, "nicht mit sich selbst"),
        (lambda source: IdeaFactory(hidden=True), "nicht öffentlich"),
        (lambda source: IdeaFactory(status="submitted"), "nicht öffentlich"),
        (lambda source: IdeaFactory(status="withdrawn"), "nicht mehr offen"),
        (
            lambda source: IdeaFactory(status="merged", merged_into=IdeaFactory()),
            "selbst schon zusammengeführt",
        ),
    ],
)
def test_merging_into_an_impossible_idea_is_refused_with_a_reason(
    editor_client, make_target, message
):
    source = IdeaFactory()
    target = make_target(source)
    response = editor_client.post(merge_url(source), merge_form(reference=target.reference))
    assert response.status_code == 200
    assert message in response.content.decode()
    confirm = editor_client.post(
        merge_url(source), {**merge_form(target=target.pk), "confirm": "yes"}
    )
    assert confirm.status_code == 200
    source.refresh_from_db()
    assert source.status == Idea.Status.PUBLISHED


@pytest.mark.django_db
def test_a_merge_needs_a_target_and_a_public_note(editor_client):
    source = IdeaFactory()
    target = IdeaFactory()
    nothing = editor_client.post(merge_url(source), merge_form()).content.decode()
    assert "Bitte wählen Sie die Idee" in nothing
    no_note = editor_client.post(
        merge_url(source), merge_form(reference=target.reference, note=" ")
    )
    assert "Bitte begründen Sie die Zusammenführung öffentlich." in no_note.content.decode()
    unknown = editor_client.post(merge_url(source), merge_form(reference="MW-1999-9999"))
    assert "gibt es nicht" in unknown.content.decode()


@pytest.mark.django_db
def test_a_merged_idea_cannot_be_merged_again(editor_client, duplicates):
    source, target, _people = duplicates
    services.merge_ideas(source, target, by=EditorFactory(), note=NOTE)
    other = IdeaFactory()
    response = editor_client.get(merge_url(source))
    assert (
        f"bereits mit einer anderen zusammengeführt: „{target.title}“ ({target.reference})"
    ) in response.content.decode()
    editor_client.post(merge_url(source), {**merge_form(target=other.pk), "confirm": "yes"})
    source.refresh_from_db()
    assert source.merged_into == target


@pytest.mark.django_db
def test_moderators_who_are_not_editors_cannot_merge(moderator_client, moderator, duplicates):
    source, target, _people = duplicates
    assert moderator_client.get(merge_url(source)).status_code == 302
    response = moderator_client.post(
        merge_url(source), {**merge_form(target=target.pk), "confirm": "yes"}
    )
    assert response.status_code == 302
    listing = moderator_client.get(reverse("wagtailsnippets_ideas_idea:list")).content.decode()
    assert merge_url(source) not in listing
    source.refresh_from_db()
    assert source.status == Idea.Status.PUBLISHED
    assert Support.objects.filter(idea=source).count() == 2
    with pytest.raises(services.NotAllowed):
        services.merge_ideas(source, target, by=moderator, note=NOTE)


@pytest.mark.django_db
def test_residents_cannot_merge(client, resident, duplicates):
    source, target, _people = duplicates
    client.force_login(resident)
    assert client.get(merge_url(source)).status_code in (302, 403)
    response = client.post(merge_url(source), {**merge_form(target=target.pk), "confirm": "yes"})
    assert response.status_code in (302, 403)
    source.refresh_from_db()
    assert source.status == Idea.Status.PUBLISHED
    with pytest.raises(services.NotAllowed):
        services.merge_ideas(source, target, by=resident, note=NOTE)


# --- Concurrency on PostgreSQL -------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    not settings.IS_POSTGRES, reason="needs PostgreSQL: real concurrent connections"
)
def test_twenty_supports_during_a_merge_lose_none_and_double_none(threshold, monkeypatch):
    threshold(1000)
    target = IdeaFactory()
    source = IdeaFactory()
    earlier = UserFactory.create_batch(4)
    supported_by(target, *earlier[:2])
    supported_by(source, *earlier[1:])  # earlier[1] supports both
    newcomers = UserFactory.create_batch(16)
    editor = EditorFactory()
    # 20 supports: 16 new people (half on each idea), and the 4 earlier supporters once more
    # on the other idea; at the same moment the editor merges.
    supports = [(person, source if i % 2 else target) for i, person in enumerate(newcomers)]
    supports += [(earlier[0], source), (earlier[1], target), (earlier[2], target)]
    supports += [(earlier[3], target)]

    # Half the supports race the start of the merge; the other half are sent once the merge
    # holds both locks, and it keeps them a moment (while it counts): those queue behind it,
    # and the ones for the duplicate find it merged and count for the target.
    merging = threading.Event()
    plan = services.MergePlan

    def held_plan(*args):
        merging.set()
        time.sleep(0.5)
        return plan(*args)

    monkeypatch.setattr(services, "MergePlan", held_plan)

    def support(user, idea, wait):
        def run():
            if wait:
                assert merging.wait(timeout=30)
            with contextlib.suppress(services.AlreadySupported):
                services.support_idea(user, Idea.objects.get(pk=idea.pk))

        return run

    editor_client = logged_in_client(editor)

    def merge_now():
        """The editor confirms in the admin, as the browser posts the confirmation form."""
        form = {**merge_form(target=target.pk), "confirm": "yes"}
        return editor_client.post(merge_url(source), form).status_code

    supporting = [support(user, idea, i % 2) for i, (user, idea) in enumerate(supports)]
    results = run_together([merge_now, *supporting])
    assert results[0] == 302

    target.refresh_from_db()
    everyone = {person.pk for person in earlier + newcomers}
    rows = list(Support.objects.filter(idea=target).values_list("user_id", flat=True))
    assert sorted(rows) == sorted(everyone)  # none lost, none twice
    assert target.support_count == len(everyone) == 20
    assert not Support.objects.filter(idea=source).exists()
    assert Idea.objects.get(pk=source.pk).status == Idea.Status.MERGED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    not settings.IS_POSTGRES, reason="needs PostgreSQL: real concurrent connections"
)
def test_supports_posted_for_the_duplicate_while_it_merges_all_count_once(threshold):
    threshold(1000)
    target = IdeaFactory()
    source = IdeaFactory()
    people = UserFactory.create_batch(20)
    editor = EditorFactory()
    clients = [logged_in_client(person) for person in people]
    url = f"/ideen/{source.pk}/unterstuetzen/"

    def merge_now():
        services.merge_ideas(
            Idea.objects.get(pk=source.pk), Idea.objects.get(pk=target.pk), by=editor, note=NOTE
        )

    statuses = run_together([merge_now] + [lambda c=c: c.post(url).status_code for c in clients])
    assert statuses[1:] == [302] * 20
    target.refresh_from_db()
    assert Support.objects.filter(idea=target).count() == 20 == target.support_count


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    not settings.IS_POSTGRES, reason="needs PostgreSQL: real concurrent connections"
)
def test_the_merge_holds_the_same_row_locks_as_a_support(threshold, monkeypatch):
    """While a merge runs, both ideas' rows are locked as ``support_idea`` locks them."""
    threshold(1000)
    target = IdeaFactory()
    source = IdeaFactory()
    editor = EditorFactory()
    merging, checked = threading.Event(), threading.Event()
    plan = services.MergePlan

    def held_plan(*args):
        merging.set()
        assert checked.wait(timeout=30)
        return plan(*args)

    monkeypatch.setattr(services, "MergePlan", held_plan)

    def merge_now():
        try:
            services.merge_ideas(
                Idea.objects.get(pk=source.pk), Idea.objects.get(pk=target.pk), by=editor, note=NOTE
            )
        finally:
            connections.close_all()

    thread = threading.Thread(target=merge_now)
    thread.start()
    try:
        assert merging.wait(timeout=30)
        for idea in (source, target):
            with pytest.raises(OperationalError), transaction.atomic():
                Idea.objects.select_for_update(nowait=True).get(pk=idea.pk)
    finally:
        checked.set()
        thread.join(timeout=60)
    assert Idea.objects.get(pk=source.pk).status == Idea.Status.MERGED
