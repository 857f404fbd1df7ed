"""Changing the password is atomic: a process killed in the middle leaves a file that opens with
the old or the new password, with all its data, never neither."""

import random
import signal
import subprocess
import sys
import time

import pytest

from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.store.casefile import integrity_report, open_case_file
from elevhalsa_desktop.store.errors import WrongPassword
from tests.conftest import PASSWORD

TRIALS = 6
NEW = "ett helt annat lösenord"
PUPILS = 1500


@pytest.mark.slow
def test_rekey_is_atomic_when_killed(session, pupils, case_path):
    with session.case.write():
        for n in range(PUPILS):
            pupils.create(Pupil(given_name=f"Elev{n}", family_name="Testsson", notes="x" * 3000))
    session.close()

    def start():
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.store.rekey_worker", str(case_path), PASSWORD, NEW],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout.readline().strip() == "ready"
        return proc, time.perf_counter()

    # How long a whole re-key takes here (key derivation and rewriting every page) ...
    proc, started = start()
    assert proc.stdout.readline().strip() == "done"
    duration = time.perf_counter() - started
    proc.wait()
    restored = open_case_file(case_path, NEW, migrate=False)
    restored.change_password(PASSWORD)
    restored.close()

    # ... then kill re-keys at random moments inside that time.
    rng = random.Random(12)
    outcomes = {"old": 0, "new": 0}
    for _trial in range(TRIALS):
        proc, _ = start()
        time.sleep(rng.uniform(0.0, 1.3 * duration))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        try:
            case = open_case_file(case_path, PASSWORD, migrate=False)
            outcomes["old"] += 1
        except WrongPassword:
            case = open_case_file(case_path, NEW, migrate=False)
            outcomes["new"] += 1
        assert integrity_report(case) == []
        assert case.db.execute("SELECT count(*) FROM pupil").fetchone()[0] == PUPILS
        if case._password == NEW:
            case.change_password(PASSWORD)  # back to the old key for the next trial
        case.close()
    assert sum(outcomes.values()) == TRIALS, outcomes
    print(f"re-key {duration:.2f} s; after a kill the file had the {outcomes} password")
