"""Odd admin addresses answer 404, a redirect or a message: never a 500.

Staff mistype addresses, follow stale links and paste ids from elsewhere;
scanners try numbers past any integer. Each test walks every registered
admin model, as a superuser and as an Editor, and collects every address
that answered with a server error.
"""

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from editorial.roles import EDITOR
from tests.news.factories import MediaContactFactory, PressReleaseFactory, TopicFactory
from tests.organization.factories import (
    CountryOfficeFactory,
    PersonFactory,
    PostFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST_QUERIES = [
    "year=99999",
    "year=-1",
    "published_at__year=99999",
    "published_at__year=-1",
    "published_at__year=2016&published_at__month=13",
    "published_at__year=2016&published_at__month=2&published_at__day=31",
    "o=abc",
    "o=999",
    "o=-",
    "p=abc",
    "p=-1",
    "p=99999999999999999999",
    "q=" + "x" * 5000,
    "q=%00",
    "language=xx",
    "language=",
    "office=abc",
    "office=99999999999999999999",
    "region=abc",
    "region=99999999999999999999",
    "parent=99999999999999999999",
    "status=nonsense",
    "kind=nonsense",
    "unit__kind=nonsense",
    "is_active__exact=maybe",
    "id__in=abc",
    "_to_field=password",
    "_popup=1&_to_field=abc",
    "e=1",
    "all=",
]
ODD_IDS = ["abc", "0", "-1", "99999999999999999999", "1.5", "%00", "%20", "x" * 300]
ODD_LANGUAGES = ["xx", "", "EN", "%00", "../en"]
COMPARE_QUERIES = [
    "",
    "from=abc&to=1",
    "from=1&to=abc",
    "from=-1&to=0",
    "from=99999999999999999999&to=1",
    "from=1.5&to=%00",
]
CKEDITOR_QUERIES = [
    "",
    "CKEditorFuncNum=abc",
    "CKEditorFuncNum=%3Cscript%3Ealert(1)%3C/script%3E",
    "CKEditorFuncNum=99999999999999999999999999999999",
    "CKEditorFuncNum=-1",
    "CKEditorFuncNum=1&responseType=json",
    "CKEditor=body&langCode=xx",
]
USERS = ["superuser", "editor"]
# Path converters in admin URL patterns: "<path:object_id>", "<int:pk>"…
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


@pytest.fixture
def signed_in(django_user_model):
    def sign_in(who: str) -> Client:
        if who == "superuser":
            user = django_user_model.objects.create_superuser(
                username="boss", email="boss@example.org", password="pw"
            )
        else:
            user = django_user_model.objects.create_user(
                username="ed", password="pw", is_staff=True
            )
            user.groups.add(Group.objects.get(name=EDITOR))
        client = Client(raise_request_exception=False)
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def content():
    """One object of the main models, for addresses that name a real one."""
    release = PressReleaseFactory(published=True, french=True)
    release.country_offices.add(CountryOfficeFactory())
    release.topics.add(TopicFactory())
    MediaContactFactory()
    PostFactory(unit=UnitFactory(), title_en="Chief of Mission")
    PersonFactory()


def model_admins():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def object_routes(model_admin) -> list[str]:
    """The model admin's address patterns that take parameters."""
    opts = model_admin.model._meta
    prefix = f"/admin/{opts.app_label}/{opts.model_name}/"
    routes = []
    for pattern in model_admin.get_urls():
        route = str(pattern.pattern)
        if PARAMETER.search(route):
            routes.append(prefix + route.lstrip("^").rstrip("$"))
    return routes


def server_errors(client, requests) -> list[str]:
    failed = []
    for method, address, data in requests:
        response = getattr(client, method)(address, data or {})
        if response.status_code >= 500:
            failed.append(f"{method.upper()} {address} → {response.status_code}")
    return failed


@pytest.mark.parametrize("who", USERS)
def test_changelists_with_odd_parameters_never_answer_a_server_error(
    signed_in, content, who
):
    client = signed_in(who)
    requests = []
    for model, _model_admin in model_admins():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        requests += [
            ("get", f"{changelist}?{query}", None) for query in CHANGELIST_QUERIES
        ]
    failed = server_errors(client, requests)
    assert not failed, "\n".join(failed)


@pytest.mark.parametrize("who", USERS)
def test_object_pages_with_odd_ids_never_answer_a_server_error(signed_in, content, who):
    """Change, history, delete, compare, preview, restore…: each address
    pattern with each odd id, and with a real id and odd other parts."""
    client = signed_in(who)
    requests = []
    for model, model_admin in model_admins():
        real = model._default_manager.order_by("pk").first()
        for route in object_routes(model_admin):
            names = PARAMETER.findall(route)
            for odd in ODD_IDS + ODD_LANGUAGES:
                address = PARAMETER.sub(odd, route)
                requests.append(("get", address, None))
            if real is not None and len(names) > 1:
                for odd in ODD_IDS + ODD_LANGUAGES:
                    address = PARAMETER.sub(odd, route).replace(
                        "/" + odd + "/", f"/{real.pk}/", 1
                    )
                    requests.append(("get", address, None))
            if real is not None:
                address = PARAMETER.sub(str(real.pk), route)
                requests.append(("get", address, None))
                if address.endswith("/history/compare/"):
                    requests += [
                        ("get", f"{address}?{query}", None) for query in COMPARE_QUERIES
                    ]
    failed = server_errors(client, requests)
    assert not failed, "\n".join(failed)


@pytest.mark.parametrize("who", USERS)
def test_ckeditor_addresses_with_odd_parameters_never_answer_a_server_error(
    signed_in, who
):
    client = signed_in(who)
    requests = []
    for name in ("ckeditor_upload", "ckeditor_browse"):
        address = reverse(name)
        for query in CKEDITOR_QUERIES:
            requests.append(("get", f"{address}?{query}", None))
            requests.append(("post", f"{address}?{query}", None))
            requests.append(
                ("post", f"{address}?{query}", {"ckCsrfToken": "x", "upload": "x"})
            )
    client.cookies["ckCsrfToken"] = "x"
    failed = server_errors(client, requests)
    assert not failed, "\n".join(failed)


@pytest.mark.parametrize("who", USERS)
def test_actions_posted_with_odd_ids_never_answer_a_server_error(
    signed_in, content, who
):
    """A script posting an action with ids no checkbox ever carried."""
    client = signed_in(who)
    requests = []
    for model, model_admin in model_admins():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        for action in ["delete_selected", *(model_admin.actions or [])]:
            name = action if isinstance(action, str) else action.__name__
            requests += [
                ("post", changelist, {"action": name, "_selected_action": odd})
                for odd in ["abc", "1.5", "%00"]
            ]
    failed = server_errors(client, [r for r in requests if "axes" not in r[1]])
    assert not failed, "\n".join(failed)


def test_an_out_of_range_filter_lists_nothing_or_is_dropped(signed_in, content):
    """PostgreSQL finds no such parent; SQLite cannot compare the number, and
    the filter is dropped with a message."""
    client = signed_in("superuser")
    response = client.get(
        "/admin/organization/unit/?parent=99999999999999999999", follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "0 units" in page or "named nothing that exists" in page
