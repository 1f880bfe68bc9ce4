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
