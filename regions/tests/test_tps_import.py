"""The TPS import: the shipped sample of 701 fictional TPS in one command, idempotent, validated with
field messages in Indonesian, the same engine on the import page."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.testing import ViewAccessCase, assert_view_access
from regions.imports import tps_import_run
from regions.models import AdminUnit, Election, PollingStation
from regions.services import DATA_DIR, pollingstation_upsert
from stakeholders.choices import Office
from stakeholders.tests.factories import user_with_office

pytestmark = pytest.mark.django_db

SAMPLE = DATA_DIR / "samples" / "tps_kutim_fiktif.csv"
HEADER = "Kecamatan,Kode Desa,No TPS,Alamat,DPT L,DPT P,Jumlah DPT,Lintang,Bujur\n"


def _run(text: str, *, commit: bool = True, election=None):
    election = election or Election.objects.get(code="pilkada-2024")
    return tps_import_run(content=text.encode(), election=election, commit=commit)


def test_the_sample_loads_701_tps_in_one_command_and_a_second_run_changes_nothing(kutim):
    out = StringIO()
    call_command("import_tps", str(SAMPLE), "--election", "pilkada-2024", stdout=out)
    assert "701 baris; 701 baru, 0 diperbarui, 0 tetap" in out.getvalue()
    election = Election.objects.get(code="pilkada-2024")
    stations = PollingStation.objects.filter(election=election)
    assert stations.count() == 701
    assert stations.values("desa").distinct().count() == 141
    assert stations.filter(desa__code="64.08.04.2001", number=88).exists()  # the PSU TPS of 2024
    assert stations.filter(desa__code="64.08.04.2011", number=15).exists()

    out = StringIO()
    call_command("import_tps", str(SAMPLE), "--election", "pilkada-2024", stdout=out)
    assert "701 baris; 0 baru, 0 diperbarui, 701 tetap" in out.getvalue()
    assert stations.count() == 701


def test_the_sample_is_labelled_fictional():
    first_line = Path(SAMPLE).read_text(encoding="utf-8").splitlines()[0]
    assert "FIKTIF" in first_line
    assert "Bukan data KPU" in first_line


def test_a_changed_row_is_updated_and_counted(kutim):
    _run(HEADER + "Sangatta Utara,64.08.04.2001,TPS 088,SD 001,200,210,410,0.5,117.5\n")
    result = _run(HEADER + "Sangatta Utara,64.08.04.2001,88,SD 002,200,210,410,0.5,117.5\n")
    assert result.counts.as_dict() == {"created": 0, "updated": 1, "unchanged": 0}
    station = PollingStation.objects.get(desa__code="64.08.04.2001", number=88)
    assert station.address == "SD 002"


def test_desa_by_name_and_total_from_men_and_women(kutim):
    result = _run("Desa,TPS,L,P\nDesa Singa Gembara / Kec. Sangatta Utara,015,100,120\n")
    assert result.saved, result.problems
    station = PollingStation.objects.get(desa__code="64.08.04.2011", number=15)
    assert (station.voters_men, station.voters_women, station.voters) == (100, 120, 220)


def test_every_bad_row_is_refused_with_its_reason_and_nothing_is_saved(kutim):
    text = HEADER + (
        "Sangatta Utara,64.08.04.2001,TPS 001,,100,100,200,,\n"
        "Sangatta Utara,64.08.04.2001,001,,100,100,200,,\n"  # the same TPS twice
        "Sangatta Utara,64.08.04.2011,TPS 002,,100,100,250,,\n"  # 100 + 100 is not 250
        "Sangatta Utara,64.08.99.2001,TPS 003,,100,100,200,,\n"  # no such desa
        "Sangatta Utara,64.08.04.1010,TPS abc,,100,100,200,,\n"  # not a number
    )
    result = _run(text)
    assert not result.saved
    assert PollingStation.objects.count() == 0
    kinds = {group.kind for group in result.problems}
    assert {"tps_duplicate", "dpt_mismatch", "area_unknown", "tps_invalid"} <= kinds
    messages = " ".join(p.message for _line, problems in result.row_problems for p in problems)
    assert "TPS 001 Desa Sangatta Utara sudah ada di baris 2." in messages
    assert "DPT laki-laki (100) + perempuan (100) = 200, bukan 250." in messages
    assert "Tulis nomor TPS sebagai angka" in messages


def test_a_kecamatan_is_not_a_place_for_a_tps(kutim):
    result = _run("Desa/Kelurahan,No TPS\nKec. Bengalon,1\n")
    assert [group.kind for group in result.problems] == ["not_desa"]


def test_the_command_says_why_it_refused_and_saves_nothing(kutim, tmp_path):
    bad = tmp_path / "tps.csv"
    bad.write_text(HEADER + "Sangatta Utara,64.08.04.2001,1,,1,1,5,,\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="1 dari 1 baris ditolak"):
        call_command("import_tps", str(bad), "--election", "pilkada-2024", stderr=err)
    assert "Baris 2: DPT laki-laki (1) + perempuan (1) = 2, bukan 5." in err.getvalue()
    with pytest.raises(CommandError, match="Pemilihan tidak dikenal"):
        call_command("import_tps", str(bad), "--election", "pilkada-2099")
    assert PollingStation.objects.count() == 0


def test_the_same_number_may_exist_in_another_election(kutim):
    pemilu = Election.objects.get(code="pemilu-2019")
    _run(HEADER + "Sangatta Utara,64.08.04.2001,88,,,,,,\n")
    result = _run(HEADER + "Sangatta Utara,64.08.04.2001,88,,,,,,\n", election=pemilu)
    assert result.counts.created == 1
    assert PollingStation.objects.filter(number=88).count() == 2


def test_the_service_refuses_a_total_that_is_not_the_sum(kutim):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        pollingstation_upsert(
            election=Election.objects.get(code="pilkada-2024"),
            desa=AdminUnit.objects.get(code="64.08.04.2001"),
            number=1,
            voters_men=1,
            voters_women=1,
            voters=3,
        )
    assert "voters" in caught.value.message_dict


def test_the_import_page_checks_then_saves_for_kesbangpol_only(kutim, client):
    kesbangpol = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08")
    camat = user_with_office(Office.CAMAT, "64.08.04")
    url = reverse("regions:pollingstation_import")
    assert_view_access(ViewAccessCase(url=url, without_permission=camat, in_scope=kesbangpol))
    election = Election.objects.get(code="pilkada-2024")
    content = (HEADER + "Sangatta Utara,64.08.04.2001,TPS 088,SD 001,200,210,410,0.5,117.5\n").encode()
    client.force_login(kesbangpol)

    response = client.post(
        url, {"election": election.pk, "periksa": "1", "file": SimpleUploadedFile("tps.csv", content)}
    )
    assert "1 baris; 1 baru, 0 diperbarui, 0 tetap." in response.content.decode()
    assert PollingStation.objects.count() == 0

    response = client.post(
        url, {"election": election.pk, "simpan": "1", "file": SimpleUploadedFile("tps.csv", content)}
    )
    assert "Tersimpan" in response.content.decode()
    station = PollingStation.objects.get()
    assert station.history.latest().history_user == kesbangpol


def test_the_import_page_shows_refusals_per_row(kutim, client):
    client.force_login(user_with_office(Office.OPERATOR_KESBANGPOL, "64.08"))
    election = Election.objects.get(code="pilkada-2024")
    content = (HEADER + "Sangatta Utara,64.08.04.2001,1,,1,1,5,,\n").encode()
    response = client.post(
        reverse("regions:pollingstation_import"),
        {"election": election.pk, "simpan": "1", "file": SimpleUploadedFile("tps.csv", content)},
    )
    assert "Baris 2: DPT laki-laki (1) + perempuan (1) = 2, bukan 5." in response.content.decode()
    assert PollingStation.objects.count() == 0


def test_the_area_page_lists_a_desa_tps_with_dpt(kutim, client):
    _run(HEADER + "Sangatta Utara,64.08.04.2001,TPS 088,SD 001,200,210,410,0.5,117.5\n")
    client.force_login(user_with_office(Office.CAMAT, "64.08.09"))
    page = client.get(reverse("regions:adminunit_detail", args=["64.08.04.2001"])).content.decode()
    assert "TPS 088" in page
    assert "SD 001" in page
    assert "410" in page
    kecamatan = client.get(reverse("regions:adminunit_detail", args=["64.08.04"])).content.decode()
    assert "1 TPS; DPT 410 (laki-laki 200, perempuan 210)." in kecamatan


def test_the_tps_options_of_a_desa_follow_the_election(kutim, client):
    _run(HEADER + "Sangatta Utara,64.08.04.2001,TPS 088,SD 001,200,210,410,0.5,117.5\n")
    desa = AdminUnit.objects.get(code="64.08.04.2001")
    client.force_login(user_with_office(Office.PETUGAS_LAPANGAN, "64.08.04.2001"))
    url = reverse("regions:pollingstation_options")
    data = client.get(url, {"desa": desa.pk, "tanggal": "2024-11-27"}).json()
    assert [s["label"] for s in data["stations"]] == ["TPS 088"]
    assert client.get(url, {"desa": desa.pk, "tanggal": "2019-04-17"}).json()["stations"] == []
    assert client.get(url, {"desa": "64.08.04"}).status_code == 404
