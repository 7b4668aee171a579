"""Browser tests: Debian's Chromium driven by Playwright against a live server.

Run with ``make e2e`` (or ``pytest -m e2e``). Without /usr/bin/chromium they
are skipped with the reason, unless IOMSITE_REQUIRE_BROWSER=1 (as in CI), when
a missing browser fails the run.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("IOMSITE_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"

# Playwright's sync API runs an event loop in the test thread; the ORM calls
# made by the tests themselves are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.django_db(transaction=True))
            if not CHROMIUM.exists():
                if os.environ.get("IOMSITE_REQUIRE_BROWSER") == "1":
                    continue  # launching will fail loudly
                item.add_marker(
                    pytest.mark.skip(
                        reason=f"{CHROMIUM} not found: apt-get install -y chromium"
                    )
                )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server.url


@pytest.fixture
def console_errors(page):
    """Every console error and uncaught exception the page reports."""
    errors = []
    page.on(
        "console", lambda msg: errors.append(msg.text) if msg.type == "error" else None
    )
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under artifacts/ (kept by CI)."""

    def take(name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def authenticator_code(user) -> str:
    """A code of the person's authenticator app (computed as the app does,
    with pyotp) that the site accepts now: one step either side of its clock
    corrected by the device's drift (django-otp learns it when a code from a
    neighbouring step is used), and past the last step used."""
    import time
    from base64 import b32encode

    import pyotp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).latest("pk")
    totp = pyotp.TOTP(b32encode(device.bin_key).decode(), interval=device.step)
    while True:
        now = (int(time.time()) - device.t0) // device.step + device.drift
        for step in (now, now + 1):
            if step > device.last_t:
                return totp.at(device.t0 + step * device.step)
        time.sleep(0.5)  # both were used: the next step comes within seconds


def sign_in(page, username: str, password: str, *, base_url: str = "") -> None:
    """Sign in through the admin's login form, then, when the site asks for
    the second factor, type the code of the person's authenticator app (one
    is set up first when their role requires it and they have none)."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from twofactor import services

    user = get_user_model().objects.get(username=username)
    if services.second_factor_required(user) and not services.has_device(user):
        TOTPDevice.objects.create(user=user, name="Test phone")
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(lambda url: "/admin/login/" not in url)
    if "/admin/security/verify/" in page.url:
        page.fill("#id_code", authenticator_code(user))
        page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


@pytest.fixture
def admin_page(page, django_user_model):
    """A page signed in to the admin as a superuser, through the login form
    and the second factor."""
    django_user_model.objects.create_superuser(
        username="editor", email="editor@example.org", password="a-long-test-password"
    )
    sign_in(page, "editor", "a-long-test-password")
    return page


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def axe_violations():
    """Run axe-core (the npm build bundled by axe-playwright-python) on a page.

    Returns the WCAG 2.1 A/AA violations as readable lines, empty when clean.
    """
    import axe_playwright_python

    script = Path(axe_playwright_python.__file__).with_name("axe.min.js").read_text()

    def run(page) -> list[str]:
        # evaluate() goes through the DevTools protocol, which the site's
        # Content-Security-Policy rightly does not allow a <script> tag to.
        page.evaluate(script)
        results = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            AXE_TAGS,
        )
        return [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(node["target"][0] for node in v["nodes"][:5])
            for v in results["violations"]
        ]

    return run
