"""Stage 5, beside `run`: a view for people, made from the published package.

It reads `datapackage.json` and `dist/` (never the extractor) and writes a
SQLite database for Datasette with its metadata and canned queries, an
annotated page per readout, and plots.  `check --html` uses the page alone,
on rows parsed from a readout not yet taken in.
"""
