import html

from accounts.models import User


def page_text(response) -> str:
    """The response body with HTML entities decoded (apostrophes are escaped by templates)."""
    return html.unescape(response.content.decode())


def accept_current_charter(user: User) -> User:
    user.accepted_charter_version = 1
    user.save(update_fields=["accepted_charter_version"])
    return user
