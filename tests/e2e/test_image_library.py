"""The image library in Chromium: several photos sent at once, each with its
progress, then a focal point chosen by clicking on the photo."""

from django_tasks_db.models import DBTaskResult
from playwright.sync_api import expect

from images.models import Image
from tests.e2e.readers import serve_media
from tests.images.factories import photo_bytes

COLOURS = [(200, 40, 40), (40, 160, 60), (40, 60, 200)]


def photos() -> list[dict]:
    return [
        {
            "name": f"camp-{index}.jpg",
            "mimeType": "image/jpeg",
            "buffer": photo_bytes((1200, 800), color=colour),
        }
        for index, colour in enumerate(COLOURS, start=1)
    ]


def test_three_photos_upload_at_once_with_progress_then_a_focal_point_is_clicked(
    admin_page, live_server, console_errors, screenshot
):
    page = admin_page
    serve_media(page)
    page.goto(f"{live_server.url}/admin/images/image/")
    page.get_by_role("link", name="Add image").click()
    page.wait_for_url("**/admin/images/image/upload/")

    page.set_input_files("#images-files", photos())
    page.get_by_role("button", name="Upload").click()

    rows = page.locator(".images-results-list li")
    expect(rows).to_have_count(3)
    expect(page.locator(".images-results-list li.images-made")).to_have_count(3)
    expect(page.locator(".images-upload-form")).to_have_attribute("data-done", "true")
    for index in range(3):
        row = rows.nth(index)
        expect(row).to_contain_text(f"camp-{index + 1}.jpg")
        expect(row).to_contain_text("Added")
        bar = row.locator("progress")
        assert bar.evaluate("bar => bar.value === bar.max && bar.max > 0") is True
    screenshot("image-library-upload")
    assert Image.objects.count() == 3
    # Each upload queued its crops for the worker; none was made in a request.
    assert DBTaskResult.objects.count() == 3

    rows.first.get_by_role("link", name="Edit its texts and rights").click()
    picture = page.locator(".images-focal img")
    expect(picture).to_be_visible()
    box = picture.bounding_box()
    picture.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})
    assert abs(float(page.input_value("#id_focal_x")) - 0.25) < 0.02
    assert abs(float(page.input_value("#id_focal_y")) - 0.75) < 0.02

    # The marker has the focus: the arrow keys move it too.
    marker = page.locator(".images-focal-marker")
    expect(marker).to_be_focused()
    before = float(page.input_value("#id_focal_x"))
    page.keyboard.press("ArrowRight")
    assert abs(float(page.input_value("#id_focal_x")) - (before + 0.01)) < 0.001
    screenshot("image-library-focal-point")

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text(
        "The crops are being made again around the new focal point."
    )
    image = Image.objects.get(title_en="camp 1")
    assert abs(image.focal_x - (before + 0.01)) < 0.001
    assert abs(image.focal_y - 0.75) < 0.02
    assert DBTaskResult.objects.count() == 4
    assert console_errors == []
