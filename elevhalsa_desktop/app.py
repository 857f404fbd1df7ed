"""Composition root: builds the services from an unlocked case file and hands them to the UI."""

from __future__ import annotations

from pathlib import Path


def run_gui(path: Path | None = None) -> int:
    raise NotImplementedError  # filled in by the start-flow work of issue 2
