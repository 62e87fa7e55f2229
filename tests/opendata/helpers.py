"""Reading the open data downloads in tests."""

import csv
import io
import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

CSV_URL = "/offene-daten/ideen.csv"
JSON_URL = "/offene-daten/ideen.json"
PILOTS_URL = "/offene-daten/piloten.json"


def body_of(response):
    assert response.streaming is True
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(response):
    text = body_of(response)
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.DictReader(io.StringIO(text[1:], newline=""), delimiter=";"))


def json_rows(response):
    return json.loads(body_of(response))


def queries_for(client, url):
    """(number of queries, body) of one download, read to the end."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        rows = body_of(response)
    return len(queries), rows
