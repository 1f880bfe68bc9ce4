"""Rename the escalation tables from incidents_* to escalation_* (ALTER TABLE ... RENAME: every row kept).

The many-to-many tables of a policy follow. The explicit index and constraint names
(escalation_active_due_idx, ...) never named a table. The automatic ones keep their incidents_* names,
which Django finds by introspection when it alters a column, except the varchar_pattern_ops index of a
unique text column, which it finds by a name derived from the table: that one is renamed here.
"""

from django.db import migrations

# (model, field, its table before the rename)
LIKE_INDEXES = [("EscalationAckLink", "nonce", "incidents_escalationacklink")]


def _rename_like_indexes(apps, schema_editor, *, forwards: bool) -> None:
    quote = schema_editor.quote_name
    for model_name, field_name, old_table in LIKE_INDEXES:
        model = apps.get_model("escalation", model_name)
        column = model._meta.get_field(field_name).column
        old = schema_editor._create_index_name(old_table, [column], suffix="_like")
        new = schema_editor._create_index_name(model._meta.db_table, [column], suffix="_like")
        if not forwards:
            old, new = new, old
        schema_editor.execute(f"ALTER INDEX IF EXISTS {quote(old)} RENAME TO {quote(new)}")


def like_indexes_forwards(apps, schema_editor):
    _rename_like_indexes(apps, schema_editor, forwards=True)


def like_indexes_backwards(apps, schema_editor):
    _rename_like_indexes(apps, schema_editor, forwards=False)


class Migration(migrations.Migration):

    dependencies = [
        ('escalation', '0001_initial'),
        ('incidents', '0010_move_escalation_out'),
    ]

    operations = [
        migrations.AlterModelTable(
            name='escalation',
            table=None,
        ),
        migrations.AlterModelTable(
            name='escalationacklink',
            table=None,
        ),
        migrations.AlterModelTable(
            name='escalationpolicy',
            table=None,
        ),
        migrations.AlterModelTable(
            name='escalationpolicystep',
            table=None,
        ),
        migrations.AlterModelTable(
            name='escalationsteprun',
            table=None,
        ),
        migrations.AlterModelTable(
            name='escalationsteptarget',
            table=None,
        ),
        migrations.AlterModelTable(
            name='historicalescalationpolicy',
            table=None,
        ),
        migrations.AlterModelTable(
            name='historicalescalationpolicystep',
            table=None,
        ),
        migrations.AlterModelTable(
            name='historicalescalationsteptarget',
            table=None,
        ),
        migrations.RunPython(like_indexes_forwards, like_indexes_backwards),
    ]
