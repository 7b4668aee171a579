"""Drafts of live content: changes by people who may not publish wait for a
publisher, who compares, sends back with a comment or approves."""

import logging
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from reversion.models import Version

from editorial import signals
from editorial.models import Draft, DraftEvent, ReviewPolicy
from editorial.roles import EDITOR
from news.models import DatelinePlace, PressRelease, ReleaseContact
from pagecache import cache as page_cache
from pages.models import Page
from tests.conftest import member, signed_in
from tests.editorial.html_forms import change_form_data
from tests.editorial.test_conflicts import change_url, opened
from tests.factories import DraftFactory, PageFactory
from tests.news.factories import MediaContactFactory, PressReleaseFactory
from tests.pagecache.conftest import page_cache_on  # noqa: F401
from tests.translations.conftest import make_translator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def live_release(**kwargs) -> PressRelease:
    fields = {"title_en": "Floods in Peru", "title_fr": "Inondations au Pérou"}
    return PressReleaseFactory(published=True, french=True, **{**fields, **kwargs})


def public_url(obj, language="en") -> str:
    with override(language):
        return obj.get_absolute_url()


def admin_url(obj, view: str) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])


def form_of(response, obj) -> dict:
    return change_form_data(response.content.decode(), f"{obj._meta.model_name}_form")


