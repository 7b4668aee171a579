"""The editor's image dialog in Chromium: "Browse server" opens the image
library, and the chosen photo lands in the dialog with its alt text, then
in the release's body."""

from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from images import services
from news.models import PressRelease
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.readers import serve_media
from tests.images.factories import photo_bytes
from tests.news.factories import PressReleaseFactory

ALT = "Families waiting at the Tumbes border post."


def test_an_editor_picks_a_library_photo_for_the_body(
    admin_page, live_server, console_errors, screenshot
):
    photo = services.upload_image(
        upload=SimpleUploadedFile(
            "tumbes.jpg", photo_bytes((1200, 675)), content_type="image/jpeg"
        ),
        title="Tumbes border post",
    )
    photo.alt_text_en = ALT
    photo.save()
    release = PressReleaseFactory(body_en="<p>A body.</p>")
    page = admin_page
    serve_media(page)
    page.goto(f"{live_server.url}/admin/news/pressrelease/{release.pk}/change/")

    page.locator("#cke_id_body_en .cke_button__image").click()
    dialog = page.locator(".cke_dialog").filter(has=page.locator(".cke_dialog_title"))
    expect(dialog).to_be_visible()
    with page.context.expect_page() as opened:
        dialog.get_by_role("button", name="Browse Server").click()
    library = opened.value
    library.wait_for_load_state()
    expect(library.get_by_role("heading", level=1)).to_have_text(
        "Choose an image from the library"
    )
    library.get_by_label("Search").fill("tumbes")
    library.get_by_role("button", name="Search").click()
    choice = library.get_by_role("button", name="Tumbes border post")
    expect(choice).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    library.screenshot(path=str(ARTIFACTS / "editor-library-browse.png"))
    # Choosing hands the photo to the dialog and closes the library.
    with library.expect_event("close"):
        choice.click()

    chosen = page.evaluate(
        "() => { const d = CKEDITOR.dialog.getCurrent();"
        " return [d.getValueOf('info', 'txtUrl'), d.getValueOf('info', 'txtAlt')]; }"
    )
    assert chosen == [photo.file.url, ALT]
    screenshot("editor-library-chosen")
    dialog.locator(".cke_dialog_ui_button_ok").click()
    body = page.evaluate("() => CKEDITOR.instances.id_body_en.getData()")
    assert f'src="{photo.file.url}"' in body
    assert f'alt="{ALT}"' in body

    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    saved = PressRelease.objects.get(pk=release.pk).body_en
    # What the sanitiser keeps of it: the address and the alternative text.
    assert f'src="{photo.file.url}"' in saved
    assert f'alt="{ALT}"' in saved
    assert console_errors == []
