"""The dashboard (Dasbor): the figures of one area (the kabupaten or a kecamatan), computed here
and extended by other apps through two small registries.

- A *figure* is one number with the filtered list behind it (``register_figure``): the built-in
  ones are new today, unacknowledged escalation alerts, overdue follow-ups, overdue legal clocks and
  open overdue incidents. Another app adds one in a few lines::

      from situation.dashboard import FigureValue, register_figure

      def unacknowledged(scope):                      # scope: DashboardScope
          n = ...                                     # count scoped to scope.area_code
          return FigureValue(n, scope.list_url(...))  # or any URL whose list shows those n rows

      register_figure("alerts_unacknowledged", _("Peringatan belum diakui"), unacknowledged,
                      permission="incidents.view_incident", order=15, tone="danger")

- A *panel* is a block of the page rendered by its own template from JSON-able data
  (``register_panel``): the registry's coverage gaps and the Bimtek coverage (``situation.panels``,
  read through stakeholders.selectors and training.selectors).

Everything the page shows is computed by ``dashboard_data`` in a fixed number of aggregate,
index-backed queries (the period's charts, the open reports by severity and the overdue legal clocks
from the counts that PostgreSQL keeps per day and area beside the reports, ``incidents.counts``, for
any user who sees the whole area: every user the page offers an area to) and cached in the Django cache (Redis) for DASHBOARD_CACHE_SECONDS (at most
60 s), keyed by area, period and language. The key holds no user: the view only offers a user the
areas they cover completely (kabupaten roles: the kabupaten and every kecamatan; a camat's office:
its kecamatan), so anyone allowed to open an area sees the same rows there. What a user may see of
the cached result (a figure's or panel's permission) is decided when the page is rendered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.models import Count
from django.db.models.functions import Substr, TruncDay, TruncWeek
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.conf import kabupaten_code, kabupaten_codes
from incidents.choices import OPEN_STATUSES, Severity
from incidents.selectors import (
    COUNT_BASIS_OCCURRED,
    COUNT_BASIS_REPORTED,
    category_names,
    followup_overdue_q,
    incident_area_wholly_visible,
    incident_day_counts,
    incident_legal_clocks_overdue_count,
    incident_open_counts,
    incident_overdue_q,
    incident_visible_to,
    legal_clock_overdue_q,
)
from regions.choices import PhaseCode
from regions.selectors import adminunit_list, adminunit_subtree, electionphase_list, subtree_q
from stakeholders.choices import AccessRole
from stakeholders.selectors import access_profile

# A period longer than this is charted by week instead of by day.
DAILY_MAX_DAYS = 62
# The longest period the page accepts.
PERIOD_MAX_DAYS = 366
# Categories drawn as their own line; the rest are summed into "Lainnya".
CHART_CATEGORIES = 8
# 2: the links carry the kabupaten of a kabupaten dashboard, and the area links the election.
CACHE_VERSION = 2
BASIS_REPORTED = "dilaporkan"
BASIS_OCCURRED = "terjadi"


@dataclass(frozen=True)
class DashboardScope:
    """One dashboard request: the area (kabupaten or kecamatan) the user covers, and the period.

    ``user`` is the user the figures are computed for; results are cached per area and shared
    with every user who covers the same area (see the module docstring).
    """

    user: Any
    area_code: str
    area_name: str
    start: date
    end: date
    today: date
    # Only the reports of this election (its id); None: every election.
    election_id: int | None = None
    # Which day puts a report in the period: the day it was reported (BASIS_REPORTED) or the day it
    # happened (BASIS_OCCURRED: "everything that happened on voting day").
    basis: str = "dilaporkan"

    @property
    def is_kabupaten(self) -> bool:
        return self.area_code.count(".") == 1

    def list_url(self, **params) -> str:
        """The incident list filtered to this area (the kabupaten too: a provincial office sees several)
        and the given parameters (None values dropped), so that it lists exactly the rows counted."""
        query: dict = {"kabupaten" if self.is_kabupaten else "kecamatan": self.area_code}
        if self.election_id is not None:
            query["election"] = self.election_id
        query.update({k: v for k, v in params.items() if v is not None})
        return f"{reverse('incidents:incident_list')}?{urlencode(query)}"

    @property
    def period_field(self) -> str:
        """The incident column the period is read on."""
        return "occurred_at" if self.basis == BASIS_OCCURRED else "reported_at"

    def period_params(self) -> dict:
        """The list parameters of 'reported (or happened) within the period, any status'."""
        if self.basis == BASIS_OCCURRED:
            return {
                "status": "semua",
                "terjadi_dari": self.start.isoformat(),
                "terjadi_sampai": self.end.isoformat(),
            }
        return {"status": "semua", "dari": self.start.isoformat(), "sampai": self.end.isoformat()}

    def incidents(self):
        """The user's visible incidents in the area, of the election when one is chosen (the scope every
        figure starts from)."""
        incidents = incident_visible_to(self.user).filter(subtree_q(self.area_code, "area_code"))
        if self.election_id is not None:
            incidents = incidents.filter(election_id=self.election_id)
        return incidents

    @property
    def counted(self) -> bool:
        """Whether the pre-aggregated counts answer for this scope: the user sees every report of the
        area (every user the dashboard offers an area to does), and the area is a kabupaten or a
        kecamatan (the areas the counts are kept for)."""
        return self.area_code.count(".") in (1, 2) and incident_area_wholly_visible(self.user, self.area_code)

    def reported_between(self, start: date, end: date):
        """Incidents of the area reported from ``start`` to ``end`` inclusive (WITA days), any status."""
        return self.incidents().filter(
            reported_at__gte=_day_start(start), reported_at__lt=_day_start(end + timedelta(days=1))
        )

    def in_period(self, start: date, end: date):
        """Incidents of the area reported, or that happened (``basis``), from ``start`` to ``end``."""
        field = self.period_field
        return self.incidents().filter(
            **{f"{field}__gte": _day_start(start), f"{field}__lt": _day_start(end + timedelta(days=1))}
        )


@dataclass(frozen=True)
class FigureValue:
    """A figure's number and the list that shows exactly those rows."""

    value: int
    url: str


