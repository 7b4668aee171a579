"""A superuser enrols a second factor in Chromium and signs in with it: an
authenticator app (codes computed with pyotp from the secret the page
shows) and a passkey (Chromium's virtual authenticator)."""

import re
import time

import pyotp
from playwright.sync_api import expect

from editorial.models import AccountEvent
from tests.e2e.conftest import authenticator_code

PASSWORD = "a-long-test-password"


def sign_in_with_password(page, username: str) -> None:
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(lambda url: "/admin/login/" not in url)


def own_violations(violations: list[str]) -> list[str]:
    # Django's own breadcrumbs are links told apart by colour only.
    return [v for v in violations if not v.startswith("link-in-text-block")]


def script_errors(errors: list[str]) -> list[str]:
    # The admin links no favicon: Chromium's request for one gets a 404.
    return [e for e in errors if "status of 404" not in e]


def wrong_code(totp) -> str:
    near = {totp.at(time.time() + 30 * step) for step in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222") if code not in near)


def test_authenticator_app_enrolment_and_sign_in(
    page, django_user_model, console_errors, screenshot, axe_violations
):
    django_user_model.objects.create_superuser("chief", password=PASSWORD)
    sign_in_with_password(page, "chief")
    # Nothing in the admin opens before enrolment.
    page.goto("/admin/news/pressrelease/")
    expect(page).to_have_url(re.compile(r"/admin/security/\?next="))
    expect(page.locator(".messagelist")).to_contain_text("requires a second factor")

    page.get_by_role("link", name="Add an authenticator app").click()
    expect(page.locator(".twofactor-qr svg")).to_be_visible()
    assert own_violations(axe_violations(page)) == []
    secret = page.get_by_label("Secret").input_value().replace(" ", "")
    totp = pyotp.TOTP(secret)
    page.get_by_label("Name").fill("Work phone")
    page.get_by_label("Code from the app").fill(wrong_code(totp))
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".errorlist")).to_contain_text("does not match")
    time.sleep(1.1)  # django-otp's back-off after a wrong code
    first_code = totp.now()
    page.get_by_label("Code from the app").fill(first_code)
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    screenshot("twofactor-recovery-codes")
    page.get_by_role("link", name="I have kept them: continue").click()
    expect(page).to_have_url(re.compile(r"/admin/news/pressrelease/$"))

    page.context.clear_cookies()
    sign_in_with_password(page, "chief")
    expect(page).to_have_url(re.compile(r"/admin/security/verify/"))
    assert own_violations(axe_violations(page)) == []
    # The code that enrolled the app cannot be used again.
    page.get_by_label("Code").fill(first_code)
    page.get_by_role("button", name="Verify").click()
    expect(page.locator(".errorlist")).to_contain_text("already used")
    time.sleep(1.1)
    page.get_by_label("Code").fill(
        authenticator_code(django_user_model.objects.get(username="chief"))
    )
    page.get_by_role("button", name="Verify").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.get_by_role("link", name="Sign-in security").click()
    expect(page.locator("#twofactor-devices")).to_contain_text("Work phone")
    assert script_errors(console_errors) == []
    actions = set(AccountEvent.objects.values_list("action", flat=True))
    assert {
        AccountEvent.Action.DEVICE_ENROLLED,
        AccountEvent.Action.SECOND_FACTOR_FAILED,
        AccountEvent.Action.SECOND_FACTOR_PASSED,
        AccountEvent.Action.RECOVERY_CODES_MADE,
    } <= actions


def test_passkey_registration_and_sign_in(
    page, live_server, settings, django_user_model, console_errors, screenshot
):
    origin = live_server.url.replace("127.0.0.1", "localhost")
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [origin]
    django_user_model.objects.create_superuser("chief", password=PASSWORD)
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    page.goto(f"{origin}/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(re.compile(r"/admin/security/"))

    page.get_by_role("button", name="Add a passkey or security key").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    page.get_by_role("link", name="I have kept them: continue").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.goto(f"{origin}/admin/security/")
    expect(page.locator("#twofactor-devices")).to_contain_text("Passkey 1")
    screenshot("twofactor-security-page")

    page.context.clear_cookies()
    page.goto(f"{origin}/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(re.compile(r"/admin/security/verify/"))
    page.get_by_role("button", name="Use my passkey").click()
    # The ceremony goes through the server twice: give it time on a busy CI.
    expect(page).to_have_url(re.compile(r"/admin/$"), timeout=15000)
    assert script_errors(console_errors) == []
    assert AccountEvent.objects.filter(
        action=AccountEvent.Action.SECOND_FACTOR_PASSED, detail="Passkey 1"
    ).exists()
