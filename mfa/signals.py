"""At login, note in the session that a user has no second factor, so their pages cost no query for it."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .policy import NO_DEVICE_SESSION_KEY
from .selectors import user_has_mfa


@receiver(user_logged_in, dispatch_uid="mfa_note_no_device")
def mfa_note_no_device(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        if user_has_mfa(user):
            request.session.pop(NO_DEVICE_SESSION_KEY, None)
        else:
            request.session[NO_DEVICE_SESSION_KEY] = True
