import pytest


def sign_in_with_password(client, user, password: str = "pw-for-tests"):
    """Sign in through the admin's login form, as a person does: the second
    factor is still ahead."""
    response = client.post(
        "/admin/login/", {"username": user.get_username(), "password": password}
    )
    assert response.status_code == 302, response.content[:2000]
    return client


@pytest.fixture
def totp_device():
    """A confirmed authenticator app for a person."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def make(user, name="Phone"):
        return TOTPDevice.objects.create(user=user, name=name, confirmed=True)

    return make


def code_for(device, steps_ahead: int = 0) -> str:
    """The code ``device``'s app shows (``steps_ahead`` periods from now)."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return str(totp.token()).zfill(device.digits)
