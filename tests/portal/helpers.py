import html

from accounts.models import User


def page_text(response) -> str:
    """The response body with HTML entities decoded (apostrophes are escaped by templates)."""
    return html.unescape(response.content.decode())


def accept_current_charter(user: User) -> User:
    user.accepted_charter_version = 1
    user.save(update_fields=["accepted_charter_version"])
    return user


def tile_names(response) -> list[str]:
    """Names of the application tiles shown on "Mes applications", in page order."""
    import re

    return re.findall(r'class="portal-tile__name">([^<]+)<', page_text(response))
