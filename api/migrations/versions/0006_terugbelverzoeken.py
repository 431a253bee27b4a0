"""terugbelverzoeken: an inwoner asks to be called back by the loket, with the chat so far (issue 27)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: Union[str, None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('terugbelverzoek',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('gemeente', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('ingediend_op', sa.DateTime(timezone=True), nullable=False),
    sa.Column('bijgewerkt_op', sa.DateTime(timezone=True), nullable=False),
    sa.Column('naam', sa.String(length=200), nullable=False),
    sa.Column('telefoon', sa.String(length=20), nullable=False),
    sa.Column('wanneer', sa.String(length=20), nullable=False),
    sa.Column('vraag', sa.Text(), nullable=False),
    sa.Column('toestemming_moment', sa.DateTime(timezone=True), nullable=False),
    sa.Column('gesprek', sa.JSON(), nullable=False),
    sa.Column('gesprek_gewist_op', sa.DateTime(timezone=True), nullable=True),
    sa.Column('behandeld_door', sa.String(length=100), nullable=True),
    sa.Column('idempotency_key', sa.String(length=255), nullable=True),
    sa.Column('request_hash', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_terugbelverzoek')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_terugbelverzoek_idempotency_key'))
    )
    with op.batch_alter_table('terugbelverzoek', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_terugbelverzoek_gemeente'), ['gemeente'], unique=False)
        batch_op.create_index(batch_op.f('ix_terugbelverzoek_ingediend_op'), ['ingediend_op'], unique=False)
        batch_op.create_index(batch_op.f('ix_terugbelverzoek_status'), ['status'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('terugbelverzoek', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_terugbelverzoek_status'))
        batch_op.drop_index(batch_op.f('ix_terugbelverzoek_ingediend_op'))
        batch_op.drop_index(batch_op.f('ix_terugbelverzoek_gemeente'))

    op.drop_table('terugbelverzoek')
