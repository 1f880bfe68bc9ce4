"""Benchmark the Bimtek: check-in server time, issuing certificates, list and report query counts.

Builds a programme with N participants inside a transaction that is rolled back at the end
(files go to a temporary directory), so it leaves nothing behind. The last line is one JSON object.
"""

import json
import statistics
import tempfile
import time
import tracemalloc
from datetime import date
from datetime import time as clock_time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from core.benchharness import bench_client
from core.conf import kabupaten_code
from regions.selectors import adminunit_find, adminunit_get
from stakeholders.choices import Office, OrgType
from stakeholders.selectors import organisation_list
from stakeholders.services import organisation_create, person_create, position_assign
from training import services
from training.choices import RegistrationRole
from training.models import CertificateJob


class Command(BaseCommand):
    help = "Benchmark check-in, certificate issuing and Bimtek list/report queries; ends with one JSON line."

    def add_arguments(self, parser):
        parser.add_argument("--participants", type=int, default=500)

    def handle(self, *args, **options):
        n = options["participants"]
        with (
            tempfile.TemporaryDirectory() as media,
            override_settings(
                STORAGES={
                    **settings.STORAGES,
                    "default": {
                        "BACKEND": "django.core.files.storage.FileSystemStorage",
                        "OPTIONS": {"location": media},
                    },
                },
                DEBUG=False,
            ),
            transaction.atomic(),
        ):
            if adminunit_find(code=kabupaten_code()) is None:  # rolled back with the rest
                call_command("load_regions", verbosity=0)
            result = self._run(n)
            transaction.set_rollback(True)
        for key, value in result.items():
            self.stdout.write(f"{key}: {value}")
        self.stdout.write(json.dumps(result))

    def _run(self, n: int) -> dict:
        from django.contrib.auth import get_user_model

        area = adminunit_get(code=kabupaten_code())
        academy = organisation_create(name="Bench Academy (sementara)", org_type=OrgType.PELATIHAN, area=area)
        user = get_user_model().objects.create_user("bench.pelatih.sementara", password=None)
        trainer = person_create(full_name="Pelatih Bench", user=user)
        position_assign(
            person=trainer,
            organisation=academy,
            office=Office.FASILITATOR,
            area=area,
            start_date=date(2024, 1, 1),
        )
        programme = services.programme_create(
            by_user=user,
            title="Bimtek Bench (sementara)",
            organiser=academy,
            venue="Bench",
            start_date=date(2024, 10, 27),
            end_date=date(2024, 10, 31),
            lesson_hours=40,
            quota=n,
            signatory_name="Penanda Tangan",
            signatory_title="Sekretaris Kabupaten",
        )
        session = services.session_create(
            programme=programme,
            date=date(2024, 10, 28),
            start_time=clock_time(8),
            end_time=clock_time(10),
            topic="Sesi",
            room="A",
        )
        org_types = [OrgType.POLRI, OrgType.TNI_AD, OrgType.KPU, OrgType.BAWASLU, OrgType.PEMERINTAH_DESA]
        orgs = [
            organisation_list(name=f"Bench Org {t}").first()
            or organisation_create(name=f"Bench Org {t}", org_type=t, area=area)
            for t in org_types
        ]
        self.stdout.write(f"membuat {n} peserta...")
        registrations = [
            services.registration_create(
                programme=programme,
                person=person_create(full_name=f"Peserta Bench {i}"),
                organisation=orgs[i % len(orgs)],
                role=RegistrationRole.PESERTA,
            )
            for i in range(n)
        ]

        with bench_client(user, host="127.0.0.1") as client:
            target = reverse("training:checkin_submit", args=[programme.pk, session.pk])
            timings, queries = [], []
            for registration in registrations:
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.post(
                        target, {"code": registration.ticket_code}, headers={"HX-Request": "true"}
                    )
                    timings.append((time.perf_counter() - started) * 1000)
                assert b"alert-success" in response.content, response.content  # noqa: S101 - a broken bench must stop
                queries.append(len(captured))
            timings.sort()
            p50 = statistics.median(timings)
            p95 = timings[int(len(timings) * 0.95) - 1]

            with CaptureQueriesContext(connection) as captured:
                client.get(reverse("training:registration_list", args=[programme.pk]))
            list_queries = len(captured)
            with CaptureQueriesContext(connection) as captured:
                client.get(reverse("training:programme_report", args=[programme.pk]))
            report_queries = len(captured)

        self.stdout.write(f"menerbitkan {n} sertifikat...")
        job = CertificateJob.objects.create(programme=programme, created_by=user)
        tracemalloc.start()
        started = time.perf_counter()
        services.certificate_job_run(job_id=job.pk)
        job.refresh_from_db()
        certificates_s = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        return {
            "participants": n,
            "checkin_p50_ms": round(p50, 1),
            "checkin_p95_ms": round(p95, 1),
            "checkin_queries": max(queries),
            "certificates_issued": job.issued,
            "certificates_s": round(certificates_s, 1),
            "certificates_peak_mb": round(peak / 1_048_576, 1),
            "participant_list_queries": list_queries,
            "attendance_report_queries": report_queries,
        }
