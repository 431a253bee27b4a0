"""several gemeenten in one deployment: each melding carries its gemeente, referenties count per gemeente and year,
staff sessions hold the person's gemeenten, audit rows name the gemeente they are about

Meldingen made before this revision belong to one gemeente: the only one in config/gemeenten/, or the one named by
WMO_BESTAANDE_MELDINGEN_GEMEENTE when the deployment already serves several. The referentie counters (SQLite) and
sequences (PostgreSQL) of that gemeente go on where they were, so no referentie is handed out twice. Staff sessions
are short-lived (hours): the table is made again, and everyone logged in logs in once more.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""
import os
import re
from typing import Optional, Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: Union[str, None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

EXISTING_ENV = "WMO_BESTAANDE_MELDINGEN_GEMEENTE"


def _existing_gemeente(bind) -> Optional[str]:
    """The gemeente of the rows made before this revision; None when there are none."""
    rows = bind.execute(sa.text("SELECT (SELECT COUNT(*) FROM melding) + (SELECT COUNT(*) FROM referentie_teller)"))
    if not rows.scalar():
        return None
    from wmo import gemeente

    served = gemeente.alle()
    chosen = os.environ.get(EXISTING_ENV) or (next(iter(served)) if len(served) == 1 else None)
    if chosen not in served:
        raise RuntimeError(f"The database holds meldingen from before several gemeenten: set {EXISTING_ENV} to the "
                           f"gemeente they belong to (one of: {', '.join(served)}) and run the migration again.")
    return chosen


def sequence_name(slug: str, jaar: int) -> str:  # api/referenties.py
    return f"referentie_{slug.replace('-', '_')}_{jaar}"


def _staff_session(gemeenten: bool) -> None:
    op.drop_index(op.f('ix_staff_session_expires_at'), table_name='staff_session')
    op.drop_table('staff_session')
    op.create_table('staff_session',
    sa.Column('id_hash', sa.String(length=64), nullable=False),
    sa.Column('issuer', sa.String(length=300), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('roles', sa.String(length=60), nullable=False),
    *([sa.Column('gemeenten', sa.String(length=200), nullable=False)] if gemeenten else []),
    sa.Column('csrf', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id_hash', name=op.f('pk_staff_session'))
    )
    op.create_index(op.f('ix_staff_session_expires_at'), 'staff_session', ['expires_at'], unique=False)


def upgrade() -> None:
    bind = op.get_bind()
    existing = _existing_gemeente(bind)

    with op.batch_alter_table('melding', schema=None) as batch_op:
        batch_op.add_column(sa.Column('gemeente', sa.String(length=40), nullable=True))
    if existing:
        bind.execute(sa.text("UPDATE melding SET gemeente = :slug"), {"slug": existing})
    with op.batch_alter_table('melding', schema=None) as batch_op:
        batch_op.alter_column('gemeente', existing_type=sa.String(length=40), nullable=False)
        batch_op.drop_constraint(batch_op.f('uq_melding_referentie'), type_='unique')
        batch_op.create_unique_constraint('uq_melding_gemeente_referentie', ['gemeente', 'referentie'])
        batch_op.create_index(batch_op.f('ix_melding_gemeente'), ['gemeente'], unique=False)

    counters = bind.execute(sa.text("SELECT jaar, laatste FROM referentie_teller")).all()
    op.drop_table('referentie_teller')
    teller = op.create_table('referentie_teller',
    sa.Column('gemeente', sa.String(length=40), nullable=False),
    sa.Column('jaar', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('laatste', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('gemeente', 'jaar', name=op.f('pk_referentie_teller'))
    )
    if counters:
        op.bulk_insert(teller, [{"gemeente": existing, "jaar": jaar, "laatste": laatste} for jaar, laatste in counters])
    if bind.dialect.name == "postgresql":  # referentie_2026 becomes referentie_<gemeente>_2026 and counts on
        for (name,) in bind.execute(sa.text("SELECT sequencename FROM pg_sequences")):
            year = re.fullmatch(r"referentie_(\d{4})", name)
            if year and existing:
                op.execute(f"ALTER SEQUENCE {name} RENAME TO {sequence_name(existing, int(year.group(1)))}")
            elif year:
                op.execute(f"DROP SEQUENCE {name}")  # no melding was made with it

    op.add_column('audit_trail', sa.Column('gemeente', sa.String(length=200), nullable=True))
    _staff_session(gemeenten=True)


def downgrade() -> None:
    bind = op.get_bind()
    _staff_session(gemeenten=False)
    op.drop_column('audit_trail', 'gemeente')

    counters = bind.execute(sa.text("SELECT jaar, MAX(laatste) FROM referentie_teller GROUP BY jaar")).all()
    op.drop_table('referentie_teller')
    teller = op.create_table('referentie_teller',
    sa.Column('jaar', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('laatste', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('jaar', name=op.f('pk_referentie_teller'))
    )
    if counters:
        op.bulk_insert(teller, [{"jaar": jaar, "laatste": laatste} for jaar, laatste in counters])
    if bind.dialect.name == "postgresql":  # one sequence per year again, at the highest number handed out
        names = bind.execute(sa.text(
            "SELECT sequencename, last_value FROM pg_sequences WHERE sequencename LIKE 'referentie\\_%'")).all()
        highest: dict = {}
        for name, last_value in names:
            year = re.fullmatch(r"referentie_.+_(\d{4})", name)
            if year:
                highest[year.group(1)] = max(highest.get(year.group(1), 0), last_value or 0)
                op.execute(f"DROP SEQUENCE {name}")
        for year, last_value in highest.items():
            op.execute(f"CREATE SEQUENCE referentie_{year} START {last_value + 1}")

    with op.batch_alter_table('melding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_melding_gemeente'))
        batch_op.drop_constraint('uq_melding_gemeente_referentie', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_melding_referentie'), ['referentie'])
        batch_op.drop_column('gemeente')
