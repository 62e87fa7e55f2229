import pytest


@pytest.mark.django_db
def test_health_endpoint_answers_ok_when_database_answers(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
