"""meldingen, plan versies, referentie teller

Revision ID: 0001
Revises: 
Create Date: 2026-11-23
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0001'
down_revision: Union[str, None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('melding',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('referentie', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('ingediend_op', sa.DateTime(timezone=True), nullable=False),
    sa.Column('bijgewerkt_op', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kanaal', sa.String(length=20), nullable=False),
    sa.Column('inwoner_naam', sa.String(length=200), nullable=False),
    sa.Column('inwoner_adres', sa.String(length=200), nullable=False),
    sa.Column('inwoner_postcode', sa.String(length=7), nullable=False),
    sa.Column('inwoner_woonplaats', sa.String(length=100), nullable=False),
    sa.Column('inwoner_telefoon', sa.String(length=20), nullable=True),
    sa.Column('inwoner_email', sa.String(length=320), nullable=True),
    sa.Column('namens_naam', sa.String(length=200), nullable=True),
    sa.Column('namens_organisatie', sa.String(length=200), nullable=True),
    sa.Column('namens_rol', sa.String(length=30), nullable=True),
    sa.Column('hulpvraag', sa.Text(), nullable=False),
    sa.Column('levensgebieden', sa.JSON(), nullable=False),
    sa.Column('toestemming_gegeven', sa.Boolean(), nullable=False),
    sa.Column('toestemming_moment', sa.DateTime(timezone=True), nullable=False),
    sa.Column('plan_uiterlijk', sa.Date(), nullable=False),
    sa.Column('onderzoek_uiterlijk', sa.Date(), nullable=False),
    sa.Column('toegewezen_aan', sa.String(length=100), nullable=True),
    sa.Column('idempotency_key', sa.String(length=255), nullable=True),
    sa.Column('request_hash', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_melding')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_melding_idempotency_key')),
    sa.UniqueConstraint('referentie', name=op.f('uq_melding_referentie'))
    )
    with op.batch_alter_table('melding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_melding_ingediend_op'), ['ingediend_op'], unique=False)
        batch_op.create_index(batch_op.f('ix_melding_status'), ['status'], unique=False)

    op.create_table('referentie_teller',
    sa.Column('jaar', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('laatste', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('jaar', name=op.f('pk_referentie_teller'))
    )
    op.create_table('plan_versie',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('melding_id', sa.String(length=36), nullable=False),
    sa.Column('versie', sa.Integer(), nullable=False),
    sa.Column('inhoud', sa.JSON(), nullable=False),
    sa.Column('opgesteld_door', sa.String(length=30), nullable=False),
    sa.Column('bijgewerkt_op', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['melding_id'], ['melding.id'], name=op.f('fk_plan_versie_melding_id_melding')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_versie')),
    sa.UniqueConstraint('melding_id', 'versie', name='uq_plan_versie_melding_versie')
    )
    with op.batch_alter_table('plan_versie', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_versie_melding_id'), ['melding_id'], unique=False)



def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":  # the referentie sequences, made on first use per year (api/referenties.py)
        names = bind.execute(sa.text(
            "SELECT sequencename FROM pg_sequences WHERE sequencename LIKE 'referentie\\_%'")).scalars().all()
        for name in names:
            op.execute(f"DROP SEQUENCE IF EXISTS {name}")
    with op.batch_alter_table('plan_versie', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_versie_melding_id'))

    op.drop_table('plan_versie')
    op.drop_table('referentie_teller')
    with op.batch_alter_table('melding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_melding_status'))
        batch_op.drop_index(batch_op.f('ix_melding_ingediend_op'))

    op.drop_table('melding')
