"""The question bank, pre- and post-tests, and the evaluation survey."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..choices import TestKind
from ..models import (
    EvaluationReceipt,
    EvaluationResponse,
    Programme,
    Question,
    Registration,
    Session,
    TestAttempt,
)
from .history import history_user_set


@transaction.atomic
def question_add(
    *, programme: Programme, text: str, choices: list[str], correct_index: int, by_user=None
) -> Question:
    """Add a multiple-choice question to the programme's bank."""
    choices = [c.strip() for c in choices if c and c.strip()]
    if len(choices) < 2:
        raise ValidationError({"choices": _("Isi minimal dua pilihan jawaban.")})
    if not 0 <= correct_index < len(choices):
        raise ValidationError({"correct_index": _("Jawaban benar harus salah satu pilihan yang diisi.")})
    order = programme.questions.count() + 1
    question = Question(
        programme=programme, text=text, choices=choices, correct_index=correct_index, order=order
    )
    question.full_clean()
    history_user_set(question, by_user)
    question.save()
    return question


@transaction.atomic
def test_submit(*, registration: Registration, kind: str, answers: dict[int, int]) -> TestAttempt:
    """Score a pre- or post-test against the question bank; each may be taken once."""
    if TestAttempt.objects.filter(registration=registration, kind=kind).exists():
        raise ValidationError(_("%(kind)s sudah dikerjakan.") % {"kind": TestKind(kind).label})
    if (
        kind == TestKind.POST
        and not TestAttempt.objects.filter(registration=registration, kind=TestKind.PRE).exists()
    ):
        raise ValidationError(_("Kerjakan pre-test lebih dulu."))
    questions = list(registration.programme.questions.all())
    if not questions:
        raise ValidationError(_("Bank soal Bimtek ini masih kosong."))
    correct = sum(1 for q in questions if answers.get(q.id) == q.correct_index)
    score = (Decimal(correct) * 100 / Decimal(len(questions))).quantize(Decimal("0.01"))
    attempt = TestAttempt(
        registration=registration,
        kind=kind,
        answers={str(k): v for k, v in answers.items()},
        correct=correct,
        total=len(questions),
        score=score,
    )
    attempt.full_clean(validate_constraints=False)
    attempt.save()
    return attempt


test_submit.__test__ = False  # type: ignore[attr-defined]  # not a pytest function


@transaction.atomic
def evaluation_submit(
    *,
    registration: Registration,
    session: Session | None,
    relevance: int,
    delivery: int,
    usefulness: int,
    comment: str = "",
    anonymous: bool = False,
) -> EvaluationResponse:
    """Record one survey answer; a participant answers once per session (anonymously if they wish)."""
    if session is not None and session.programme_id != registration.programme_id:
        raise ValidationError({"session": _("Sesi itu bukan bagian dari Bimtek ini.")})
    try:
        with transaction.atomic():
            EvaluationReceipt.objects.create(registration=registration, session=session)
    except IntegrityError:
        raise ValidationError(_("Anda sudah mengisi evaluasi untuk sesi ini.")) from None
    response = EvaluationResponse(
        programme_id=registration.programme_id,
        session=session,
        registration=None if anonymous else registration,
        relevance=relevance,
        delivery=delivery,
        usefulness=usefulness,
        comment=comment.strip(),
    )
    response.full_clean()
    response.save()
    return response
