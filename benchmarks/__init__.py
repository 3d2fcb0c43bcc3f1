"""Synthetic readouts and the build benchmark (`nox -s bench`)."""
