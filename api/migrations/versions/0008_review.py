"""review: feedback per answer, the conversations' summary for the review page and dashboard, review marks (issue 28)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: Union[str, None] = '0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('antwoord_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente', sa.String(length=40), nullable=False),
    sa.Column('gesprek_id', sa.String(length=255), nullable=False),
    sa.Column('bericht_id', sa.String(length=64), nullable=False),
    sa.Column('nuttig', sa.Boolean(), nullable=False),
    sa.Column('reden', sa.String(length=30), nullable=True),
    sa.Column('gegeven_op', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_antwoord_feedback')),
    sa.UniqueConstraint('gesprek_id', 'bericht_id', name='uq_antwoord_feedback_gesprek_bericht')
    )
    with op.batch_alter_table('antwoord_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_antwoord_feedback_gemeente'), ['gemeente'], unique=False)
        batch_op.create_index(batch_op.f('ix_antwoord_feedback_gesprek_id'), ['gesprek_id'], unique=False)

    op.create_table('gesprek',
    sa.Column('id', sa.String(length=255), nullable=False),
    sa.Column('gemeente', sa.String(length=40), nullable=True),
    sa.Column('begonnen_op', sa.DateTime(timezone=True), nullable=False),
    sa.Column('laatste_op', sa.DateTime(timezone=True), nullable=False),
    sa.Column('events', sa.Integer(), nullable=False),
    sa.Column('laatste_event', sa.Integer(), nullable=False),
    sa.Column('berichten', sa.Integer(), nullable=False),
    sa.Column('bedoelt_u', sa.Integer(), nullable=False),
    sa.Column('niet_begrepen', sa.Integer(), nullable=False),
    sa.Column('overdracht_gevraagd', sa.Boolean(), nullable=False),
    sa.Column('overgedragen', sa.Boolean(), nullable=False),
    sa.Column('terugbelverzoek', sa.Boolean(), nullable=False),
    sa.Column('formulier_gestopt', sa.Boolean(), nullable=False),
    sa.Column('melding', sa.Boolean(), nullable=False),
    sa.Column('plan', sa.Boolean(), nullable=False),
    sa.Column('onderwerpen', sa.JSON(), nullable=False),
    sa.Column('niet_begrepen_teksten', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gesprek'))
    )
    with op.batch_alter_table('gesprek', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gesprek_gemeente'), ['gemeente'], unique=False)
        batch_op.create_index(batch_op.f('ix_gesprek_begonnen_op'), ['begonnen_op'], unique=False)

    op.create_table('gesprek_review',
    sa.Column('gesprek_id', sa.String(length=255), nullable=False),
    sa.Column('gemeente', sa.String(length=40), nullable=True),
    sa.Column('nagekeken_door', sa.String(length=200), nullable=True),
    sa.Column('nagekeken_op', sa.DateTime(timezone=True), nullable=True),
    sa.Column('testverhaal_door', sa.String(length=200), nullable=True),
    sa.Column('testverhaal_op', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('gesprek_id', name=op.f('pk_gesprek_review'))
    )
    with op.batch_alter_table('gesprek_review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gesprek_review_gemeente'), ['gemeente'], unique=False)

    op.create_table('review_markering',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gemeente', sa.String(length=40), nullable=True),
    sa.Column('gesprek_id', sa.String(length=255), nullable=False),
    sa.Column('bericht_id', sa.String(length=64), nullable=False),
    sa.Column('tekst', sa.Text(), nullable=False),
    sa.Column('bericht_op', sa.DateTime(timezone=True), nullable=False),
    sa.Column('intent', sa.String(length=100), nullable=False),
    sa.Column('was_intent', sa.String(length=100), nullable=True),
    sa.Column('door', sa.String(length=200), nullable=False),
    sa.Column('op', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_markering')),
    sa.UniqueConstraint('gesprek_id', 'bericht_id', name='uq_review_markering_gesprek_bericht')
    )
    with op.batch_alter_table('review_markering', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_markering_gemeente'), ['gemeente'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_markering_gesprek_id'), ['gesprek_id'], unique=False)


def downgrade() -> None:
    for table, indexes in (('review_markering', ('gesprek_id', 'gemeente')), ('gesprek_review', ('gemeente',)),
                           ('gesprek', ('begonnen_op', 'gemeente')), ('antwoord_feedback', ('gesprek_id', 'gemeente'))):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in indexes:
                batch_op.drop_index(batch_op.f(f'ix_{table}_{column}'))
        op.drop_table(table)
