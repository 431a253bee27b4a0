"""mail outbox: each mail of a melding until it is sent or refused; the e-mail of who made a melding for the inwoner
(issue 29)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: Union[str, None] = '0008'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('mail_uitgaand',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.String(length=255), nullable=False),
    sa.Column('gemeente', sa.String(length=40), nullable=False),
    sa.Column('melding_id', sa.String(length=36), nullable=False),
    sa.Column('soort', sa.String(length=30), nullable=False),
    sa.Column('versie', sa.Integer(), nullable=False),
    sa.Column('aan', sa.String(length=320), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('pogingen', sa.Integer(), nullable=False),
    sa.Column('volgende_poging', sa.DateTime(timezone=True), nullable=False),
    sa.Column('bezig_tot', sa.DateTime(timezone=True), nullable=True),
    sa.Column('aangemaakt_op', sa.DateTime(timezone=True), nullable=False),
    sa.Column('verstuurd_op', sa.DateTime(timezone=True), nullable=True),
    sa.Column('fout', sa.String(length=300), nullable=True),
    sa.ForeignKeyConstraint(['melding_id'], ['melding.id'], name=op.f('fk_mail_uitgaand_melding_id_melding')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_uitgaand')),
    sa.UniqueConstraint('message_id', name=op.f('uq_mail_uitgaand_message_id'))
    )
    with op.batch_alter_table('mail_uitgaand', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mail_uitgaand_gemeente'), ['gemeente'], unique=False)
        batch_op.create_index(batch_op.f('ix_mail_uitgaand_melding_id'), ['melding_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mail_uitgaand_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_mail_uitgaand_volgende_poging'), ['volgende_poging'], unique=False)

    with op.batch_alter_table('melding', schema=None) as batch_op:
        batch_op.add_column(sa.Column('namens_email', sa.String(length=320), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('melding', schema=None) as batch_op:
        batch_op.drop_column('namens_email')

    with op.batch_alter_table('mail_uitgaand', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mail_uitgaand_volgende_poging'))
        batch_op.drop_index(batch_op.f('ix_mail_uitgaand_status'))
        batch_op.drop_index(batch_op.f('ix_mail_uitgaand_melding_id'))
        batch_op.drop_index(batch_op.f('ix_mail_uitgaand_gemeente'))

    op.drop_table('mail_uitgaand')
