import pytest
from django.contrib.auth.models import Group


@pytest.fixture
def editor_client(client, editor):
    """The test client, logged in as an editor (the idea admin's user)."""
    client.force_login(editor)
    return client


@pytest.fixture
def moderator_client(client, moderator):
    """The test client, logged in as a moderator (hides, restores, blocks)."""
    client.force_login(moderator)
    return client


@pytest.fixture
def team_client(client, editor):
    """The test client, logged in as a member of both editorial groups."""
    editor.groups.add(Group.objects.get_or_create(name="Moderators")[0])
    client.force_login(editor)
    return client
