"""Kerawanan (risk assessment): the instruments that grade it and the assessments recorded with them.

Why an app of its own, in layer 2 beside incidents, rather than part of ``situation``: an assessment
is a record a person writes (a Bawaslu IKP score, a Polri class, the TPS-rawan checklist), with its
own permissions, form, service, history and thresholds frozen in the row; ``situation`` holds read
models only (the dashboard, the map, the daily report) and nothing may import it. Kept here, the
assessments can be read by any app above (the map's kerawanan measure in ``situation`` today, an
escalation rule or a report tomorrow) through ``risk.selectors``, and this app needs only
``regions`` (places) and ``stakeholders`` (who may see which area) beneath it.
"""
