"""Chaos-run data of intake: what a run's senders left in the intake log, the queue and the answers,
recognised by the run's sender block and provider-id prefix, and removed again."""

from __future__ import annotations

from django.db.models import Q

from .models import InboundCall, InboundMessage, IntakeReply, TelegramConversation, UnverifiedIntake


def intake_bench_rows(*, run: str, senders: list[str]) -> dict:
    """The run's rows: calls (by the run's mark in the body), messages and intakes (by provider id)."""
    return {
        "calls": InboundCall.objects.filter(body__contains=run),
        "messages": InboundMessage.objects.filter(external_id__startswith=run),
        "intakes": UnverifiedIntake.objects.filter(Q(external_id__startswith=run)),
        "replies": IntakeReply.objects.filter(address__in=senders),
        "conversations": TelegramConversation.objects.filter(chat_id__in=senders),
    }


def intake_bench_remove(*, run: str, senders: list[str]) -> dict[str, int]:
    """Delete what a run left; counts by model label."""
    rows = intake_bench_rows(run=run, senders=senders)
    deleted: dict[str, int] = {}
    for key in ("replies", "conversations", "messages", "intakes", "calls"):
        for label, n in rows[key].delete()[1].items():
            deleted[label] = deleted.get(label, 0) + n
    return deleted
