"""The tiny XML writer the demo generator writes its exports with, encoded like SIECLE's."""

from __future__ import annotations


class _Xml:
    """A tiny XML writer: the exports are generated, never parsed, here."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.depth = 0

    @staticmethod
    def _escape(value: str) -> str:
        return (
            value.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace('"', "&quot;")
        )

    def _attrs(self, attrs: dict[str, str]) -> str:
        return "".join(f' {key}="{self._escape(str(value))}"' for key, value in attrs.items())

    def open(self, tag: str, **attrs: str) -> None:
        self.lines.append(f"{'  ' * self.depth}<{tag}{self._attrs(attrs)}>")
        self.depth += 1

    def close(self, tag: str) -> None:
        self.depth -= 1
        self.lines.append(f"{'  ' * self.depth}</{tag}>")

    def leaf(self, tag: str, value: str | None = None, **attrs: str) -> None:
        """``None`` leaves the element out; ``""`` writes an empty element (both happen in SIECLE)."""
        indent = "  " * self.depth
        if value is None and not attrs:
            return
        if not value:
            self.lines.append(f"{indent}<{tag}{self._attrs(attrs)}/>")
        else:
            self.lines.append(f"{indent}<{tag}{self._attrs(attrs)}>{self._escape(value)}</{tag}>")

    def encode(self, encoding: str = "ISO-8859-15") -> bytes:
        text = f'<?xml version="1.0" encoding="{encoding}"?>\n' + "\n".join(self.lines) + "\n"
        # SIECLE writes "?" for the characters its encoding lacks.
        return text.encode(encoding, errors="replace")
