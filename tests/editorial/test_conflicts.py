"""No lost edits: a save based on a stale version is refused, input kept."""

import threading

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from editorial.admin import VERSION_FIELD, EditorialAdminMixin, VersionCheckForm
from editorial.models import StaleVersionError, Versioned
from news.models import MediaContact, PressRelease, Topic
from organization.models import CountryOffice, Person, Post, Region, Unit
from pages.models import MenuItem, Page
from tests.editorial.html_forms import change_form_data
from tests.news.factories import MediaContactFactory, PressReleaseFactory
from tests.organization.factories import UnitFactory

pytestmark = pytest.mark.django_db

EDITABLE = [
    PressRelease,
    MediaContact,
    Topic,
    Unit,
    Person,
    Post,
    CountryOffice,
    Region,
    Page,
    MenuItem,
]


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def opened(client, obj) -> dict:
    """What the change form posts back untouched, as a browser would."""
    response = client.get(change_url(obj))
    assert response.status_code == 200
    return change_form_data(response.content.decode(), f"{obj._meta.model_name}_form")


@pytest.fixture
def two_admins(django_user_model):
    clients = []
    for name in ("ana", "ben"):
        user = django_user_model.objects.create_superuser(
            username=name, email=f"{name}@example.org", password="pw-for-tests"
        )
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


@pytest.mark.parametrize("model", EDITABLE, ids=lambda m: m.__name__)
def test_every_editable_model_has_a_version_and_an_editorial_admin(model):
    assert issubclass(model, Versioned)
    assert isinstance(admin.site._registry[model], EditorialAdminMixin)


def test_change_form_carries_the_version_it_was_opened_with(admin_client):
    release = PressReleaseFactory()
    release.title_en = "Edited once"
    release.save()
    data = opened(admin_client, release)
    assert data[VERSION_FIELD] == "2"


def test_stale_save_is_refused_with_what_changed_and_input_kept(two_admins):
    ana, ben = two_admins
    release = PressReleaseFactory(title_fr="Titre", summary_fr="Résumé.")
    form_ana, form_ben = opened(ana, release), opened(ben, release)

    form_ana["title_fr"] = "Titre corrigé par Ana"
    assert ana.post(change_url(release), form_ana).status_code == 302

    form_ben["body_en"] = "<p>Ben's new paragraph.</p>"
    response = ben.post(change_url(release), form_ben)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert [e.code for e in form.non_field_errors().as_data()] == ["stale_version"]
    changes = response.context["editorial_conflict"].changes
    assert [(c.name, c.language, c.before, c.after) for c in changes] == [
        ("title_fr", "fr", "Titre", "Titre corrigé par Ana")
    ]
    page = response.content.decode()
    assert "Titre corrigé par Ana" in page
    assert "Ben&#x27;s new paragraph." in page  # his text is still in the form
    release.refresh_from_db()
    assert (release.title_fr, release.body_en, release.version) == (
        "Titre corrigé par Ana",
        "<p>A body.</p>",
        2,
    )


def test_saving_again_after_seeing_the_conflict_keeps_the_second_version(two_admins):
    ana, ben = two_admins
    release = PressReleaseFactory()
    form_ana, form_ben = opened(ana, release), opened(ben, release)
    form_ana["summary_en"] = "Ana's summary."
    ana.post(change_url(release), form_ana)
    form_ben["summary_en"] = "Ben's summary."
    refused = ben.post(change_url(release), form_ben)

    again = change_form_data(refused.content.decode(), "pressrelease_form")
    assert again["summary_en"] == "Ben's summary."
    assert again[VERSION_FIELD] == "2"
    assert ben.post(change_url(release), again).status_code == 302
    release.refresh_from_db()
    assert (release.summary_en, release.version) == ("Ben's summary.", 3)


def test_conflict_values_are_escaped(two_admins):
    ana, ben = two_admins
    unit = UnitFactory()
    form_ana, form_ben = opened(ana, unit), opened(ben, unit)
    form_ana["name_es"] = '<img src=x onerror="alert(1)">Unidad'
    ana.post(change_url(unit), form_ana)
    response = ben.post(change_url(unit), form_ben)
    page = response.content.decode()
    assert response.context["editorial_conflict"].changes[0].language == "es"
    assert '<img src=x onerror="alert(1)">' not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;Unidad" in page


