"""Writes of the paired devices: pairings (``pairing``), devices and their end (``devices``), what
the daily sweep erases (``retention``)."""
