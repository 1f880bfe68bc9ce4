"""An email backend that keeps messages in the database (OutboxEmail) for the embedded `make run`."""

from django.core.mail.backends.base import BaseEmailBackend


class OutboxBackend(BaseEmailBackend):
    """Stores every email as an OutboxEmail an administrator reads in the app ("Kotak keluar email")."""

    def send_messages(self, email_messages) -> int:
        from .models import OutboxEmail

        rows = []
        for email in email_messages or []:
            message = email.message()
            rows.append(
                OutboxEmail(
                    subject=str(email.subject)[:500],
                    from_email=str(email.from_email)[:254],
                    to=", ".join(email.recipients()),
                    body=str(email.body),
                    message_id=str(message.get("Message-ID", ""))[:300],
                )
            )
        OutboxEmail.objects.bulk_create(rows)
        return len(rows)
