"""One cross-check finding per row, code and other claim: simultaneous refreshes stored some twice."""

import django.db.models.functions.comparison
from django.db import migrations, models

# Keep the first of each doubled finding so the constraint can be created on existing data.
DROP_DOUBLES = """
DELETE FROM crosschecks_crossfinding WHERE id NOT IN (
    SELECT min(id) FROM crosschecks_crossfinding
    GROUP BY row_id, code, COALESCE(other_row_id, 0), COALESCE(past_id, 0)
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0003_submission_snapshots"),
        ("crosschecks", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(DROP_DOUBLES, reverse_sql=migrations.RunSQL.noop, elidable=True),
        migrations.AddConstraint(
            model_name="crossfinding",
            constraint=models.UniqueConstraint(
                models.F("row"),
                models.F("code"),
                django.db.models.functions.comparison.Coalesce("other_row", models.Value(0)),
                django.db.models.functions.comparison.Coalesce("past", models.Value(0)),
                name="one_cross_finding_per_row_code_and_other",
            ),
        ),
    ]
