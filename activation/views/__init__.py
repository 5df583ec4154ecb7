"""Activation pages: first connection with a letter and the e-mail check (``first_connection``),
account creation by SMS (``creation``)."""
