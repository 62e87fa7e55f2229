import pytest


@pytest.fixture
def editor_client(client, editor):
    """The test client, logged in as an editor (the idea admin's user)."""
    client.force_login(editor)
    return client
