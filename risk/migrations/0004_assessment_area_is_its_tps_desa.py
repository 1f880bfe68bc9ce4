"""An assessment of a TPS has the TPS's desa as its area, guaranteed by the database.

``area`` is copied from ``polling_station.desa`` so every assessment is scoped and aggregated by one
area code; a composite foreign key (polling_station_id, area_id) -> regions_pollingstation (id, desa_id)
keeps the copy equal to its source (ON UPDATE CASCADE: a TPS moved to another desa takes its
assessments along). Rows that had drifted are first put back on their TPS's desa, so none is lost.
"""

from django.db import migrations

FIX_DRIFTED = """
UPDATE risk_riskassessment AS ra
   SET area_id = ps.desa_id
  FROM regions_pollingstation AS ps
 WHERE ps.id = ra.polling_station_id
   AND ra.area_id <> ps.desa_id
"""

# The repair above leaves deferred foreign-key checks pending; PostgreSQL alters no table until they ran.
ADD_KEY = """
SET CONSTRAINTS ALL IMMEDIATE;
ALTER TABLE risk_riskassessment
  ADD CONSTRAINT riskassess_area_is_tps_desa
  FOREIGN KEY (polling_station_id, area_id)
  REFERENCES regions_pollingstation (id, desa_id)
  ON UPDATE CASCADE ON DELETE NO ACTION
"""

DROP_KEY = "ALTER TABLE risk_riskassessment DROP CONSTRAINT riskassess_area_is_tps_desa"


class Migration(migrations.Migration):
    dependencies = [
        ("risk", "0003_move_content_types_and_seed"),
        ("regions", "0005_reference_keys_for_derived_copies"),
    ]

    operations = [
        migrations.RunSQL(FIX_DRIFTED, reverse_sql=migrations.RunSQL.noop),
        migrations.RunSQL(ADD_KEY, reverse_sql=DROP_KEY),
    ]