@dataclass(frozen=True)
class Figure:
    """A registered figure."""

    name: str
    label: str
    func: Callable[[DashboardScope], FigureValue]
    permission: str | None = None
    order: int = 100
    tone: str = "secondary"


@dataclass(frozen=True)
class Panel:
    """A registered panel: ``func(scope)`` returns JSON-able data, rendered with ``template``."""

    name: str
    label: str
    func: Callable[[DashboardScope], dict]
    template: str
    permission: str | None = None
    order: int = 100


_FIGURES: dict[str, Figure] = {}
_PANELS: dict[str, Panel] = {}


def register_figure(
    name: str,
    label: str,
    func: Callable[[DashboardScope], FigureValue],
    *,
    permission: str | None = None,
    order: int = 100,
    tone: str = "secondary",
) -> Figure:
    """Show a figure on the dashboard under ``name``; registering a name twice replaces it.

    ``tone`` is a Bootstrap colour name for the card's border (``danger`` for what needs action).
    """
    figure = Figure(name, label, func, permission, order, tone)
    _FIGURES[name] = figure
    return figure


def unregister_figure(name: str) -> None:
    """Remove a figure (used by tests)."""
    _FIGURES.pop(name, None)


def register_panel(
    name: str,
    label: str,
    func: Callable[[DashboardScope], dict],
    template: str,
    *,
    permission: str | None = None,
    order: int = 100,
) -> Panel:
    """Show a panel on the dashboard; its template gets ``panel`` (label) and ``data`` (func's result)."""
    panel = Panel(name, label, func, template, permission, order)
    _PANELS[name] = panel
    return panel


def unregister_panel(name: str) -> None:
    """Remove a panel (used by tests)."""
    _PANELS.pop(name, None)


def _allowed(user, permission: str | None) -> bool:
    return permission is None or user.has_perm(permission)


def figures_for(user) -> list[Figure]:
    """The figures this user may see, in display order."""
    return sorted(
        (f for f in _FIGURES.values() if _allowed(user, f.permission)), key=lambda f: (f.order, f.name)
    )


def panels_for(user) -> list[Panel]:
    """The panels this user may see, in display order."""
    return sorted(
        (p for p in _PANELS.values() if _allowed(user, p.permission)), key=lambda p: (p.order, p.name)
    )


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# --- who sees which area --------------------------------------------------------------------------
# Roles whose incident scope is their area's whole subtree (plus more): a grant of one of them on the
# kabupaten or a kecamatan covers that area completely.
AREA_ROLES = (AccessRole.KECAMATAN_OPERATOR, AccessRole.SECURITY_LIAISON)
WIDE_ROLES = (AccessRole.KABUPATEN_ADMIN, AccessRole.KABUPATEN_VIEWER)


