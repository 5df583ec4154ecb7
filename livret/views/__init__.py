"""Pages of the livret scolaire: the bilans périodiques and the LSU export (``bilans``), the bilans
de fin de cycle (``cycle``)."""
