"""The ORCID field of the researcher profile: normalised, and explained when wrong."""

import pytest
from django.core.exceptions import ValidationError

from research.forms import clean_orcid, orcid_check_digit


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0000-0002-1825-0097", "0000-0002-1825-0097"),
        ("https://orcid.org/0000-0001-5109-3700", "0000-0001-5109-3700"),
        ("0000-0002-1694-233x", "0000-0002-1694-233X"),
        ("", ""),
    ],
)
def test_valid_orcids_are_normalised(value, expected):
    assert clean_orcid(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0000-0002-1825-0098", "Prüfziffer"),
        ("0000-0002-1825-009", "Format"),
        ("0000000218250097", "Format"),
        ("abcd-0002-1825-0097", "Format"),
    ],
)
def test_invalid_orcids_are_refused_in_german(value, message):
    with pytest.raises(ValidationError) as error:
        clean_orcid(value)
    assert message in str(error.value)


def test_orcid_check_digit_matches_orcids_example():
    assert orcid_check_digit("000000021825009") == "7"
    assert orcid_check_digit("000000021694233") == "X"