def kabupaten_covered_by(user) -> list[str]:
    """The served kabupaten the user covers whole (their own, or every one below their province), the
    installation's first kabupaten first."""
    profile = access_profile(user)
    codes = [c for c in profile.area_codes_for(*AREA_ROLES, *WIDE_ROLES) if len(c.split(".")) <= 3]
    whole = [
        k
        for k in kabupaten_codes()
        if profile.kabupaten_wide or any(k == c or k.startswith(c + ".") for c in codes)
    ]
    return sorted(whole, key=lambda k: (k != kabupaten_code(), k))


def map_home_kabupaten(user) -> str:
    """The kabupaten whose kecamatan the map opens on: the first the user covers whole, else the one of
    their first area (a camat's), else the installation's first."""
    covered = kabupaten_covered_by(user)
    if covered:
        return covered[0]
    for code in access_profile(user).area_codes:
        kabupaten = ".".join(code.split(".")[:2])
        if kabupaten in kabupaten_codes():
            return kabupaten
    return kabupaten_code()


def dashboard_areas_for(user) -> list[tuple[str, str]]:
    """(code, name) of the areas whose dashboard the user may open, the default first.

    Kabupaten roles (Kesbangpol, Bupati, Sekda, Ketua DPRD, Kajari) and Forkopimda members whose
    position is kabupaten-wide (Kapolres, Dandim): the kabupaten, then every kecamatan. A camat's
    office, a Kapolsek or a Danramil: their kecamatan. Nobody else: a desa officer sees only part of
    an area, so a cached area figure would not be theirs. Without the incident view permission:
    nothing.
    """
    if not user.is_authenticated or not user.has_perm("incidents.view_incident"):
        return []
    profile = access_profile(user)
    codes = [c for c in profile.area_codes_for(*AREA_ROLES, *WIDE_ROLES) if len(c.split(".")) <= 3]
    whole = kabupaten_covered_by(user)
    rows: list[tuple[str, str]] = []
    for kabupaten in whole:
        units = adminunit_subtree(area=kabupaten).filter(level__in=["kabupaten", "kecamatan"])
        rows += list(units.order_by("code").values_list("code", "name"))
    inside = [c for c in codes if not any(c == k or c.startswith(k + ".") for k in whole)]
    if inside:
        rows += list(adminunit_list().filter(code__in=inside, level="kecamatan").values_list("code", "name"))
    return rows


def dashboard_map_url(scope: DashboardScope) -> str:
    """The map for a dashboard's "Buka peta": of the dashboard's kabupaten for a user who switches the map
    between several (a provincial office), else the map as it opens."""
    kabupaten = ".".join(scope.area_code.split(".")[:2])
    covered = kabupaten_covered_by(scope.user)
    query = f"?{urlencode({'kabupaten': kabupaten})}" if len(covered) > 1 and kabupaten in covered else ""
    return reverse("situation:map") + query


# --- the built-in figures ---------------------------------------------------------------------------
def new_today(scope: DashboardScope) -> FigureValue:
    """Reports received today (WITA), any status."""
    n = scope.reported_between(scope.today, scope.today).count()
    day = scope.today.isoformat()
    return FigureValue(n, scope.list_url(status="semua", dari=day, sampai=day))


def followups_overdue(scope: DashboardScope) -> FigureValue:
    """Open incidents with a follow-up past its due date."""
    n = (
        scope.incidents()
        .filter(status__in=list(OPEN_STATUSES))
        .filter(followup_overdue_q(scope.today))
        .count()
    )
    return FigureValue(n, scope.list_url(followup_overdue="on"))


def legal_clocks_overdue(scope: DashboardScope) -> FigureValue:
    """P-track reports past their 7 days without a referral to Bawaslu (any status but rejected): from the
    daily totals of running clocks where they answer for the scope (a kabupaten's overdue clocks are
    hundreds of thousands of rows at a million reports)."""
    if scope.counted:
        n = incident_legal_clocks_overdue_count(area_code=scope.area_code, election_id=scope.election_id)
    else:
        n = scope.incidents().filter(legal_clock_overdue_q()).count()
    return FigureValue(n, scope.list_url(status="semua", overdue="on"))


def open_overdue(scope: DashboardScope) -> FigureValue:
    """Open incidents that are overdue (incident_overdue_q), as on the map."""
    n = scope.incidents().filter(incident_overdue_q()).count()
    return FigureValue(n, scope.list_url(terlambat="on"))