def test_translator_and_editor_saving_at_once_do_not_overwrite_each_other(
    django_user_model, admin_client
):
    translator = django_user_model.objects.create_user(
        username="tr", password="pw-for-tests", is_staff=True
    )
    translator.groups.add(Group.objects.get(name="Translator (French)"))
    translator_client = Client()
    translator_client.force_login(translator)
    release = PressReleaseFactory(title_fr="Ancien titre")

    form_editor = opened(admin_client, release)
    form_translator = opened(translator_client, release)
    assert VERSION_FIELD in form_translator
    form_translator["title_fr"] = "Nouveau titre"
    assert (
        translator_client.post(change_url(release), form_translator).status_code == 302
    )

    form_editor["title_en"] = "New English title"
    response = admin_client.post(change_url(release), form_editor)
    assert response.status_code == 200
    release.refresh_from_db()
    assert (release.title_fr, release.title_en) == ("Nouveau titre", release.title_en)
    assert release.title_en != "New English title"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_save_landing_between_the_check_and_the_write_still_loses(
    django_user_model, monkeypatch
):
    """The form's check is a courtesy; the guarded UPDATE decides (SQLite
    runs one write transaction at a time: no such race there)."""
    user = django_user_model.objects.create_superuser(
        username="ana", email="ana@example.org", password="pw-for-tests"
    )
    ana = Client()
    ana.force_login(user)
    release = PressReleaseFactory()
    form = opened(ana, release)
    check = VersionCheckForm._check_version
    calls = []

    def someone_saves():
        from django.db import connection as thread_connection

        copy = PressRelease.objects.get(pk=release.pk)
        copy.summary_en = "Saved meanwhile."
        copy.save()
        thread_connection.close()

    def check_then_someone_saves(self):
        check(self)
        if not calls:  # another editor's save commits right now
            thread = threading.Thread(target=someone_saves)
            thread.start()
            thread.join()
        calls.append(1)

    monkeypatch.setattr(VersionCheckForm, "_check_version", check_then_someone_saves)
    form["summary_en"] = "Mine."
    response = ana.post(change_url(release), form)
    assert response.status_code == 200
    assert response.context["editorial_conflict"] is not None
    release.refresh_from_db()
    assert (release.summary_en, release.version) == ("Saved meanwhile.", 2)


def test_model_save_from_a_stale_copy_raises_and_bumps_nothing():
    topic = Topic.objects.create(name_en="Climate")
    first, second = Topic.objects.get(pk=topic.pk), Topic.objects.get(pk=topic.pk)
    first.name_en = "Climate change"
    first.save()
    second.name_en = "Weather"
    with pytest.raises(StaleVersionError):
        second.save()
    topic.refresh_from_db()
    assert (topic.name_en, topic.version, first.version) == ("Climate change", 2, 2)


