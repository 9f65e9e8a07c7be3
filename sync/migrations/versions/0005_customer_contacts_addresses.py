"""customer contacts and addresses

Revision ID: 0005_customer_contacts_addresses
Revises: 0004_deal_probability_labels
Create Date: 2026-12-02 12:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_customer_contacts_addresses"
down_revision = "0004_deal_probability_labels"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contacts", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("addresses", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_column("addresses")
        batch_op.drop_column("contacts")
