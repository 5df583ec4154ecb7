"""Reading SIECLE / STS-web exports and applying them to the roster.

- ``siecle``: parse an upload (zip or XML) into plain dataclasses, no database (phone numbers are
  read by ``core.phones``, the same reading as every phone field).
- ``identifiers``: ``p.nom`` identifiers, unique and never reused.
- ``importer``: apply parsed exports to the database in bulk and build the report.
- ``report``: turn a stored report into French lines and tables.
- ``demo``: a deterministic generator of realistic exports (demo, tests, bench).
"""