def test_update_fields_saves_bump_the_version_too():
    release = PressReleaseFactory()
    release.status = "in_review"
    release.save(update_fields=["status"])
    release.refresh_from_db()
    assert release.version == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_cannot_both_win():
    """Needs PostgreSQL's row locks to race for real."""
    release = PressReleaseFactory()
    barrier = threading.Barrier(2)
    outcomes = []

    def save(text):
        from django.db import connection as thread_connection

        try:
            copy = PressRelease.objects.get(pk=release.pk)
            copy.summary_en = text
            barrier.wait()
            copy.save()
            outcomes.append("saved")
        except StaleVersionError:
            outcomes.append("refused")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=save, args=(t,)) for t in ("one", "two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "saved"]
    release.refresh_from_db()
    assert release.version == 2


def test_a_save_without_the_version_it_was_opened_with_is_refused(admin_client):
    release = PressReleaseFactory(summary_en="Before.")
    form = opened(admin_client, release)
    del form[VERSION_FIELD]  # a script, or a form from an old page
    form["summary_en"] = "Overwritten by a script."
    response = admin_client.post(change_url(release), form)
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors().as_data()
    assert [e.code for e in errors] == ["missing_version"]
    release.refresh_from_db()
    assert (release.summary_en, release.version) == ("Before.", 1)


def test_the_conflict_re_save_keeps_the_other_persons_french_text(two_admins):
    ana, ben = two_admins
    release = PressReleaseFactory(title_fr="Titre", summary_en="Summary.")
    form_ana, form_ben = opened(ana, release), opened(ben, release)
    form_ana["title_fr"] = "Titre corrigé par Ana"
    assert ana.post(change_url(release), form_ana).status_code == 302

    form_ben["summary_en"] = "Ben's summary."
    refused = ben.post(change_url(release), form_ben)

    [change] = refused.context["editorial_conflict"].changes
    assert (change.name, change.resolution) == ("title_fr", "theirs")
    again = change_form_data(refused.content.decode(), "pressrelease_form")
    assert again["title_fr"] == "Titre corrigé par Ana"  # shown merged
    assert again["summary_en"] == "Ben's summary."
    assert ben.post(change_url(release), again).status_code == 302
    release.refresh_from_db()
    assert (release.title_fr, release.summary_en, release.version) == (
        "Titre corrigé par Ana",
        "Ben's summary.",
        3,
    )


def test_where_both_changed_a_field_the_person_sees_both_and_may_take_theirs(
    two_admins,
):
    ana, ben = two_admins
    release = PressReleaseFactory(summary_en="Summary.")
    form_ana, form_ben = opened(ana, release), opened(ben, release)
    form_ana["summary_en"] = "Ana's summary & more."
    ana.post(change_url(release), form_ana)
    form_ben["summary_en"] = "Ben's summary."
    refused = ben.post(change_url(release), form_ben)

    [change] = refused.context["editorial_conflict"].changes
    assert (change.after, change.yours, change.resolution) == (
        "Ana's summary & more.",
        "Ben's summary.",
        "choose",
    )
    page = refused.content.decode()
    assert "Ana&#x27;s summary &amp; more." in page
    again = change_form_data(page, "pressrelease_form")
    assert again["editorial_keep_summary_en"] == "mine"  # the default
    again["editorial_keep_summary_en"] = "theirs"
    assert ben.post(change_url(release), again).status_code == 302
    release.refresh_from_db()
    assert release.summary_en == "Ana's summary & more."


def test_a_stale_save_that_would_drop_a_new_contact_is_refused_and_shows_it(
    two_admins,
):
    ana, ben = two_admins
    release = PressReleaseFactory()
    contact = MediaContactFactory(name="Carolina Santos")
    form_ana, form_ben = opened(ana, release), opened(ben, release)
    form_ana.update(
        {
            "release_contacts-TOTAL_FORMS": "1",
            "release_contacts-0-contact": str(contact.pk),
            "release_contacts-0-sort_order": "0",
        }
    )
    assert ana.post(change_url(release), form_ana).status_code == 302

    form_ben["summary_en"] = "Ben's summary."
    refused = ben.post(change_url(release), form_ben)

    assert refused.status_code == 200
    [change] = refused.context["editorial_conflict"].changes
    assert (change.before, change.after, change.resolution) == (
        "—",
        "Carolina Santos",
        "theirs",
    )
    assert "Carolina Santos" in refused.content.decode()
    again = change_form_data(refused.content.decode(), "pressrelease_form")
    assert again["release_contacts-INITIAL_FORMS"] == "1"  # the rows as saved
    assert ben.post(change_url(release), again).status_code == 302
    assert list(release.release_contacts.values_list("contact__name", flat=True)) == [
        "Carolina Santos"
    ]
    release.refresh_from_db()
    assert release.summary_en == "Ben's summary."


def test_a_stale_reorder_of_contacts_is_refused(two_admins):
    ana, ben = two_admins
    release = PressReleaseFactory()
    first, second = MediaContactFactory(name="Ana M."), MediaContactFactory(name="Bo")
    release.release_contacts.create(contact=first, sort_order=0)
    release.release_contacts.create(contact=second, sort_order=1)
    form_ana, form_ben = opened(ana, release), opened(ben, release)
    form_ana["release_contacts-0-sort_order"] = "5"
    assert ana.post(change_url(release), form_ana).status_code == 302

    form_ben["release_contacts-1-DELETE"] = "on"
    refused = ben.post(change_url(release), form_ben)

    assert refused.status_code == 200
    [change] = refused.context["editorial_conflict"].changes
    assert (change.before, change.after, change.resolution) == (
        "Ana M.; Bo",
        "Bo; Ana M.",
        "mine",
    )
    assert release.release_contacts.count() == 2


def test_saving_an_unchanged_form_records_nothing(admin_client):
    from django.contrib.admin.models import LogEntry
    from reversion.models import Version

    release = PressReleaseFactory(
        dateline_date="2016-03-12", title_fr="Titre", body_fr="<p>Texte</p>"
    )
    release.release_contacts.create(contact=MediaContactFactory(), sort_order=0)
    form = opened(admin_client, release)
    versions = Version.objects.get_for_object(release).count()

    response = admin_client.post(change_url(release), form, follow=True)

    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert shown == ["Nothing was changed, so nothing was saved."]
    release.refresh_from_db()
    assert release.version == 1
    assert Version.objects.get_for_object(release).count() == versions
    assert not LogEntry.objects.filter(object_id=str(release.pk)).exists()
