"""Elevhälsa Desktop: an offline, encrypted case file for Swedish student-health teams."""

__version__ = "0.1.0"
