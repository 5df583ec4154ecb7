from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .backends import REQUEST_LETTER_ATTR
from .middleware import SESSION_LETTER_KEY


@receiver(user_logged_in, dispatch_uid="activation.remember_letter")
def remember_letter(sender, request, user, **kwargs):
    """The letter a provisional session logged in with: the first-connection form needs it."""
    if request is None or not hasattr(request, "session"):
        return
    letter_id = getattr(request, REQUEST_LETTER_ATTR, None)
    if letter_id:
        request.session[SESSION_LETTER_KEY] = letter_id
    else:
        request.session.pop(SESSION_LETTER_KEY, None)
