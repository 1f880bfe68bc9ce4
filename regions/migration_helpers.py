"""Callables that data migrations of other apps name (keep their behaviour: applied migrations rely on it).

``rows_assign_election`` gives every row of a model without an election the election its date falls in,
as migrations adding an ``election`` foreign key need (incidents, risk assessments, Bimtek programmes).
"""

from __future__ import annotations

from django.utils import timezone


def rows_assign_election(
    apps, *, app_label: str, model_name: str, date_field: str, is_datetime: bool
) -> None:
    """Assign rows without an election: the election whose main phases span their date (the later one
    when two do), else the current election (covering today, else the next, else the latest)."""
    Election = apps.get_model("regions", "Election")
    Phase = apps.get_model("regions", "ElectionPhase")
    Model = apps.get_model(app_label, model_name)
    spans = []
    for election in Election.objects.order_by("-voting_date"):
        phases = Phase.objects.filter(election=election, is_main=True)
        first = phases.order_by("start_date").first()
        last = phases.order_by("-end_date").first()
        if first and last:
            spans.append((election, first.start_date, last.end_date))
    if not Election.objects.exists():
        return
    lookup = f"{date_field}__date" if is_datetime else date_field
    for election, start, end in spans:
        Model.objects.filter(
            election__isnull=True, **{f"{lookup}__gte": start, f"{lookup}__lte": end}
        ).update(election=election)
    today = timezone.localdate()
    current = next((e for e, start, end in spans if start <= today <= end), None)
    current = (
        current
        or Election.objects.filter(voting_date__gte=today).order_by("voting_date").first()
        or Election.objects.order_by("-voting_date").first()
    )
    Model.objects.filter(election__isnull=True).update(election=current)
