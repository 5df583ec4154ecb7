"""Writes of the vie_scolaire app."""
