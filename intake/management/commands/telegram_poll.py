"""The Telegram bot without a public address: long-poll getUpdates and feed every update to the same
pipeline as the webhook (stored in the intake log first, once per update id)."""

from __future__ import annotations

import json
import time

from django.core.management.base import BaseCommand, CommandError

from intake.choices import IntakeChannel, SignatureCheck
from intake.services import inbound_call_extract, inbound_call_record
from intake.services.replies import telegram_call
from notifications.channels import ChannelError, NotConfiguredError


class Command(BaseCommand):
    help = "Long-poll the Telegram Bot API (getUpdates) instead of a webhook; run exactly one."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="one getUpdates call, then stop")
        parser.add_argument("--timeout", type=int, default=25, help="long-poll seconds per call")

    def handle(self, *args, **opts):
        try:
            # Telegram refuses getUpdates while a webhook is set.
            telegram_call("deleteWebhook", {"drop_pending_updates": False})
        except NotConfiguredError as exc:
            raise CommandError("TELEGRAM_BOT_TOKEN belum diisi.") from exc
        except ChannelError as exc:
            self.stderr.write(f"deleteWebhook: {exc}")
        offset = None
        while True:
            try:
                payload = {
                    "timeout": 0 if opts["once"] else opts["timeout"],
                    "allowed_updates": ["message", "callback_query"],
                }
                if offset is not None:
                    payload["offset"] = offset
                updates = telegram_call("getUpdates", payload)
            except ChannelError as exc:
                self.stderr.write(f"getUpdates: {exc}")
                if opts["once"]:
                    raise CommandError(str(exc)) from exc
                time.sleep(5)
                continue
            for update in updates if isinstance(updates, list) else []:
                call = inbound_call_record(
                    channel=IntakeChannel.TELEGRAM,
                    body=json.dumps(update).encode(),
                    signature=SignatureCheck.NOT_REQUIRED,
                    headers={"User-Agent": "telegram_poll"},
                )
                inbound_call_extract(call_id=call.pk)
                offset = int(update["update_id"]) + 1
            self.stdout.write(f"{len(updates)} pembaruan")
            if opts["once"]:
                return
