"""`bulk_insert`: many rows in one INSERT, filled in as Django would fill them."""

import datetime

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coachsite.bulk import bulk_insert, bulk_insert_numbered

pytestmark = pytest.mark.django_db


def test_rows_go_in_with_one_statement_and_their_new_ids_come_back_in_order(make_user):
    user = make_user()
    rows = [
        {"user_id": user.pk, "object_repr": f"thing {number}", "action_flag": ADDITION}
        for number in range(50)
    ]

    with CaptureQueriesContext(connection) as statements:
        ids = bulk_insert(LogEntry, rows, returning="id")

    assert [query["sql"].split()[0] for query in statements] == ["INSERT"]
    assert [LogEntry.objects.get(pk=pk).object_repr for pk in ids] == [
        f"thing {number}" for number in range(50)
    ]


def test_fields_a_row_leaves_out_get_their_defaults(make_user):
    user = make_user()
    before = datetime.datetime.now(datetime.UTC)

    bulk_insert(LogEntry, [{"user_id": user.pk, "object_repr": "x", "action_flag": ADDITION}])

    entry = LogEntry.objects.get()
    assert entry.change_message == ""  # a fixed default
    assert entry.action_time >= before  # a callable one
    assert entry.object_id is None


def test_any_text_survives_the_trip_with_or_without_new_ids_back(make_user):
    user = make_user()
    awkward = "tab\there\nnew line\r\nback\\slash \\N 'quote' \"double\" é 🏋"
    row = {"user_id": user.pk, "action_flag": ADDITION, "object_id": None}

    bulk_insert(LogEntry, [{**row, "object_repr": "copied", "change_message": awkward}])
    bulk_insert(
        LogEntry, [{**row, "object_repr": "returned", "change_message": awkward}], returning="id"
    )

    assert dict(LogEntry.objects.values_list("object_repr", "change_message")) == {
        "copied": awkward,
        "returned": awkward,
    }
    assert set(LogEntry.objects.values_list("object_id", flat=True)) == {None}


def test_rows_that_would_break_a_unique_constraint_are_skipped_and_not_returned():
    Group.objects.create(id=1, name="taken")

    inserted = bulk_insert(
        Group,
        [{"id": 2, "name": "new"}, {"id": 3, "name": "taken"}, {"id": 4, "name": "also new"}],
        returning="name",
        skip_conflicts=True,
    )

    assert inserted == ["new", "also new"]
    assert sorted(Group.objects.values_list("name", flat=True)) == ["also new", "new", "taken"]


def test_no_rows_is_no_statement():
    with CaptureQueriesContext(connection) as statements:
        assert bulk_insert(get_user_model(), [], returning="id") == []

    assert statements.captured_queries == []


def test_numbered_rows_get_their_new_ids_in_order_and_later_inserts_follow_them(make_user):
    user = make_user()
    rows = [
        {"user_id": user.pk, "object_repr": f"thing {number}", "action_flag": ADDITION}
        for number in range(30)
    ]

    ids = bulk_insert_numbered(LogEntry, rows)
    after = LogEntry.objects.create(user=user, object_repr="after", action_flag=ADDITION)

    assert [LogEntry.objects.get(pk=pk).object_repr for pk in ids] == [
        f"thing {number}" for number in range(30)
    ]
    assert after.pk > max(ids)
    assert bulk_insert_numbered(LogEntry, []) == []
