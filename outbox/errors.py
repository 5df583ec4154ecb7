class PermanentDeliveryError(Exception):
    """Raised by a sender when the provider refused the message for good (an SMS provider's 4xx):
    the message fails at once instead of being retried for hours."""
