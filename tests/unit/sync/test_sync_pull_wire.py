"""Reading a pull page off the wire: checked by hand, refused whole with a clear reason."""

from __future__ import annotations

import json
import uuid

import pytest

from kassa.sync.protocol import PullPage, RowChange
from kassa.sync.pull_wire import BadPage, PulledChange, read_pull_page

ROW = "0190abcd-ef01-7000-8000-00000000beef"


def _page(**changes) -> dict:
    change = {"table": "taxes", "id": ROW, "version": 3, "deleted": False}
    change["data"] = {"id": ROW, "code": "STD", "rate": "20"}
    return {
        "changes": [{**change, **changes}],
        "next_cursor": "c1",
        "has_more": True,
        "reset": False,
        "remaining": 5,
    }


def test_a_page_as_the_server_sends_it_reads_back_whole():
    model = PullPage(
        changes=[
            RowChange(table="taxes", id=uuid.UUID(ROW), version=3, data={"id": ROW, "rate": "20"}),
            RowChange(table="units", id=uuid.UUID(int=8), version=4, deleted=True),
        ],
        next_cursor="c1",
        has_more=True,
        remaining=5,
    )
    page = read_pull_page(model.model_dump_json().encode())
    assert page.changes == [
        PulledChange("taxes", ROW, 3, False, {"id": ROW, "rate": "20"}),
        PulledChange("units", str(uuid.UUID(int=8)), 4, True, None),
    ]
    assert (page.next_cursor, page.has_more, page.reset, page.remaining) == ("c1", True, False, 5)


def test_reset_and_remaining_may_be_left_out():
    page = read_pull_page(b'{"changes": [], "next_cursor": "", "has_more": false}')
    assert (page.changes, page.reset, page.remaining) == ([], False, 0)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (json.dumps(_page())[:-40], "not JSON"),
        ("[]", "not a pull page"),
        (json.dumps({**_page(), "extra": 1}), "not a pull page"),
        (json.dumps({**_page(), "changes": {}}), "must be a list"),
        (json.dumps({**_page(), "has_more": "yes"}), "must be a list, text and a boolean"),
        (json.dumps({**_page(), "remaining": -1}), "remaining a count"),
        (json.dumps({**_page(), "changes": [7]}), "change 0 is not a row change"),
        (json.dumps(_page(colour="red")), "change 0 is not a row change"),
        (json.dumps(_page(table=None)), "table must be text"),
        (json.dumps(_page(version=True)), "version a count"),
        (json.dumps(_page(version=-2)), "version a count"),
        (json.dumps(_page(id="7", deleted=True, data=None)), "id '7' is not a UUID"),
        (json.dumps(_page(id=ROW.upper(), deleted=True, data=None)), "is not a UUID"),
        (json.dumps(_page(id="7")), "data must be the row with its id"),
        (json.dumps(_page(deleted="no")), "deleted must be a boolean"),
        (json.dumps(_page(data=[1])), "data must be the row with its id"),
        (json.dumps(_page(data={"id": str(uuid.UUID(int=9))})), "with its id"),
    ],
)
def test_anything_else_is_refused_naming_the_problem(body, reason):
    with pytest.raises(BadPage, match=reason):
        read_pull_page(body.encode())
