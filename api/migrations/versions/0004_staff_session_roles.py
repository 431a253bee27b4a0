"""staff sessions hold every role the person has (a consulent who is also beheerder opens both kinds of page)

The sessions are short-lived (hours), so the table is made again: everyone logged in logs in once more.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: Union[str, None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _staff_session(role_column: sa.Column) -> None:
    op.create_table('staff_session',
    sa.Column('id_hash', sa.String(length=64), nullable=False),
    sa.Column('issuer', sa.String(length=300), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    role_column,
    sa.Column('csrf', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id_hash', name=op.f('pk_staff_session'))
    )
    op.create_index(op.f('ix_staff_session_expires_at'), 'staff_session', ['expires_at'], unique=False)


def _drop_staff_session() -> None:
    op.drop_index(op.f('ix_staff_session_expires_at'), table_name='staff_session')
    op.drop_table('staff_session')


def upgrade() -> None:
    _drop_staff_session()
    _staff_session(sa.Column('roles', sa.String(length=60), nullable=False))


def downgrade() -> None:
    _drop_staff_session()
    _staff_session(sa.Column('role', sa.String(length=30), nullable=False))
