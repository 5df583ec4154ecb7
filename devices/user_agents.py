"""A readable name for a device, from its browser's User-Agent: "Chrome sur Android"."""

from __future__ import annotations

# Order matters: the first match wins (an Android browser says "Linux" too, Edge says "Chrome").
SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("CrOS", "ChromeOS"),
    ("Macintosh", "Mac"),
    ("Linux", "Linux"),
)
BROWSERS = (
    ("SamsungBrowser", "Samsung Internet"),
    ("EdgA/", "Edge"),
    ("EdgiOS/", "Edge"),
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("FxiOS/", "Firefox"),
    ("Firefox/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
UNKNOWN = "Téléphone"


def device_name(user_agent: str, *, max_length: int = 60) -> str:
    user_agent = user_agent or ""
    system = next((name for token, name in SYSTEMS if token in user_agent), "")
    browser = next((name for token, name in BROWSERS if token in user_agent), "")
    name = f"{browser} sur {system}" if browser and system else (browser or system or UNKNOWN)
    return name[:max_length]
