"""Work off the GUI thread: the result, the progress, an error and Avbryt come back as signals,
and work on the case file runs on its own connection."""

from __future__ import annotations

import threading

from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.ui.background import BackgroundTask


def test_the_result_and_progress_arrive_on_the_gui_thread(qtbot):
    seen: list[tuple[int, int]] = []
    threads = []

    def work(progress):
        threads.append(threading.get_ident())
        for i in range(3):
            progress(i + 1, 3)
        return "klart"

    task = BackgroundTask(work)
    task.progressed.connect(lambda d, t: seen.append((d, t)))
    with qtbot.waitSignal(task.succeeded) as done:
        task.start()
    assert done.args == ["klart"]
    qtbot.waitUntil(lambda: not task.is_running())
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert threads != [threading.get_ident()]


def test_avbryt_stops_at_the_next_progress_call(qtbot):
    started = threading.Event()
    steps = []

    def work(progress):
        started.set()
        for i in range(1000):
            progress(i, 1000)
            steps.append(i)
            threading.Event().wait(0.005)

    task = BackgroundTask(work)
    with qtbot.waitSignal(task.cancelled, timeout=5000):
        task.start()
        started.wait(2)
        task.cancel()
    assert len(steps) < 1000


def test_an_error_is_handed_over_not_raised_on_the_thread(qtbot):
    def work(progress):
        raise ValueError("Filen är tom.")

    task = BackgroundTask(work)
    with qtbot.waitSignal(task.failed) as failed:
        task.start()
    assert str(failed.args[0]) == "Filen är tom."


def test_case_work_runs_on_its_own_connection(qtbot, session, pupils):
    from elevhalsa_desktop.services.pupils import PupilService

    def work(progress):
        own = session.another()
        try:
            return PupilService(own).create(Pupil("Elsa", "Öberg")).id
        finally:
            own.close()

    task = BackgroundTask(work)
    with qtbot.waitSignal(task.succeeded) as done:
        task.start()
    assert pupils.open(done.args[0]).full_name == "Elsa Öberg"
