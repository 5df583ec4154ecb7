"""Writes of the cahier_de_textes app."""