def review(client, obj, decision: str, comment: str = ""):
    """Press a review button of the change form, as a browser submits it."""
    data = opened(client, obj)
    data.update(editorial_decision=decision, editorial_review_comment=comment)
    return client.post(admin_url(obj, "draft_review"), data)


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the request schedules for after its commit (cache bumps,
    signals), as a real request would."""

    def run(request, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = request(*args, **kwargs)
        response.callbacks = callbacks
        return response

    return run


@pytest.fixture
def sent():
    """The review signals sent, as (name, kwargs)."""
    received = []
    connected = []
    for name in ("draft_submitted", "draft_approved", "draft_rejected"):
        signal = getattr(signals, name)

        def receiver(sender, _name=name, **kwargs):
            received.append((_name, kwargs))

        signal.connect(receiver, weak=False)
        connected.append((signal, receiver))
    yield received
    for signal, receiver in connected:
        signal.disconnect(receiver)


def test_an_editors_change_to_a_live_release_waits_for_review_then_goes_live(
    editor_client, publisher_client, client, committed, sent
):
    release = live_release()
    address = public_url(release)
    before = client.get(address)
    assert before.status_code == 200
    generation = page_cache.current_generation()

    # The editor changes the live release.
    form = opened(editor_client, release)
    assert "on the site: your changes are kept as a draft" in (
        editor_client.get(change_url(release)).content.decode()
    )
    form["title_en"] = "Floods in Peru: 10,000 displaced"
    response = committed(editor_client.post, change_url(release), form)
    assert response.status_code == 302
    assert page_cache.bump_generation not in response.callbacks

    # Readers see the same bytes, from the cache and made afresh.
    assert client.get(address).content == before.content
    assert page_cache.current_generation() == generation
    caches["pages"].clear()
    assert client.get(address).content == before.content
    live = fresh(release)
    assert (live.title_en, live.version) == ("Floods in Peru", release.version)
    draft = Draft.objects.get()
    assert (draft.state, draft.author.username, draft.kind) == (
        "pending",
        "ed",
        "edit",
    )
    assert [name for name, _kwargs in sent] == ["draft_submitted"]
    assert sent[0][1]["obj"] == release and sent[0][1]["author"].username == "ed"

    # The publisher sees both, and the comparison per field and language.
    page = publisher_client.get(change_url(release))
    html = page.content.decode()
    assert "Draft (waiting for review since" in html
    assert "This form shows the draft." in html
    assert form_of(page, release)["title_en"] == "Floods in Peru: 10,000 displaced"
    compare = publisher_client.get(admin_url(release, "draft_compare"))
    assert [
        (change.name, change.language, change.before, change.after)
        for change in compare.context["changes"]
    ] == [("title_en", "en", "Floods in Peru", "Floods in Peru: 10,000 displaced")]

    # Sent back with a comment.
    response = committed(
        review, publisher_client, release, "reject", "Say where the figure comes from."
    )
    assert response.status_code == 302
    assert fresh(draft).state == "rejected"
    assert sent[-1][0] == "draft_rejected"
    assert sent[-1][1]["comment"] == "Say where the figure comes from."

    # The editor reads the comment, fixes the draft and saves: resubmitted.
    page = editor_client.get(change_url(release))
    html = page.content.decode()
    assert "Draft sent back to ed" in html
    assert "Say where the figure comes from." in html
    form = form_of(page, release)
    assert form["title_en"] == "Floods in Peru: 10,000 displaced"
    form["title_en"] = "Floods in Peru: 10,000 displaced, IOM says"
    assert committed(editor_client.post, change_url(release), form).status_code == 302
    draft.refresh_from_db()
    assert (draft.state, draft.version) == ("pending", 2)
    assert sent[-1][0] == "draft_submitted"
    assert client.get(address).content == before.content

    # Approved: live at once, past the page cache.
    response = committed(review, publisher_client, release, "approve", "Thanks.")
    assert response.status_code == 302
    live = fresh(release)
    assert live.title_en == "Floods in Peru: 10,000 displaced, IOM says"
    assert live.version == release.version + 1
    assert fresh(draft).state == "approved"
    assert "Floods in Peru: 10,000 displaced, IOM says" in (
        client.get(address).content.decode()
    )
    assert sent[-1][0] == "draft_approved"
    assert sent[-1][1]["actor"].username == "pub"
    # Kept in the history and the audit trail like any publication.
    revision = Version.objects.get_for_object(release).first().revision
    assert (revision.user.username, revision.get_comment()) == (
        "pub",
        "Approved the draft by ed",
    )
    assert LogEntry.objects.filter(
        object_id=str(release.pk),
        change_message="approve draft by ed: changed title_en",
    ).exists()


def test_a_live_content_page_change_waits_for_review_then_goes_live(
    editor_client, publisher_client, client, committed
):
    page = PageFactory(title_en="Take action", body_en="<p>Give.</p>")
    address = public_url(page)
    before = client.get(address)
    assert before.status_code == 200

    form = opened(editor_client, page)
    form["body_en"] = "<p>Give, or volunteer.</p>"
    assert committed(editor_client.post, change_url(page), form).status_code == 302
    assert client.get(address).content == before.content
    assert fresh(page).body_en == "<p>Give.</p>"
    compare = publisher_client.get(admin_url(page, "draft_compare"))
    assert [(c.name, c.language) for c in compare.context["changes"]] == [
        ("body_en", "en")
    ]

    committed(review, publisher_client, page, "reject", "Link the volunteer page.")
    assert (
        "Link the volunteer page."
        in editor_client.get(change_url(page)).content.decode()
    )
    form = form_of(editor_client.get(change_url(page)), page)
    form["body_en"] = '<p>Give, or <a href="/en/volunteer/">volunteer</a>.</p>'
    assert committed(editor_client.post, change_url(page), form).status_code == 302

    committed(review, publisher_client, page, "approve")
    assert "volunteer</a>" in client.get(address).content.decode()
    assert Draft.objects.get().state == "approved"


def test_an_editor_cannot_approve_or_reject_by_a_hand_made_post(editor_client, caplog):
    release = live_release()
    form = opened(editor_client, release)
    form["title_en"] = "Changed"
    editor_client.post(change_url(release), form)
    draft = Draft.objects.get()

    with caplog.at_level(logging.WARNING, logger="iomsite.audit"):
        approve = review(editor_client, release, "approve")
        reject = review(editor_client, release, "reject", "No.")
    assert (approve.status_code, reject.status_code) == (403, 403)
    assert fresh(draft).state == "pending"
    assert fresh(release).title_en == "Floods in Peru"
    assert f"refused approve draft by ed: news.PressRelease #{release.pk}" in (
        caplog.text
    )
    assert "refused reject draft by ed" in caplog.text
    # Nor through the list's actions, which they are not offered.
    changelist = editor_client.get(reverse("admin:news_pressrelease_changelist"))
    choices = dict(changelist.context["action_form"].fields["action"].choices)
    assert "approve_drafts" not in choices
    editor_client.post(
        reverse("admin:news_pressrelease_changelist"),
        {"action": "approve_drafts", "_selected_action": [release.pk], "post": "yes"},
    )
    assert fresh(draft).state == "pending"


def test_a_publisher_approves_what_they_saw_not_a_later_draft(
    editor_client, publisher_client
):
    release = live_release()
    form = opened(editor_client, release)
    form["title_en"] = "First draft"
    editor_client.post(change_url(release), form)
    seen = opened(publisher_client, release)
    form = opened(editor_client, release)
    form["title_en"] = "Second draft"
    editor_client.post(change_url(release), form)

    seen.update(editorial_decision="approve")
    publisher_client.post(admin_url(release, "draft_review"), seen)
    assert fresh(release).title_en == "Floods in Peru"
    assert Draft.objects.get().state == "pending"


def test_two_editors_on_one_draft_the_second_is_told(editor_client, django_user_model):
    other = signed_in(member(django_user_model, "ed2", EDITOR))
    release = live_release()
    form = opened(editor_client, release)
    form["summary_en"] = "First editor's summary."
    editor_client.post(change_url(release), form)

    mine = opened(editor_client, release)
    theirs = opened(other, release)
    mine["title_en"] = "Title by ed"
    assert editor_client.post(change_url(release), mine).status_code == 302
    theirs["title_en"] = "Title by ed2"
    response = other.post(change_url(release), theirs)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert [e.code for e in form.non_field_errors().as_data()] == ["stale_version"]
    assert Draft.objects.get().data["fields"]["title_en"] == "Title by ed"
    # Saving again, having seen it, keeps the second editor's title.
    again = form_of(response, release)
    assert other.post(change_url(release), again).status_code == 302
    draft = Draft.objects.get()
    assert draft.data["fields"]["title_en"] == "Title by ed2"
    assert draft.data["fields"]["summary_en"] == "First editor's summary."


def test_a_publishers_own_save_goes_live_and_save_as_draft_waits(
    publisher_client, client, committed
):
    release = live_release()
    address = public_url(release)
    before = client.get(address).content

    form = opened(publisher_client, release)
    form["title_en"] = "Publisher's draft title"
    form["_save_draft"] = "Save as draft"
    response = committed(publisher_client.post, change_url(release), form)
    assert response.status_code == 302
    assert response["Location"] == change_url(release)
    assert fresh(release).title_en == "Floods in Peru"
    assert client.get(address).content == before
    draft = Draft.objects.get()
    assert (draft.state, draft.author.username) == ("pending", "pub")
    compare = publisher_client.get(admin_url(release, "draft_compare"))
    assert [change.name for change in compare.context["changes"]] == ["title_en"]

    # The form shows the draft; a plain save publishes it with the edits.
    form = form_of(publisher_client.get(change_url(release)), release)
    assert form["title_en"] == "Publisher's draft title"
    form["summary_en"] = "Edited while approving."
    assert (
        committed(publisher_client.post, change_url(release), form).status_code == 302
    )
    live = fresh(release)
    assert (live.title_en, live.summary_en) == (
        "Publisher's draft title",
        "Edited while approving.",
    )
    assert fresh(draft).state == "approved"
    assert "Publisher&#x27;s draft title" in client.get(address).content.decode()


def test_a_publishers_save_without_a_draft_goes_live_at_once(publisher_client):
    release = live_release()
    form = opened(publisher_client, release)
    form["title_en"] = "Corrected at once"
    assert publisher_client.post(change_url(release), form).status_code == 302
    assert fresh(release).title_en == "Corrected at once"
    assert not Draft.objects.exists()


def test_save_as_draft_cannot_change_the_publication_settings(publisher_client):
    release = live_release()
    form = opened(publisher_client, release)
    form.update(status="draft", _save_draft="Save as draft")
    response = publisher_client.post(change_url(release), form)
    assert response.status_code == 200
    assert "draft_publication" in [
        e.code for e in response.context["adminform"].form.non_field_errors().as_data()
    ]
    assert not Draft.objects.exists()


def test_inline_rows_of_a_draft_are_kept_apart_and_applied_on_approval(
    editor_client, publisher_client
):
    release = live_release()
    contact = MediaContactFactory(name="Carolina Santos")
    form = opened(editor_client, release)
    form.update(
        {
            "dateline_places-TOTAL_FORMS": "1",
            "dateline_places-0-city_en": "Lima",
            "dateline_places-0-sort_order": "0",
            "release_contacts-TOTAL_FORMS": "1",
            "release_contacts-0-contact": str(contact.pk),
            "release_contacts-0-sort_order": "0",
        }
    )
    assert editor_client.post(change_url(release), form).status_code == 302
    assert not DatelinePlace.objects.exists()
    assert not ReleaseContact.objects.exists()

    # The draft's rows come back in the form, and can be edited again.
    form = form_of(editor_client.get(change_url(release)), release)
    assert form["dateline_places-0-city_en"] == "Lima"
    assert form["dateline_places-INITIAL_FORMS"] == "1"
    form["dateline_places-0-city_fr"] = "Lima (Pérou)"
    response = editor_client.post(change_url(release), form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert not DatelinePlace.objects.exists()

    compare = publisher_client.get(admin_url(release, "draft_compare"))
    labels = [change.name for change in compare.context["changes"]]
    assert len(labels) == 2, compare.context["changes"]  # the two inlines

    review(publisher_client, release, "approve")
    place = DatelinePlace.objects.get(release=release)
    assert (place.city_en, place.city_fr) == ("Lima", "Lima (Pérou)")
    assert [c.contact.name for c in ReleaseContact.objects.filter(release=release)] == [
        "Carolina Santos"
    ]


def test_a_french_translators_save_on_a_live_release_waits_under_the_default_policy(
    django_user_model, client, publisher_client
):
    release = PressReleaseFactory(published=True, title_en="Floods in Peru")
    translator = signed_in(make_translator(django_user_model, "fr"))
    form = opened(translator, release)
    form.update(
        title_fr="Inondations au Pérou",
        summary_fr="Un résumé.",
        body_fr="<p>Un texte.</p>",
    )
    assert translator.post(change_url(release), form).status_code == 302

    assert fresh(release).title_fr in ("", None)
    french = client.get(public_url(release, "fr"), follow=True)
    assert "Inondations au Pérou" not in french.content.decode()
    draft = Draft.objects.get()
    assert (draft.kind, draft.language) == ("translation", "fr")
    compare = publisher_client.get(admin_url(release, "draft_compare"))
    assert {(c.name, c.language) for c in compare.context["changes"]} >= {
        ("title_fr", "fr"),
        ("body_fr", "fr"),
    }
    review(publisher_client, release, "approve")
    french = client.get(public_url(fresh(release), "fr"))
    assert "Inondations au Pérou" in french.content.decode()


def test_a_french_translators_save_goes_live_at_once_under_the_other_policy(
    django_user_model, client
):
    ReviewPolicy.objects.create(
        content_type=ContentType.objects.get_for_model(PressRelease),
        translations_reviewed=False,
    )
    release = PressReleaseFactory(published=True, title_en="Floods in Peru")
    translator = signed_in(make_translator(django_user_model, "fr"))
    form = opened(translator, release)
    form.update(
        title_fr="Inondations au Pérou",
        summary_fr="Un résumé.",
        body_fr="<p>Un texte.</p>",
    )
    assert translator.post(change_url(release), form).status_code == 302
    assert fresh(release).title_fr == "Inondations au Pérou"
    assert not Draft.objects.exists()
    french = client.get(public_url(fresh(release), "fr"))
    assert "Inondations au Pérou" in french.content.decode()


def test_a_translation_live_meanwhile_survives_the_approval_of_an_older_draft(
    editor_client, publisher_client, django_user_model
):
    ReviewPolicy.objects.create(
        content_type=ContentType.objects.get_for_model(PressRelease),
        translations_reviewed=False,
    )
    release = live_release()
    form = opened(editor_client, release)
    form["summary_en"] = "A better summary."
    editor_client.post(change_url(release), form)
    translator = signed_in(make_translator(django_user_model, "fr"))
    form = opened(translator, release)
    form["title_fr"] = "Inondations au Pérou : 10 000 déplacés"
    assert translator.post(change_url(release), form).status_code == 302

    review(publisher_client, release, "approve")
    live = fresh(release)
    assert (live.summary_en, live.title_fr) == (
        "A better summary.",
        "Inondations au Pérou : 10 000 déplacés",
    )


def test_an_approval_the_publication_policy_refuses_changes_nothing(
    editor_client, publisher_client
):
    from translations.models import PublicationMode, PublicationPolicy

    release = live_release()
    form = opened(editor_client, release)
    form["body_fr"] = ""
    form["summary_en"] = "New summary."
    editor_client.post(change_url(release), form)
    PublicationPolicy.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(PressRelease),
        defaults={"mode": PublicationMode.TOGETHER, "required_languages": "en, fr"},
    )

    response = review(publisher_client, release, "approve", "Fine by me.")
    assert response.status_code == 302
    page = publisher_client.get(response["Location"])
    messages = [str(m) for m in page.context["messages"]]
    assert any("waits for its translations" in text for text in messages)
    assert fresh(release).summary_en == "A summary."
    assert Draft.objects.get().state == "pending"
    # What the publisher typed is still in the box.
    assert "Fine by me." in page.content.decode()


def test_bulk_approve_and_reject_ask_for_a_comment_first(
    editor_client, publisher_client
):
    first, second, third = (
        live_release(title_en=f"Release {n}", title_fr=f"Communiqué {n}") for n in "abc"
    )
    for release in (first, second, third):
        form = opened(editor_client, release)
        form["summary_en"] = f"New summary of {release.pk}."
        editor_client.post(change_url(release), form)
    changelist = reverse("admin:news_pressrelease_changelist")
    listing = publisher_client.get(changelist).content.decode()
    assert listing.count("Draft pending") == 3

    asked = publisher_client.post(
        changelist,
        {"action": "approve_drafts", "_selected_action": [first.pk, second.pk]},
    )
    assert asked.status_code == 200
    assert "Approve these drafts?" in asked.content.decode()
    publisher_client.post(
        changelist,
        {
            "action": "approve_drafts",
            "_selected_action": [first.pk, second.pk],
            "post": "yes",
            "editorial_review_comment": "Both fine.",
        },
    )
    assert fresh(first).summary_en == f"New summary of {first.pk}."
    assert fresh(second).summary_en == f"New summary of {second.pk}."

    refused = publisher_client.post(
        changelist,
        {"action": "reject_drafts", "_selected_action": [third.pk], "post": "yes"},
    )
    assert refused.status_code == 200
    assert "drafts are sent back with a comment" in refused.content.decode()
    assert Draft.objects.for_object(third).get().state == "pending"
    publisher_client.post(
        changelist,
        {
            "action": "reject_drafts",
            "_selected_action": [third.pk],
            "post": "yes",
            "editorial_review_comment": "Too long.",
        },
    )
    draft = Draft.objects.for_object(third).get()
    assert draft.state == "rejected"
    assert draft.events.get(action="rejected").comment == "Too long."
    assert "Draft sent back" in publisher_client.get(changelist).content.decode()


def test_the_history_lists_every_step_with_who_and_when(
    editor_client, publisher_client, committed
):
    release = PressReleaseFactory(french=True)
    committed(
        publisher_client.post,
        reverse("admin:news_pressrelease_changelist"),
        {"action": "publish", "_selected_action": [release.pk], "post": "yes"},
    )
    form = opened(editor_client, release)
    form["title_en"] = "First try"
    editor_client.post(change_url(release), form)
    review(editor_client, release, "comment", "Is this title too long?")
    review(publisher_client, release, "reject", "Shorter, please.")
    form = form_of(editor_client.get(change_url(release)), release)
    form["title_en"] = "Short"
    editor_client.post(change_url(release), form)
    review(publisher_client, release, "approve")

    history = publisher_client.get(admin_url(release, "history"))
    steps = [
        (step["user"].username, step["action"], step["comment"])
        for step in reversed(history.context["editorial_steps"])
    ]
    assert steps == [
        ("pub", "Published", ""),
        ("ed", "Submitted for review", ""),
        ("ed", "Commented", "Is this title too long?"),
        ("pub", "Sent back to the author", "Shorter, please."),
        ("ed", "Submitted for review", ""),
        ("pub", "Approved", ""),
        ("pub", "Published", ""),
    ]
    html = history.content.decode()
    assert "Review and publication" in html
    assert "Shorter, please." in html
    assert [e.action for e in DraftEvent.objects.all()][-2:] == [
        "approved",
        "published",
    ]


def test_an_editors_restore_of_a_live_item_becomes_a_draft(admin_client, editor_client):
    from tests.editorial.test_history import edit, revision_url

    # A time as the form gives it: the history keeps no microseconds.
    release = live_release(
        published_at=timezone.now().replace(microsecond=0) - timedelta(hours=1)
    )
    edit(admin_client, release, summary_en="Second summary.")
    first = Version.objects.get_for_object(release).last()
    page = editor_client.get(revision_url(release, first))
    form = form_of(page, release)
    response = editor_client.post(revision_url(release, first), form)
    assert response.status_code == 302
    assert fresh(release).summary_en == "Second summary."
    draft = Draft.objects.get()
    assert draft.data["fields"]["summary_en"] == "A summary."


def test_an_import_of_french_for_a_live_release_waits_as_a_draft(
    django_user_model, client
):
    from translations.exchange import export_file

    release = PressReleaseFactory(published=True, title_en="Floods in Peru")
    translator = signed_in(make_translator(django_user_model, "fr"))
    data, _name = export_file(language="fr")
    text = data.decode().replace('msgstr ""\n\n', 'msgstr "Traduit"\n\n')
    text = text.replace('msgstr ""\n#', 'msgstr "Traduit"\n#')
    if text.rstrip().endswith('msgstr ""'):
        text = text.rstrip()[: -len('""')] + '"Traduit"\n'
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = translator.post(
        reverse("admin:translations_import"),
        {
            "file": SimpleUploadedFile("fr.po", text.encode()),
            "language": "fr",
        },
    )
    assert response.status_code == 200
    assert fresh(release).title_fr in ("", None)
    draft = Draft.objects.get()
    assert (draft.kind, draft.language) == ("translation", "fr")
    assert draft.data["fields"]["title_fr"] == "Traduit"


def test_the_author_withdraws_their_draft(editor_client):
    release = live_release()
    form = opened(editor_client, release)
    form["title_en"] = "Oops"
    editor_client.post(change_url(release), form)
    assert review(editor_client, release, "withdraw").status_code == 302
    assert Draft.objects.get().state == "withdrawn"
    assert form_of(editor_client.get(change_url(release)), release)["title_en"] == (
        "Floods in Peru"
    )


def test_only_administrators_see_the_review_policies(administrator, publisher_client):
    client = signed_in(administrator)
    url = reverse("admin:editorial_reviewpolicy_add")
    page = client.get(url)
    assert page.status_code == 200
    offered = {
        label
        for _value, label in page.context["adminform"]
        .form.fields["content_type"]
        .choices
    }
    assert {"News | press release", "Pages and menu | content page"} <= offered
    assert publisher_client.get(url).status_code == 403


def test_a_page_draft_kept_no_page_row_changed(editor_client):
    page = PageFactory(title_en="Who we are")
    form = opened(editor_client, page)
    form["title_en"] = "Who we are now"
    editor_client.post(change_url(page), form)
    assert Page.objects.get().title_en == "Who we are"
    assert Draft.objects.get().data["fields"]["title_en"] == "Who we are now"


def test_the_page_list_marks_pages_with_a_draft(publisher_client):
    DraftFactory(item=PageFactory(title_en="With a draft"))
    PageFactory(title_en="Without")
    listing = publisher_client.get(reverse("admin:pages_page_changelist"))
    assert listing.content.decode().count("Draft pending") == 1