def alerts_unacknowledged(scope: DashboardScope) -> FigureValue:
    """Incidents whose escalation alert nobody has acknowledged yet (running, or every step run)."""
    from escalation.selectors import incident_unacknowledged_q

    n = scope.incidents().filter(incident_unacknowledged_q()).count()
    return FigureValue(n, scope.list_url(status="semua", belum_dikonfirmasi="on"))


def alerts_unreached(scope: DashboardScope) -> FigureValue:
    """Incidents whose open escalation left a recipient unreached at some step (every channel failed)."""
    from escalation.selectors import incident_unreached_q

    n = scope.incidents().filter(incident_unreached_q()).count()
    return FigureValue(n, scope.list_url(status="semua", tidak_terjangkau="on"))


# --- the built-in blocks -----------------------------------------------------------------------------
def _open_by_severity(scope: DashboardScope) -> list[dict]:
    """Open reports per severity: from the pre-aggregated counts (a few rows), or for a scope they do not
    answer for, counted from the reports."""
    if scope.counted:
        counts = incident_open_counts(area_code=scope.area_code, election_id=scope.election_id)
    else:
        counts = dict(
            scope.incidents()
            .filter(status__in=list(OPEN_STATUSES))
            .order_by()
            .values("severity")
            .annotate(n=Count("id"))
            .values_list("severity", "n")
        )
    return [
        {
            "severity": value,
            "label": str(label),
            "value": counts.get(value, 0),
            "url": scope.list_url(severity=value),
        }
        for value, label in reversed(Severity.choices)
    ]


@dataclass(frozen=True)
class PeriodCounts:
    """The period's reports counted three ways by one scan: (bucket, category), phase, child area."""

    weekly: bool
    by_bucket_category: list[tuple[date, int, int]]
    by_phase: dict[int | None, int]
    by_child: dict[str, int]


def _period_counts(scope: DashboardScope) -> PeriodCounts:
    """The period's reports counted three ways. From the pre-aggregated daily counts
    (``incidents.counts``: one index-only read of at most some 40 rows a day, whatever the number of
    reports) when they answer for the scope (``DashboardScope.counted``), else from the reports.
    """
    if not scope.counted:
        return _period_counts_scanned(scope)
    weekly = (scope.end - scope.start).days + 1 > DAILY_MAX_DAYS
    counts = incident_day_counts(
        area_code=scope.area_code,
        basis=COUNT_BASIS_OCCURRED if scope.basis == BASIS_OCCURRED else COUNT_BASIS_REPORTED,
        start=scope.start,
        end=scope.end,
        election_id=scope.election_id,
        weekly=weekly,
    )
    return PeriodCounts(weekly, counts.by_bucket_category, counts.by_phase, counts.by_child)


def _period_counts_scanned(scope: DashboardScope) -> PeriodCounts:
    """One query: the selector's rows of the period counted per (day or week, category, phase, kecamatan
    or desa code), then added up by GROUPING SETS ((day or week, category), (phase), (kecamatan or desa
    code)), so the table is read once (from incident_dash_reported_idx or incident_dash_occurred_idx
    alone) for all three charts."""
    weekly = (scope.end - scope.start).days + 1 > DAILY_MAX_DAYS
    trunc = TruncWeek if weekly else TruncDay
    length = len(scope.area_code) + (3 if scope.is_kabupaten else 5)
    inner = (
        scope.in_period(scope.start, scope.end)
        .order_by()
        .annotate(
            bucket=trunc(scope.period_field, tzinfo=timezone.get_current_timezone()),
            child=Substr("area_code", 1, length),
        )
        .values("bucket", "category_id", "phase_id", "child")
        # Counted per (bucket, category, phase, child) first: a hash over the index-only scan, so the
        # grouping sets below add up a few thousand rows instead of sorting every report of the period
        # (which spilled to disk at a million reports).
        .annotate(n=Count("*"))
    )
    sql, params = inner.query.sql_with_params()
    # The ORM's own SQL wrapped as a subquery; every value stays a parameter.
    query = (
        "SELECT bucket, category_id, phase_id, child, GROUPING(bucket), GROUPING(phase_id), SUM(n) "  # noqa: S608
        f"FROM ({sql}) AS period "
        "GROUP BY GROUPING SETS ((bucket, category_id), (phase_id), (child))"
    )
    by_bucket_category, by_phase, by_child = [], {}, {}
    # The connection the ORM would read the rows from (the replica inside core.dbrouter.replica_reads).
    with connections[inner.db].cursor() as cursor:
        cursor.execute(query, params)
        for bucket, category_id, phase_id, child, no_bucket, no_phase, total in cursor.fetchall():
            n = int(total)  # SUM of counts: numeric in PostgreSQL
            if not no_bucket:
                day = bucket.date() if isinstance(bucket, datetime) else bucket
                if isinstance(bucket, datetime) and timezone.is_aware(bucket):
                    day = timezone.localtime(bucket).date()
                by_bucket_category.append((day, category_id, n))
            elif not no_phase:
                by_phase[phase_id] = n
            else:
                by_child[child] = n
    return PeriodCounts(weekly, by_bucket_category, by_phase, by_child)


