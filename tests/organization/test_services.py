import datetime

import pytest
from django.core.exceptions import ValidationError

from organization.models import Tenure, Unit
from organization.services import (
    appoint_holder,
    end_tenure,
    refresh_unit_tree,
    save_unit,
)
from tests.organization.factories import (
    PersonFactory,
    PostFactory,
    TenureFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


def test_appointing_a_holder_ends_the_current_tenure_the_same_day():
    post = PostFactory(head=True)
    outgoing = TenureFactory(post=post, starts_on=datetime.date(2018, 10, 1))
    newcomer = PersonFactory(name="Amy Pope")

    tenure = appoint_holder(
        post=post, person=newcomer, starts_on=datetime.date(2023, 10, 1)
    )

    outgoing.refresh_from_db()
    assert outgoing.ends_on == datetime.date(2023, 10, 1)
    assert list(Tenure.objects.current(on=datetime.date(2023, 10, 1))) == [tenure]


def test_appointing_an_acting_holder_marks_the_tenure_ad_interim():
    post = PostFactory()
    tenure = appoint_holder(
        post=post,
        person=PersonFactory(),
        starts_on=datetime.date(2024, 1, 1),
        acting=True,
    )
    assert tenure.is_acting is True


def test_appointing_leaves_other_posts_alone():
    post = PostFactory()
    elsewhere = TenureFactory()
    appoint_holder(post=post, person=PersonFactory(), starts_on=datetime.date.today())
    elsewhere.refresh_from_db()
    assert elsewhere.ends_on is None


def test_appointment_that_fails_validation_changes_nothing():
    post = PostFactory()
    outgoing = TenureFactory(post=post)
    with pytest.raises(ValidationError):
        appoint_holder(post=post, person=PersonFactory.build(), starts_on=None)
    outgoing.refresh_from_db()
    assert outgoing.ends_on is None


def test_ending_a_tenure_leaves_the_post_vacant():
    post = PostFactory()
    TenureFactory(post=post)
    assert end_tenure(post=post, ends_on=datetime.date(2024, 5, 1)) == 1
    assert not Tenure.objects.current(on=datetime.date(2024, 5, 1)).exists()


def test_saving_a_unit_keeps_the_tree_order_of_its_descendants():
    a = UnitFactory(sort_order=1)
    b = UnitFactory(sort_order=2)
    child = UnitFactory(parent=b)
    b.sort_order = 0
    save_unit(unit=b)
    assert list(Unit.objects.in_tree_order()) == [b, child, a]
    child.refresh_from_db()
    assert child.depth == 1


def test_save_unit_refuses_a_cycle():
    root = UnitFactory()
    child = UnitFactory(parent=root)
    root.parent = child
    with pytest.raises(ValidationError):
        save_unit(unit=root)


def test_refreshing_an_up_to_date_tree_changes_nothing():
    UnitFactory()
    assert refresh_unit_tree() == 0
