"""shift totals: the open shift's running sums (device only, derived from the facts),
and an index to find the last fact of a type (the open shift) without a scan

Revision ID: 0006_shift_totals
Revises: 0005_customer_contacts_addresses
Create Date: 2026-12-02 11:50:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_shift_totals"
down_revision = "0005_customer_contacts_addresses"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A shift open during the upgrade has no row: its totals are recomputed from its
    # facts when read, and the sums start with the next shift.
    op.create_table(
        "shift_totals",
        sa.Column("shift_id", sa.String(length=36), nullable=False),
        sa.Column("opened_seq", sa.Integer(), nullable=False),
        sa.Column("through_seq", sa.Integer(), nullable=False),
        sa.Column("sums", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("shift_id"),
    )
    op.create_index("ix_fact_type_seq", "fact", ["type", "seq"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_fact_type_seq", table_name="fact")
    op.drop_table("shift_totals")
