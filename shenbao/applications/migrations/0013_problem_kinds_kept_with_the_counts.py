"""The summary by kind of problem kept on the application (issue 13): counted once here for the
rosters already stored, then kept by services.update_counts with every roster change."""

from collections import Counter

from django.db import migrations, models


def count_stored_kinds(apps, schema_editor):
    # Counted in Python over the historical models, so that this migration does not change with
    # the application code's SQL (applications.kinds.count_kinds gives the same lists).
    Application = apps.get_model("applications", "Application")
    RosterRow = apps.get_model("applications", "RosterRow")
    noted = RosterRow.objects.exclude(problems=[], findings=[]).order_by("application_id")
    kinds: dict[int, tuple[Counter, set]] = {}
    for application_id, problems, findings in noted.values_list(
        "application_id", "problems", "findings"
    ).iterator(chunk_size=2000):
        persons, errors = kinds.setdefault(application_id, (Counter(), set()))
        codes = set()
        for item in [*problems, *findings]:
            code = str(item.get("code", ""))
            codes.add(code)
            if item.get("severity") == "error":
                errors.add(code)
        persons.update(codes)
    for application_id, (persons, errors) in kinds.items():
        stored = [[code, count, code in errors] for code, count in sorted(persons.items())]
        Application.objects.filter(pk=application_id).update(problem_kinds=stored)


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0012_submitted_rows_one_index_and_row_digest"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="problem_kinds",
            field=models.JSONField(default=list, editable=False, verbose_name="问题种类汇总"),
        ),
        migrations.RunPython(count_stored_kinds, migrations.RunPython.noop),
    ]
