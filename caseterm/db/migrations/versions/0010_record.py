"""record — documents of a case, stored in the database

Revision ID: 0010_record
Revises: 0009_people

- document: title, kind, date, file name, type by content, size, SHA-256, who added it, and
  optionally the agreement version whose signed plan it is.
- document_blob: the bytes (one row per document), apart from the facts so that listing
  never reads them; erased with the document and the case (ON DELETE CASCADE).
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0010_record'
down_revision = '0009_people'
branch_labels = None
depends_on = None

KINDS = "kind IN ('signed_plan', 'consent_form', 'letter', 'report', 'other')"


def upgrade() -> None:
    op.create_table('document',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('doc_date', sa.Date(), nullable=True),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('added_by_id', sa.Uuid(), nullable=True),
    sa.Column('agreement_version_id', sa.Uuid(), nullable=True),
    sa.CheckConstraint(KINDS, name=op.f('ck_document_kind_valid')),
    sa.CheckConstraint('length(title) >= 1 AND length(title) <= 200',
                       name=op.f('ck_document_title_length')),
    sa.CheckConstraint('size > 0', name=op.f('ck_document_size_positive')),
    sa.CheckConstraint('length(sha256) = 64', name=op.f('ck_document_sha256_length')),
    sa.ForeignKeyConstraint(['case_id'], ['casefile.id'],
                            name=op.f('fk_document_case_id_casefile'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['added_by_id'], ['worker.id'],
                            name=op.f('fk_document_added_by_id_worker')),
    sa.ForeignKeyConstraint(['agreement_version_id'], ['agreement_version.id'],
                            name=op.f('fk_document_agreement_version_id_agreement_version'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document'))
    )
    op.create_index('ix_document_case_date', 'document', ['case_id', 'created_at'],
                    unique=False)
    op.create_index(op.f('ix_document_agreement_version_id'), 'document',
                    ['agreement_version_id'], unique=False)
    op.create_table('document_blob',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Uuid(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'],
                            name=op.f('fk_document_blob_document_id_document'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_blob')),
    sa.UniqueConstraint('document_id', name=op.f('uq_document_blob_document_id'))
    )


def downgrade() -> None:
    op.drop_table('document_blob')
    op.drop_index(op.f('ix_document_agreement_version_id'), table_name='document')
    op.drop_index('ix_document_case_date', table_name='document')
    op.drop_table('document')
