"""HTML that users write (cahier de textes, internal mail, news): sanitised once, on the way in.

Simple formatting only: paragraphs, line breaks, emphasis, lists, quotes, headings of a lesson and
links (http, https, mailto; opened without referrer). Everything else — scripts, styles, event
attributes, images, forms, iframes — is removed by ``nh3`` (the Rust ``ammonia`` sanitiser), so a
stored body can be rendered with ``|safe``.
"""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "ul", "ol", "li",
        "blockquote", "h3", "h4", "code", "pre", "a",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|li|h3|h4|blockquote|pre)>|<br\s*/?>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t]+")


def sanitize_html(value: str) -> str:
    """The allowed subset of ``value``; plain text comes back with its characters escaped."""
    return nh3.clean(
        value or "",
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
    ).strip()


def text_to_html(value: str) -> str:
    """Plain text typed in a textarea as safe HTML: escaped, paragraphs on blank lines."""
    paragraphs = [part.strip() for part in (value or "").replace("\r\n", "\n").split("\n\n")]
    return "".join(
        "<p>" + html.escape(part).replace("\n", "<br>") + "</p>" for part in paragraphs if part
    )


def html_to_text(value: str) -> str:
    """A sanitised body as plain text (search, mail notices, previews)."""
    text = _BLOCK_END.sub("\n", value or "")
    text = html.unescape(_TAG.sub("", text))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def is_blank_html(value: str) -> bool:
    return not html_to_text(value).strip()
