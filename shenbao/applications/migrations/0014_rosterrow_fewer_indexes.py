# Fewer indexes written by a 100,000-row upload (issue 14, bench/README.md "Issue 14, bulk path"):
# - the index on application_id alone: one_row_per_sheet_row (application, number) and
#   rosterrow_counts start with the application, so every look-up by application uses them;
# - on PostgreSQL, the varchar_pattern_ops copy Django adds to an indexed CharField (for LIKE
#   'prefix%'): nothing searches the look-up hash by prefix. The plain index on id_hash stays,
#   declared in Meta.indexes (Django adds no LIKE copy there) as rosterrow_id_hash.
# The indexes are dropped and renamed in SQL rather than by AlterField, which on SQLite copies the
# whole table to change an index.

from django.db import migrations, models

TABLE = "applications_rosterrow"
BY_APPLICATION = "applications_rosterrow_application_id_8b935b04"
BY_HASH = "applications_rosterrow_id_hash_b4846a72"


def forward(apps, schema_editor):
    run = schema_editor.execute
    run(f'DROP INDEX IF EXISTS "{BY_APPLICATION}"')
    if schema_editor.connection.vendor == "postgresql":
        run(f'DROP INDEX IF EXISTS "{BY_HASH}_like"')
        run(f'ALTER INDEX "{BY_HASH}" RENAME TO "rosterrow_id_hash"')
    else:
        run(f'DROP INDEX "{BY_HASH}"')
        run(f'CREATE INDEX "rosterrow_id_hash" ON "{TABLE}" ("id_hash")')


def backward(apps, schema_editor):
    run = schema_editor.execute
    run('DROP INDEX "rosterrow_id_hash"')
    run(f'CREATE INDEX "{BY_HASH}" ON "{TABLE}" ("id_hash")')
    if schema_editor.connection.vendor == "postgresql":
        run(f'CREATE INDEX "{BY_HASH}_like" ON "{TABLE}" ("id_hash" varchar_pattern_ops)')
    run(f'CREATE INDEX "{BY_APPLICATION}" ON "{TABLE}" ("application_id")')


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0013_problem_kinds_kept_with_the_counts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forward, backward)],
            state_operations=[
                migrations.AlterField(
                    model_name="rosterrow",
                    name="application",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=models.deletion.CASCADE,
                        related_name="rows",
                        to="applications.application",
                    ),
                ),
                migrations.AlterField(
                    model_name="rosterrow",
                    name="id_hash",
                    field=models.CharField(blank=True, max_length=64, verbose_name="证件号码查找键（HMAC）"),
                ),
                migrations.AddIndex(
                    model_name="rosterrow",
                    index=models.Index(fields=["id_hash"], name="rosterrow_id_hash"),
                ),
            ],
        ),
    ]
