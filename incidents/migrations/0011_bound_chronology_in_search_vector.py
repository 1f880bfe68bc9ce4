"""Index at most CHRONOLOGY_MAX_LENGTH characters of the chronology, and refuse a longer one.

PostgreSQL refuses a tsvector whose words pass 1 MB, so a chronology of about 1 MB made the
insert fail (a 500, and the report lost). A generated column cannot be altered: it is dropped with
its GIN index and added again with the bounded expression (the table is rewritten once).
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.core.validators
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0010_move_escalation_out"),
    ]

    operations = [
        migrations.AlterField(
            model_name="incident",
            name="chronology",
            field=models.TextField(
                validators=[
                    django.core.validators.MaxLengthValidator(
                        100000,
                        message="Kronologi terlalu panjang (%(show_value)s karakter); batasnya "
                        "%(limit_value)s karakter. Ringkas kronologinya dan lampirkan dokumen lengkap "
                        "sebagai bukti.",
                    )
                ],
                verbose_name="kronologi",
            ),
        ),
        migrations.RemoveIndex(model_name="incident", name="incident_search_idx"),
        migrations.RemoveField(model_name="incident", name="search_vector"),
        migrations.AddField(
            model_name="incident",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.SearchVector(
                    "title",
                    django.db.models.functions.text.Left("chronology", 100000),
                    "location_description",
                    config="simple",
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="incident",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="incident_search_idx"
            ),
        ),
    ]
