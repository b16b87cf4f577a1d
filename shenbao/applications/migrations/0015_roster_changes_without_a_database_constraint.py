# RosterChange.application without a database constraint or an index of its own (models.py says why).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0014_rosterrow_fewer_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="rosterchange",
            name="application",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="roster_changes",
                to="applications.application",
            ),
        ),
    ]
