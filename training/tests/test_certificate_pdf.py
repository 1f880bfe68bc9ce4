"""A certificate prints the participant's name and the programme's title as written (Unicode font)."""

import io

from django.core.files.storage import default_storage
from pypdf import PdfReader

from training import services
from training.choices import AttendanceStatus


def test_a_certificate_prints_a_turkish_name_and_curly_quotes_as_written(
    programme, participant, trainer, settings_media
):
    _user, registration = participant
    person = registration.person
    person.full_name = "Şükrü Öztürk"
    person.save()
    programme.title = "Bimtek “Pencegahan Konflik” \u2013 Angkatan I"
    programme.save()
    for session in programme.sessions.all():
        services.attendance_mark(registration=registration, session=session, status=AttendanceStatus.HADIR)
    certificate = services.certificate_issue(registration=registration, by_user=trainer)
    text = PdfReader(io.BytesIO(default_storage.open(certificate.pdf.name).read())).pages[0].extract_text()
    assert "Şükrü Öztürk" in text
    assert "Bimtek “Pencegahan Konflik” \u2013 Angkatan I" in text
    assert "?" not in text


def test_a_name_with_titles_and_degrees_prints_them_in_their_places_on_the_certificate_and_its_page(
    programme, participant, trainer, settings_media
):
    from django.test import Client
    from django.urls import reverse

    _user, registration = participant
    person = registration.person
    person.full_name, person.honorific, person.degrees = "Siti Rahmawati", "Dra. Hj. S.Sos.", "M.Si"
    person.save()  # as older data holds it: a degree among the front titles
    for session in programme.sessions.all():
        services.attendance_mark(registration=registration, session=session, status=AttendanceStatus.HADIR)
    certificate = services.certificate_issue(registration=registration, by_user=trainer)
    text = PdfReader(io.BytesIO(default_storage.open(certificate.pdf.name).read())).pages[0].extract_text()
    assert "Dra. Hj. Siti Rahmawati, S.Sos, M.Si" in text
    page = Client().get(reverse("certificate_verify", args=[certificate.code])).content.decode()
    assert "Dra. Hj. Siti Rahmawati, S.Sos, M.Si" in page


def _png(path, colour):
    from PIL import Image

    Image.new("RGB", (60, 40), colour).save(path, format="PNG")
    return str(path)


def test_the_certificate_prints_the_logos_signature_and_signatory_from_the_settings(
    programme, participant, trainer, settings_media, tmp_path
):
    settings = settings_media
    settings.CERTIFICATE_LOGO_PATH = _png(tmp_path / "pemkab.png", "red")
    settings.CERTIFICATE_LOGO_RIGHT_PATH = _png(tmp_path / "kesbangpol.png", "blue")
    settings.CERTIFICATE_SIGNATURE_PATH = _png(tmp_path / "ttd.png", "black")
    settings.CERTIFICATE_SIGNATORY_NAME = "Drs. Contoh Penanda, M.Si."
    settings.CERTIFICATE_SIGNATORY_TITLE = "Sekretaris Daerah"
    programme.signatory_name = programme.signatory_title = ""
    programme.save()
    _user, registration = participant
    for session in programme.sessions.all():
        services.attendance_mark(registration=registration, session=session, status=AttendanceStatus.HADIR)
    certificate = services.certificate_issue(registration=registration, by_user=trainer)
    page = PdfReader(io.BytesIO(default_storage.open(certificate.pdf.name).read())).pages[0]
    text = page.extract_text()
    assert "Drs. Contoh Penanda, M.Si." in text
    assert "Sekretaris Daerah" in text
    assert len(page.images) == 4  # two logos, the signature, the verification QR code


def test_a_programme_signatory_wins_over_the_settings_and_a_missing_logo_is_left_out(
    programme, participant, trainer, settings_media, tmp_path
):
    settings = settings_media
    settings.CERTIFICATE_LOGO_PATH = str(tmp_path / "tidak-ada.png")
    settings.CERTIFICATE_SIGNATORY_NAME = "Nama Dari Setelan"
    programme.signatory_name = "Nama Dari Program"
    programme.save()
    _user, registration = participant
    for session in programme.sessions.all():
        services.attendance_mark(registration=registration, session=session, status=AttendanceStatus.HADIR)
    certificate = services.certificate_issue(registration=registration, by_user=trainer)
    page = PdfReader(io.BytesIO(default_storage.open(certificate.pdf.name).read())).pages[0]
    assert "Nama Dari Program" in page.extract_text()
    assert "Nama Dari Setelan" not in page.extract_text()
    assert len(page.images) == 1
