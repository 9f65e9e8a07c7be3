"""Kassa's performance suite (issue 7): ``python -m bench`` or ``make bench``.

Generates a big, seeded catalog straight into a server database, runs every
figure of the issue beside its physical limit measured in the same run, runs a
PouchDB peer side by side, prints a table and writes ``docs/PERFORMANCE.md``.
``python -m bench --quick`` does the same on small data in well under a minute.
"""
