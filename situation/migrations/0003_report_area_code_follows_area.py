"""A situation report's area_code (its scoping key, copied from the area) can no longer drift from its
area: a composite foreign key (area_id, area_code) -> regions_adminunit (id, code), ON UPDATE CASCADE,
so a corrected area code carries its reports along. Drifted rows are put right first; none is lost."""

from django.db import migrations

FIX_DRIFTED = """
UPDATE situation_situationreport AS r
   SET area_code = a.code
  FROM regions_adminunit AS a
 WHERE a.id = r.area_id
   AND r.area_code <> a.code
"""

# Only foreign-key checks pending from this transaction could block the ALTER; run them first.
ADD_KEY = """
SET CONSTRAINTS ALL IMMEDIATE;
ALTER TABLE situation_situationreport
  ADD CONSTRAINT sitrep_area_code_follows_area
  FOREIGN KEY (area_id, area_code) REFERENCES regions_adminunit (id, code)
  ON UPDATE CASCADE ON DELETE NO ACTION
"""

DROP_KEY = "ALTER TABLE situation_situationreport DROP CONSTRAINT sitrep_area_code_follows_area"


class Migration(migrations.Migration):
    dependencies = [
        ("situation", "0002_rename_table_and_move_content_type"),
        ("regions", "0005_reference_keys_for_derived_copies"),
    ]

    operations = [
        migrations.RunSQL(FIX_DRIFTED, reverse_sql=migrations.RunSQL.noop),
        migrations.RunSQL(ADD_KEY, reverse_sql=DROP_KEY),
    ]
