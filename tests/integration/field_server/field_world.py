"""Test helpers for head office's field sales: a world of master data and a pushing tablet."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient

from kassa.core.ids import new_id
from kassa.core.journal import GENESIS, chain_hash
from kassa.sync.field_facts import CustomerRef, DocLine, FieldPayload, RepRef, payload_of
from kassa.sync.protocol import journal_fact

VALID = date(2026, 3, 31)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def net_line(line_id: str, *, qty: str, price: int, rate: str = "20", optional=False) -> DocLine:
    """A line in net prices: net = qty x price, tax = net x rate, half up (hand-checkable)."""
    net = int((Decimal(qty) * price).to_integral_value())
    tax = int(
        (Decimal(net) * Decimal(rate) / 100 + Decimal("0.5")).to_integral_value(
            rounding="ROUND_FLOOR"
        )
    )
    return DocLine(
        line_id=line_id,
        product_id=new_id(),
        sku=f"SKU-{line_id}",
        name=f"Product {line_id}",
        unit="pc",
        quantity=qty,
        unit_price_minor=price,
        tax_code="STD" if rate == "20" else f"R{rate}",
        tax_rate=rate,
        optional=optional,
        net_minor=net,
        tax_minor=tax,
        total_minor=net + tax,
    )


def totals(lines: list[DocLine]) -> dict[str, int]:
    counted = [line for line in lines if not line.optional]
    return {
        "net_minor": sum(x.net_minor for x in counted),
        "tax_minor": sum(x.tax_minor for x in counted),
        "total_minor": sum(x.total_minor for x in counted),
    }


class World:
    def __init__(self, client: TestClient, headers: dict[str, str], clock: Clock) -> None:
        self.client, self.headers, self.clock = client, headers, clock
        self.seq, self.last_hash = 0, GENESIS
        self.store = self.create("stores", code="S1", name="Shop", currency="EUR")
        role = self.create("roles", code="REP", name="Rep", permissions=["field_sales"])
        self.rep_row = self.create(
            "users", code="rita", name="Rita Rep", role_id=role["id"], store_id=self.store["id"]
        )
        self.rep = RepRef(user_id=self.rep_row["id"], name="Rita Rep")
        pipeline = self.create("pipelines", code="B2B", name="Wholesale")
        self.stages = {
            code: self.create(
                "pipeline-stages",
                code=code,
                name=code.title(),
                pipeline_id=pipeline["id"],
                position=pos,
                colour=colour,
                is_won=code == "WON",
                is_lost=code == "LOST",
            )
            for pos, (code, colour) in enumerate(
                [
                    ("LEAD", "#90A4AE"),
                    ("PROPOSAL", "#42A5F5"),
                    ("WON", "#2E7D32"),
                    ("LOST", "#C62828"),
                ]
            )
        }
        self.customer_row = self.create(
            "customers",
            code="C1",
            name="Café Müller",
            payment_terms_days=14,
            store_id=self.store["id"],
        )
        self.customer = CustomerRef(customer_id=self.customer_row["id"], name="Café Müller")
        self.deal = self.create(
            "deals",
            customer_id=self.customer_row["id"],
            title="Coffee machines",
            stage_id=self.stages["LEAD"]["id"],
            amount_minor=500000,
            currency="EUR",
            owner_user_id=self.rep_row["id"],
            store_id=self.store["id"],
        )
        code = self.client.post(
            f"/api/v1/stores/{self.store['id']}/enroll-codes", headers=self.headers
        ).json()["code"]
        self.tablet = self.client.post(
            "/api/v1/enroll", json={"code": code, "device_name": "tablet"}
        ).json()
        self.device_time = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)

    def create(self, kind: str, **fields: Any) -> dict[str, Any]:
        answer = self.client.post(f"/api/v1/{kind}", json=fields, headers=self.headers)
        assert answer.status_code == 201, answer.text
        return answer.json()

    def get(self, path: str, **params: Any) -> Any:
        answer = self.client.get(f"/api/v1/{path}", params=params, headers=self.headers)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def post(self, path: str, body: dict[str, Any], status: int = 200) -> Any:
        answer = self.client.post(f"/api/v1/{path}", json=body, headers=self.headers)
        assert answer.status_code == status, answer.text
        return answer.json()

    def push(
        self, type: str, body: FieldPayload | dict[str, Any], *, at: datetime | None = None
    ) -> dict[str, Any]:
        [result] = self.push_batch([(type, body)], at=at)
        return result

    def push_batch(
        self, facts: list[tuple[str, FieldPayload | dict[str, Any]]], *, at: datetime | None = None
    ) -> list[dict[str, Any]]:
        """Several facts in one push, as a tablet back online sends its queue."""
        batch = [self._fact(type, body, at=at) for type, body in facts]
        answer = self.client.post(
            "/api/v1/push",
            json={"facts": batch},
            headers={"Authorization": f"Bearer {self.tablet['token']}"},
        )
        assert answer.status_code == 200, answer.text
        return answer.json()["results"]

    def _fact(
        self, type: str, body: FieldPayload | dict[str, Any], *, at: datetime | None
    ) -> dict[str, Any]:
        payload = payload_of(body) if isinstance(body, FieldPayload) else body
        fact_id, device_time = new_id(), at or self.device_time
        self.seq += 1
        digest = chain_hash(
            self.last_hash,
            journal_fact(
                id=fact_id, type=type, seq=self.seq, device_time=device_time, payload=payload
            ),
        )
        fact = {
            "id": str(fact_id),
            "type": type,
            "seq": self.seq,
            "prev_hash": self.last_hash,
            "hash": digest,
            "device_time": device_time.isoformat(),
            "payload": payload,
        }
        self.last_hash = digest
        return fact

    def pull_all(self) -> list[dict[str, Any]]:
        changes, cursor = [], ""
        while True:
            page = self.client.get(
                "/api/v1/pull",
                params={"cursor": cursor, "limit": 500},
                headers={"Authorization": f"Bearer {self.tablet['token']}"},
            ).json()
            changes += page["changes"]
            cursor = page["next_cursor"]
            if not page["has_more"]:
                return changes

    def stage(self, code: str) -> str:
        return self.stages[code]["id"]
