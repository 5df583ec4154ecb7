"""Reads of the vie_scolaire app."""
