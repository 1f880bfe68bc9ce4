"""The situation picture (layer 4): read models across apps.

The dashboard (``dashboard``, with its panels in ``panels``), the map's measures, point layers and
area links (``map``), and the daily situation report with its morning send (``sitrep``). It reads
every other app through that app's selectors and writes only its own SituationReport rows; no app
imports it (its URLs keep the /insiden/ and /wilayah/ paths they had before it existed).
"""
