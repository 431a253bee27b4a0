"""audit trail: append-only, hash-chained rows, and the retention command's permit

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: Union[str, None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

REFUSED = "audit_trail is append-only"

# UPDATE is always refused; DELETE only of rows up to the id the retention command put in audit_retention_permit
# in the same transaction (api/audit.py, apply_retention).
POSTGRES_FUNCTION = f"""
CREATE FUNCTION audit_trail_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.id <= (SELECT coalesce(max(until_id), 0) FROM audit_retention_permit) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '{REFUSED}: % refused', TG_OP;
END $$
"""
POSTGRES_TRUNCATE_FUNCTION = f"""
CREATE FUNCTION audit_trail_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{REFUSED}: TRUNCATE refused';
END $$
"""
SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER audit_trail_no_update BEFORE UPDATE ON audit_trail
        BEGIN SELECT RAISE(ABORT, '{REFUSED}: UPDATE refused'); END""",
    f"""CREATE TRIGGER audit_trail_no_delete BEFORE DELETE ON audit_trail
        WHEN OLD.id > (SELECT coalesce(max(until_id), 0) FROM audit_retention_permit)
        BEGIN SELECT RAISE(ABORT, '{REFUSED}: DELETE refused'); END""",
]


def upgrade() -> None:
    op.create_table('audit_trail',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('moment', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_issuer', sa.String(length=300), nullable=True),
    sa.Column('actor_subject', sa.String(length=255), nullable=True),
    sa.Column('actor_name', sa.String(length=200), nullable=True),
    sa.Column('actor_role', sa.String(length=30), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('object_type', sa.String(length=30), nullable=True),
    sa.Column('object_id', sa.String(length=64), nullable=True),
    sa.Column('result', sa.String(length=20), nullable=False),
    sa.Column('client_address', sa.String(length=45), nullable=True),
    sa.Column('request_id', sa.String(length=64), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_trail'))
    )
    op.create_index('ix_audit_trail_actor', 'audit_trail', ['actor_issuer', 'actor_subject'], unique=False)
    op.create_index('ix_audit_trail_object', 'audit_trail', ['object_type', 'object_id'], unique=False)
    op.create_index(op.f('ix_audit_trail_moment'), 'audit_trail', ['moment'], unique=False)
    op.create_table('audit_retention_permit',
    sa.Column('until_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.PrimaryKeyConstraint('until_id', name=op.f('pk_audit_retention_permit'))
    )
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(POSTGRES_FUNCTION)
        op.execute(POSTGRES_TRUNCATE_FUNCTION)
        op.execute("CREATE TRIGGER audit_trail_append_only BEFORE UPDATE OR DELETE ON audit_trail "
                   "FOR EACH ROW EXECUTE FUNCTION audit_trail_refuse_change()")
        op.execute("CREATE TRIGGER audit_trail_no_truncate BEFORE TRUNCATE ON audit_trail "
                   "FOR EACH STATEMENT EXECUTE FUNCTION audit_trail_refuse_truncate()")
    else:
        for trigger in SQLITE_TRIGGERS:
            op.execute(trigger)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER audit_trail_no_truncate ON audit_trail")
        op.execute("DROP TRIGGER audit_trail_append_only ON audit_trail")
        op.execute("DROP FUNCTION audit_trail_refuse_truncate()")
        op.execute("DROP FUNCTION audit_trail_refuse_change()")
    op.drop_table('audit_retention_permit')
    op.drop_index(op.f('ix_audit_trail_moment'), table_name='audit_trail')
    op.drop_index('ix_audit_trail_object', table_name='audit_trail')
    op.drop_index('ix_audit_trail_actor', table_name='audit_trail')
    op.drop_table('audit_trail')