def _over_time(scope: DashboardScope, counts: PeriodCounts, categories: dict[int, str]) -> dict:
    """Reports per day (or week) and category in the period, the busiest categories on their own."""
    weekly = counts.weekly
    step = timedelta(days=7 if weekly else 1)
    first = scope.start - timedelta(days=scope.start.weekday()) if weekly else scope.start
    buckets = []
    day = first
    while day <= scope.end:
        buckets.append(day)
        day += step
    index = {b: i for i, b in enumerate(buckets)}
    series: dict[int, list[int]] = {}
    totals: dict[int, int] = {}
    for bucket, category_id, n in counts.by_bucket_category:
        position = index.get(bucket)
        if position is None:
            continue
        series.setdefault(category_id, [0] * len(buckets))[position] += n
        totals[category_id] = totals.get(category_id, 0) + n
    ranked = sorted(totals, key=lambda c: (-totals[c], categories.get(c, "")))
    datasets = [{"label": categories.get(c, str(c)), "data": series[c]} for c in ranked[:CHART_CATEGORIES]]
    if len(ranked) > CHART_CATEGORIES:
        rest = [0] * len(buckets)
        for c in ranked[CHART_CATEGORIES:]:
            rest = [a + b for a, b in zip(rest, series[c], strict=True)]
        datasets.append({"label": str(_("Lainnya")), "data": rest})
    by_category = [
        {
            "label": categories.get(c, str(c)),
            "value": totals[c],
            "url": scope.list_url(category=c, **scope.period_params()),
        }
        for c in ranked
    ]
    return {
        "labels": [b.strftime("%d/%m") for b in buckets],
        "datasets": datasets,
        "weekly": weekly,
        "by_category": by_category,
    }


def _by_phase(scope: DashboardScope, counts: PeriodCounts) -> list[dict]:
    labels = dict(PhaseCode.choices)
    phases = (
        electionphase_list()
        .filter(pk__in=[p for p in counts.by_phase if p])
        .order_by("election__voting_date", "sequence")
    )
    rows = [
        {
            "label": str(labels.get(p.code, p.code)),
            "value": counts.by_phase[p.pk],
            "url": scope.list_url(phase=p.pk, **scope.period_params()),
        }
        for p in phases
    ]
    if counts.by_phase.get(None):
        rows.append({"label": str(_("Di luar tahapan")), "value": counts.by_phase[None], "url": ""})
    return rows


def _by_child_area(scope: DashboardScope, counts: PeriodCounts) -> list[dict]:
    """Reports in the period per kecamatan (kabupaten) or desa (kecamatan)."""
    children = list(adminunit_list().filter(parent__code=scope.area_code).values_list("code", "name"))
    # A kecamatan link or a desa link, beside the dashboard's own area and election (list_url).
    key = "kecamatan" if scope.is_kabupaten else "desa"
    rows = [
        {
            "code": code,
            "label": name,
            "value": counts.by_child.get(code, 0),
            "url": scope.list_url(**scope.period_params(), **{key: code}),
        }
        for code, name in children
    ]
    if scope.is_kabupaten and counts.by_child.get(scope.area_code):
        # Reports for the whole kabupaten (or whose place is unknown): their own row, in no kecamatan.
        # "Tingkat kabupaten" matches every served kabupaten's own code; the kabupaten of list_url
        # narrows it to this one.
        rows.append(
            {
                "code": scope.area_code,
                "label": str(_("Tingkat kabupaten / tempat tidak diketahui")),
                "value": counts.by_child[scope.area_code],
                "url": scope.list_url(**scope.period_params(), tingkat_kabupaten="on"),
            }
        )
    return rows


def _figure_values(scope: DashboardScope) -> dict:
    return {name: _figure_json(figure.func(scope)) for name, figure in _FIGURES.items()}


