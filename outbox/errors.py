class PermanentDeliveryError(Exception):
    """Raised by a sender when the provider refused the message for good (an SMS provider's 4xx):
    the message fails at once instead of being retried for hours."""


class DeliveryUnconfirmed(Exception):
    """The end of a mail was written to the SMTP server but no reply came back (connection lost,
    timeout): the server may have the message and SMTP cannot be asked. Never written again."""


class ClaimLost(Exception):
    """At the hand-over point the row was no longer this attempt's (the recovery sweep released
    it, another worker took it): the end of the mail is not written, so nothing is delivered."""
