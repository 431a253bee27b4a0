"""overdrachten: a chat handed to a person of the loket, and what is said in it (issue 27)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: Union[str, None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('overdracht',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('gemeente', sa.String(length=40), nullable=False),
    sa.Column('gesprek_id', sa.String(length=255), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('onderwerp', sa.String(length=200), nullable=False),
    sa.Column('gesprek', sa.JSON(), nullable=False),
    sa.Column('gesprek_gewist_op', sa.DateTime(timezone=True), nullable=True),
    sa.Column('aangemaakt_op', sa.DateTime(timezone=True), nullable=False),
    sa.Column('wacht_sinds', sa.DateTime(timezone=True), nullable=False),
    sa.Column('medewerker', sa.String(length=255), nullable=True),
    sa.Column('medewerker_naam', sa.String(length=200), nullable=True),
    sa.Column('genomen_op', sa.DateTime(timezone=True), nullable=True),
    sa.Column('beeindigd_op', sa.DateTime(timezone=True), nullable=True),
    sa.Column('vervolg', sa.String(length=20), nullable=True),
    sa.Column('inwoner_gezien_op', sa.DateTime(timezone=True), nullable=False),
    sa.Column('medewerker_gezien_op', sa.DateTime(timezone=True), nullable=True),
    sa.Column('gemeld', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_overdracht'))
    )
    with op.batch_alter_table('overdracht', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_overdracht_gemeente'), ['gemeente'], unique=False)
        batch_op.create_index(batch_op.f('ix_overdracht_gesprek_id'), ['gesprek_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_overdracht_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_overdracht_aangemaakt_op'), ['aangemaakt_op'], unique=False)
    op.create_table('overdracht_bericht',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('overdracht_id', sa.String(length=36), nullable=False),
    sa.Column('soort', sa.String(length=20), nullable=False),
    sa.Column('van', sa.String(length=20), nullable=False),
    sa.Column('naam', sa.String(length=200), nullable=True),
    sa.Column('tekst', sa.Text(), nullable=False),
    sa.Column('moment', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['overdracht_id'], ['overdracht.id'],
                            name=op.f('fk_overdracht_bericht_overdracht_id_overdracht')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_overdracht_bericht'))
    )
    with op.batch_alter_table('overdracht_bericht', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_overdracht_bericht_overdracht_id'), ['overdracht_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('overdracht_bericht', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_overdracht_bericht_overdracht_id'))
    op.drop_table('overdracht_bericht')
    with op.batch_alter_table('overdracht', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_overdracht_aangemaakt_op'))
        batch_op.drop_index(batch_op.f('ix_overdracht_status'))
        batch_op.drop_index(batch_op.f('ix_overdracht_gesprek_id'))
        batch_op.drop_index(batch_op.f('ix_overdracht_gemeente'))
    op.drop_table('overdracht')