def _figure_json(value: FigureValue) -> dict:
    return {"value": value.value, "url": value.url}


def _cache_key(scope: DashboardScope) -> str:
    language = translation.get_language() or settings.LANGUAGE_CODE
    return (
        f"dasbor:v{CACHE_VERSION}:{scope.area_code}:{scope.election_id or ''}:{scope.basis}:{scope.start}:"
        f"{scope.end}:{scope.today}:{language}"
    )


def dashboard_cache_seconds() -> int:
    """How long figures are cached: DASHBOARD_CACHE_SECONDS, never more than a minute."""
    return max(0, min(60, int(getattr(settings, "DASHBOARD_CACHE_SECONDS", 60))))


def dashboard_data(scope: DashboardScope) -> dict:
    """Every figure, chart and panel of one area and period as JSON-able data, cached up to 60 s.

    A fixed number of aggregate queries whatever the number of incidents (tested).
    """
    key = _cache_key(scope)
    seconds = dashboard_cache_seconds()
    if seconds:
        cached = cache.get(key)
        if cached is not None:
            return cached
    # Inactive categories too: old reports keep theirs.
    categories = category_names()
    counts = _period_counts(scope)
    over_time = _over_time(scope, counts, categories)
    data = {
        "computed_at": timezone.now().isoformat(),
        "open_by_severity": _open_by_severity(scope),
        "figures": _figure_values(scope),
        "over_time": over_time,
        "by_phase": _by_phase(scope, counts),
        "by_area": _by_child_area(scope, counts),
        "period_total": sum(row["value"] for row in over_time["by_category"]),
        "period_url": scope.list_url(**scope.period_params()),
        "panels": {name: panel.func(scope) for name, panel in _PANELS.items()},
    }
    if seconds:
        cache.set(key, data, seconds)
    return data


@dataclass
class DashboardPage:
    """What the view renders: the scope, the cached data, and what of it this user may see."""

    scope: DashboardScope
    data: dict
    figures: list[dict] = field(default_factory=list)
    panels: list[dict] = field(default_factory=list)


def dashboard_page(scope: DashboardScope) -> DashboardPage:
    """The dashboard of a scope for its user: cached data, with the figures and panels they may see."""
    data = dashboard_data(scope)
    figures = [
        {"name": f.name, "label": f.label, "tone": f.tone, **data["figures"][f.name]}
        for f in figures_for(scope.user)
        if f.name in data["figures"]
    ]
    panels = [
        {"name": p.name, "label": p.label, "template": p.template, "data": data["panels"][p.name]}
        for p in panels_for(scope.user)
        if p.name in data["panels"]
    ]
    return DashboardPage(scope=scope, data=data, figures=figures, panels=panels)


def register_builtin() -> None:
    """The built-in figures and panels (called from SituationConfig.ready)."""
    from . import panels

    register_figure("new_today", _("Laporan baru hari ini"), new_today, order=10, tone="primary")
    register_figure(
        "alerts_unacknowledged",
        _("Peringatan belum dikonfirmasi"),
        alerts_unacknowledged,
        order=15,
        tone="danger",
    )
    register_figure(
        "alerts_unreached",
        _("Peringatan dengan penerima tidak terjangkau"),
        alerts_unreached,
        order=17,
        tone="danger",
    )
    register_figure(
        "open_overdue", _("Insiden terbuka yang terlambat"), open_overdue, order=30, tone="danger"
    )
    register_figure(
        "followups_overdue", _("Tindak lanjut lewat tenggat"), followups_overdue, order=40, tone="warning"
    )
    register_figure(
        "legal_clocks_overdue",
        _("Batas 7 hari Bawaslu terlewati"),
        legal_clocks_overdue,
        order=50,
        tone="danger",
    )
    register_panel(
        "cakupan_bimtek",
        _("Cakupan Bimtek Tiga Pilar"),
        panels.training_coverage_panel,
        "situation/partials/dashboard_coverage.html",
        permission="stakeholders.view_position",
        order=50,
    )
    register_panel(
        "rencana_aksi",
        _("Rencana aksi terpadu dan tindak lanjut koordinasi"),
        panels.action_plan_panel,
        "situation/partials/dashboard_plan.html",
        permission="coordination.view_actionplan",
        order=45,
    )
    register_panel(
        "celah_registri",
        _("Celah registri pemangku kepentingan"),
        panels.coverage_gaps_panel,
        "situation/partials/dashboard_gaps.html",
        permission="stakeholders.view_forum",
        order=60,
    )
