import pytest

from coproduce.lib import ods


@pytest.mark.parametrize("code", ["RV3", "RWK", "TAJ", "QMJ", "RV3A1", "8HV48", "93C", "A81001"])
def test_real_codes_are_accepted(code):
    assert ods.is_valid(code)


@pytest.mark.parametrize(
    "code", ["", "R", "RV", "RV3A", "RV3A12", "RV3-1", "12345", "rv3", "AB1234", "ABCDEFG"]
)
def test_codes_of_the_wrong_shape_are_refused(code):
    assert not ods.is_valid(code)


def test_codes_are_written_in_capitals_without_spaces():
    assert ods.normalise(" rv 3 ") == "RV3"
    assert ods.is_valid(ods.normalise(" rv 3 "))
