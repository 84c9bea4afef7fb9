"""Swedish organisation numbers: shape, length, century prefix and the Luhn check digit."""

import pytest
from django.core.exceptions import ValidationError

from leverantorer import orgnr


@pytest.mark.parametrize(("raw", "stored"), [
    ("556016-0680", "556016-0680"),
    ("5560160680", "556016-0680"),
    ("  556016-0680 ", "556016-0680"),
    ("212000-0142", "212000-0142"),  # Stockholms kommun
    ("121212-1212", "121212-1212"),  # a personnummer (enskild firma): third digit below 2
])
def test_valid_numbers_are_stored_with_a_dash(raw, stored):
    assert orgnr.normalise(raw) == stored


@pytest.mark.parametrize(("raw", "stored"), [
    ("16556016-0680", "556016-0680"),
    ("165560160680", "556016-0680"),
    ("19121212-1212", "121212-1212"),
    ("201212121212", "121212-1212"),
])
def test_twelve_digits_with_a_century_prefix_are_normalised(raw, stored):
    assert orgnr.normalise(raw) == stored


def _message(raw):
    with pytest.raises(ValidationError) as exc:
        orgnr.normalise(raw)
    return exc.value.messages[0]


def test_a_wrong_check_digit_is_refused():
    assert _message("556016-0681").startswith("Kontrollsiffran stämmer inte")
    assert _message("16556016-0681").startswith("Kontrollsiffran stämmer inte")


@pytest.mark.parametrize("raw", ["55601-0680", "556016-06801", "123", "55601606801234"])
def test_a_wrong_length_is_refused(raw):
    assert _message(raw) == "Organisationsnumret ska ha 10 siffror, t.ex. 556016-0680."


def test_an_unknown_prefix_letters_and_a_misplaced_dash_are_refused():
    assert "ska börja med 16, 19 eller 20" in _message("18556016-0680")
    assert "får bara innehålla siffror" in _message("556016-068O")
    assert "får bara innehålla siffror" in _message("556016+0680")
    assert "NNNNNN-NNNN" in _message("5560-160680")


def test_empty_stays_empty():
    assert orgnr.normalise("") == ""
    assert orgnr.normalise("   ") == ""


def test_check_digit_completes_nine_digits():
    assert orgnr.check_digit("556016068") == 0
    assert orgnr.with_check_digit("212000014") == "212000-0142"
    assert orgnr.is_valid(orgnr.with_check_digit("556251836"))
    with pytest.raises(ValueError):
        orgnr.check_digit("12")


def test_the_model_validator_accepts_only_the_stored_shape():
    orgnr.validate_org_number("556016-0680")
    orgnr.validate_org_number("")
    with pytest.raises(ValidationError):
        orgnr.validate_org_number("5560160680")
    with pytest.raises(ValidationError):
        orgnr.validate_org_number("556016-0681")
