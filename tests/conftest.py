"""Shared test set-up: headless Qt, a private home folder per test, and a fresh case file."""

from __future__ import annotations

import contextlib
import os

# Before any Qt import: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from elevhalsa_desktop import crash_reports
from elevhalsa_desktop.domain.people import Role
from elevhalsa_desktop.services.pupils import PupilService
from elevhalsa_desktop.services.session import create_case

PASSWORD = "korrekt häst batteri"


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    """Settings, logs and the default documents folder go under tmp_path, never the real home."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("ELEVHALSA_HOME", str(home))
    monkeypatch.delenv("ELEVHALSA_PASSWORD", raising=False)
    # main() called in this process would lower its core limit for good (0, 0); the test of that
    # limit (tests/cli/test_crash_reports.py) starts the real program and needs it unchanged.
    monkeypatch.setattr(crash_reports, "disable_core_dumps", lambda: False)
    return home


@pytest.fixture
def case_path(tmp_path):
    return tmp_path / "skolan.elevhalsa"


@pytest.fixture
def session(case_path):
    s = create_case(
        case_path,
        PASSWORD,
        PASSWORD,
        school_name="Testskolan",
        user_name="Maria Lindqvist",
        role=Role.COORDINATOR,
    )
    yield s
    with contextlib.suppress(Exception):  # the test may have closed it already
        s.close()


@pytest.fixture
def pupils(session):
    return PupilService(session)
