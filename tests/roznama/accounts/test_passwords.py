"""Passwords: at least 12 characters, not a common one, not all digits, not like the name."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password, complaint",
    [
        ("Lahore#2025", "at least 12 characters"),
        ("password1234", "too common"),
        ("904517382615", "entirely numeric"),
        ("ayesha.khan.karachi", "too similar"),
    ],
)
def test_weak_passwords_are_refused(password, complaint):
    user = get_user_model()(username="ayesha.khan.karachi", email="ayesha.khan@example.org")
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert complaint in " ".join(refused.value.messages)


@pytest.mark.django_db
def test_a_long_uncommon_passphrase_is_accepted():
    user = get_user_model()(username="ayesha.khan", email="ayesha.khan@example.org")
    validate_password("monsoon kite over ravi bridge", user)
