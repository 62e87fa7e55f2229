"""The report form residents fill in for an idea or a comment."""

from reports.forms import ReportForm
from reports.models import Report


def test_every_reason_is_offered_without_an_empty_choice():
    choices = ReportForm().fields["reason"].choices
    assert [value for value, _label in choices] == list(Report.Reason.values)


def test_a_reason_is_needed_and_the_note_is_optional():
    form = ReportForm({"note": ""})
    assert not form.is_valid()
    assert form.errors["reason"] == ["Bitte wählen Sie einen Grund für die Meldung."]
    assert ReportForm({"reason": "spam"}).is_valid()


def test_a_long_note_is_refused_with_its_length():
    form = ReportForm({"reason": "other", "note": "x" * 1001})
    assert not form.is_valid()
    assert "höchstens 1000 Zeichen (bisher 1001)" in form.errors["note"][0]
