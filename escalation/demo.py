"""Demo escalations: the historical demo reports stop escalating, and two reports "happening now" show
a running and an acknowledged escalation (fictional people and events). Idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from incidents import services as incident_services
from incidents.choices import Source
from incidents.selectors import category_get, incident_list_titled
from regions.selectors import adminunit_find, electionphase_list
from stakeholders.choices import Office
from stakeholders.selectors import position_holders

from .choices import OPEN_ESCALATION_STATUSES
from .defaults import escalation_policy_defaults_ensure
from .models import Escalation
from .services import escalation_acknowledge, escalation_step_run, escalation_stop

# Two reports "happening now", so `make run` shows a running and an acknowledged escalation.
LIVE_EXAMPLES = [
    ("Bentrok antarpendukung di depan posko (contoh eskalasi berjalan)", "64.08.04.2001", False),
    ("Massa menghadang distribusi logistik (contoh eskalasi dikonfirmasi)", "64.08.04.2011", True),
]


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def seed() -> list[tuple[str, str, str]]:
    reporter = _user("pelapor.sangatta.utara") or _user("admin")
    # As the incidents demo: nothing without its reporter, officer and the election calendar.
    officer = _user("operator_kesbangpol") or _user("admin")
    if reporter is None or officer is None or not electionphase_list().exists():
        return []
    # As incidents.demo does for the categories: the default policies a migration seeded, back where a
    # database was emptied since (a test's flush), so the live examples escalate whatever ran before.
    escalation_policy_defaults_ensure()
    _escalations(reporter)
    return []


def _escalations(reporter) -> None:
    """Stop the escalations the historical demo reports started (they are not happening now) and add
    two live examples whose first step runs at once: one left running, one acknowledged by its kapolsek."""
    examples = [title for title, _, _ in LIVE_EXAMPLES]
    historical = Escalation.objects.filter(
        status__in=list(OPEN_ESCALATION_STATUSES), run_count=0, incident__reporter=reporter
    ).exclude(incident__title__in=examples)
    for escalation in historical:
        escalation_stop(escalation=escalation, reason="Data demo: laporan lama, eskalasi tidak dijalankan.")
    now = timezone.now()
    for title, code, acknowledge in LIVE_EXAMPLES:
        area = adminunit_find(code=code)
        if area is None or incident_list_titled(title=title).exists():
            continue
        incident = incident_services.incident_create(
            by_user=reporter,
            title=title,
            chronology="Dua kelompok pendukung saling dorong dan lempar batu; dua orang luka ringan.",
            category=category_get(code="BENTROK_MASSA"),
            severity=4,
            occurred_at=now - timedelta(minutes=20),
            known_at=now - timedelta(minutes=10),
            area=area,
            source=Source.PETUGAS_LAPANGAN,
            injured=2,
            crowd_size=150,
        )
        escalation = Escalation.objects.filter(
            incident=incident, status__in=list(OPEN_ESCALATION_STATUSES)
        ).first()
        if escalation is None:
            continue
        escalation_step_run(escalation_id=escalation.pk, token=str(escalation.token), sequence=1)
        kecamatan = adminunit_find(code=code[:8])
        holder = position_holders(offices=[Office.KAPOLSEK], area=kecamatan).first() if kecamatan else None
        kapolsek = holder.person if holder is not None else None
        if acknowledge and kapolsek is not None:
            escalation_acknowledge(escalation=escalation, by_person=kapolsek, by_user=kapolsek.user)
