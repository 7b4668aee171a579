import pytest
from django.core.exceptions import ValidationError

from core.phones import PhoneNumberField, format_international, tel_uri


def test_seed_number_with_extension_round_trips_in_e164():
    field = PhoneNumberField()
    stored = field.to_python("+51.1.221.7209 Ext. 145")
    assert stored == "+5112217209;ext=145"
    assert field.to_python(stored) == stored
    assert format_international(stored) == "+51 1 2217209 ext. 145"
    assert tel_uri(stored) == "tel:+51-1-2217209;ext=145"


def test_mobile_number_without_extension_is_shown_internationally():
    stored = PhoneNumberField().to_python("+ 51 968 216 777")
    assert stored == "+51968216777"
    assert format_international(stored) == "+51 968 216 777"


@pytest.mark.parametrize("typed", ["221 7209", "+51 12", "call me", "+999 123456"])
def test_numbers_without_country_code_or_invalid_are_refused_clearly(typed):
    with pytest.raises(ValidationError) as error:
        PhoneNumberField().to_python(typed)
    assert "country code" in error.value.messages[0]
