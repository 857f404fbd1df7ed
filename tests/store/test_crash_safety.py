"""Crash safety, the short run: the program killed (SIGKILL) at random moments while it saves
loses nothing it had acknowledged, and its case file opens whole. The long run, 200 trials and
more, is ``python bench/crash_trials.py``; the harness is tests/crash_harness.py."""

from __future__ import annotations

import sys

import pytest

from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.services.pupils import PupilService
from elevhalsa_desktop.services.session import open_case
from tests.crash_harness import PASSWORD, Expected, Trial, check, new_case_file, run, wal_tail

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the harness kills with SIGKILL")

TRIALS = 8


@pytest.mark.slow
def test_a_killed_program_loses_no_acknowledged_save(tmp_path):
    summary = run(tmp_path, TRIALS, seed=8, delays=(0.0, 0.6))
    assert [(t.number, t.phase, t.problems) for t in summary.failures] == []
    assert len(summary.trials) == TRIALS
    # Most kills come after the file was open, while saves were being made.
    assert summary.acknowledged > 0
    assert summary.count("saving") + summary.count("between") >= TRIALS // 2
    assert summary.checked > 0


def test_the_check_finds_a_lost_or_changed_save(tmp_path):
    """A harness that could not fail would prove nothing: a save that is not in the file, or
    not with the content acknowledged, is reported."""
    path = tmp_path / "krasch.elevhalsa"
    new_case_file(path)
    session = open_case(path, PASSWORD)
    pupil = PupilService(session).create(Pupil("Åsa", "Öhman", class_name="7B", notes="x"))
    session.close()
    content = {
        "given_name": "Åsa",
        "family_name": "Öhman",
        "class_name": "7B",
        "mentor": "",
        "notes": "x",
        "guardians": [],
    }
    expected = Expected()
    expected.acknowledge("pupil", pupil.id, content)
    trial = Trial(0, "between", 0.0)
    check(path, PASSWORD, expected, trial, None)
    assert trial.problems == [] and trial.checked == 1

    expected.acknowledge("pupil", pupil.id, {**content, "class_name": "7C"})
    expected.acknowledge("pupil", "ett-id-som-inte-finns", content)
    trial = Trial(1, "between", 0.0)
    check(path, PASSWORD, expected, trial, None)
    assert len(trial.problems) == 2

    # A save in flight that did land is taken as the new content, not as a loss.
    flight = {"kind": "pupil", "id": pupil.id, "token": "[k2-0]", "content": {"class_name": "7B"}}
    flight["partial"] = True
    expected.records.pop(("pupil", "ett-id-som-inte-finns"))
    trial = Trial(2, "saving", 0.0)
    check(path, PASSWORD, expected, trial, flight)
    assert trial.problems == [] and trial.in_flight == "committed"


def test_the_log_reader_counts_frames_after_the_last_commit(tmp_path):
    """wal_tail reads the write-ahead log as SQLite's recovery does (closed file: no log)."""
    path = tmp_path / "krasch.elevhalsa"
    new_case_file(path)
    assert wal_tail(path).frames == 0
    session = open_case(path, PASSWORD)
    PupilService(session).create(Pupil("Åsa", "Öhman"))
    tail = wal_tail(path)  # committed, still in the log while the file is open
    session.close()
    assert tail.frames > 0 and tail.torn == 0
