"""The log check's queries: each filter, combinations, the edges of a period, orders, the pupil
as the register has it now, the choices, the chain, and the extract with its own log entry."""

from __future__ import annotations

import datetime as _dt
import time

import pytest
from pypdf import PdfReader

from elevhalsa_desktop.domain.pupil import Pupil, ValidationError
from elevhalsa_desktop.services.audit_review import (
    REMOVED_PUPIL,
    AuditFilter,
    AuditReviewService,
    SortColumn,
    period_text,
    term_name,
)
from elevhalsa_desktop.store import audit, users
from elevhalsa_desktop.store.audit import Action
from elevhalsa_desktop.store.clock import new_id
from tests.audit_log_fill import add_pupils, fill_log
from tests.conftest import PASSWORD

TODAY = _dt.date(2026, 3, 18)
#: When the case file, its pupils and users were made: before every entry of the scene.
MADE = "2025-06-01T12:00:00+02:00"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(audit, "now_iso", lambda: MADE)


@pytest.fixture
def review(session):
    return AuditReviewService(session, today=lambda: TODAY)


@pytest.fixture
def write_at(session, monkeypatch):
    """Write an entry as if at ``at`` (local time, ISO): the chain stays whole."""

    def write(
        at: str,
        action: Action = Action.VIEWED,
        pupil_id: str | None = None,
        detail: str = "",
        user: users.User | None = None,
    ) -> int:
        monkeypatch.setattr(audit, "now_iso", lambda: at)
        who = user or session.user
        with session.case.write() as db:
            audit.append(
                db,
                user_id=who.id,
                user_name=who.name,
                action=action,
                pupil_id=pupil_id,
                detail=detail,
            )
        return session.db.execute("SELECT max(id) FROM audit_log").fetchone()[0]

    return write


@pytest.fixture
def two_pupils(pupils):
    asa = pupils.create(Pupil("Åsa", "Öhman", class_name="7B"))
    olle = pupils.create(Pupil("Olle", "Andersson", class_name="8A"))
    return asa, olle


@pytest.fixture
def erik(session):
    with session.case.write() as db:
        return users.add_user(db, "Erik Öberg", session.user.role)


@pytest.fixture
def scene(session, write_at, two_pupils, erik):
    """Six entries over a month, newest last, with their ids by name. The entries the case file
    had already (its creation, the pupils' and the user's, written today) are left out of what
    ``ids`` gives."""
    asa, olle = two_pupils
    before = {row[0] for row in session.db.execute("SELECT id FROM audit_log")}
    return {
        "before": before,
        "asa_viewed": write_at("2026-02-28T23:59:59+01:00", pupil_id=asa.id),
        "asa_changed": write_at(
            "2026-03-01T00:00:00+01:00", Action.CHANGED, asa.id, "fält: class_name"
        ),
        "olle_viewed_by_erik": write_at("2026-03-01T12:00:00+01:00", pupil_id=olle.id, user=erik),
        "olle_printed": write_at(
            "2026-03-15T08:30:00+01:00", Action.PRINTED, olle.id, f"plan {new_id()} version 2"
        ),
        "settings": write_at("2026-03-31T23:59:59+02:00", Action.CHANGED, None, "inställningar"),
        "april": write_at("2026-04-01T00:00:00+02:00", pupil_id=asa.id, user=erik),
    }


def ids(review, scene=None, **chosen) -> list[int]:
    before = scene["before"] if scene else set()
    return [i for i in review.ids(AuditFilter(**chosen)) if i not in before]


def test_each_filter_alone(review, scene, two_pupils, erik):
    asa, _olle = two_pupils
    assert ids(review, scene, pupil_id=asa.id) == [
        scene["april"],
        scene["asa_changed"],
        scene["asa_viewed"],
    ]
    assert ids(review, scene, user=erik.id) == [scene["april"], scene["olle_viewed_by_erik"]]
    assert ids(review, scene, user="Erik Öberg") == ids(
        review, scene, user=erik.id
    )  # the name in the log
    assert ids(review, scene, action=Action.PRINTED) == [scene["olle_printed"]]
    assert ids(review, scene, text="inställ") == [scene["settings"]]
    everything = review.ids(AuditFilter())
    assert everything == sorted(everything, reverse=True)  # the newest first
    assert len(everything) == len(scene["before"]) + 6


def test_filters_combine(review, scene, two_pupils, erik):
    asa, olle = two_pupils
    assert ids(review, scene, pupil_id=olle.id, user=erik.id) == [scene["olle_viewed_by_erik"]]
    assert ids(review, scene, pupil_id=asa.id, action=Action.VIEWED, user=erik.id) == [
        scene["april"]
    ]
    assert ids(
        review, pupil_id=asa.id, from_date=_dt.date(2026, 3, 1), to_date=_dt.date(2026, 3, 31)
    ) == [scene["asa_changed"]]
    assert ids(review, scene, pupil_id=olle.id, action=Action.CHANGED) == []


def test_a_period_takes_whole_days_at_both_ends(review, scene):
    march = ids(review, scene, from_date=_dt.date(2026, 3, 1), to_date=_dt.date(2026, 3, 31))
    # 00:00:00 on the first day and 23:59:59 on the last are in; a second either side is not.
    assert march == [
        scene["settings"],
        scene["olle_printed"],
        scene["olle_viewed_by_erik"],
        scene["asa_changed"],
    ]
    one_day = ids(review, scene, from_date=_dt.date(2026, 3, 15), to_date=_dt.date(2026, 3, 15))
    assert one_day == [scene["olle_printed"]]
    since = ids(review, scene, from_date=_dt.date(2026, 3, 31))
    assert scene["settings"] in since and scene["april"] in since
    assert scene["olle_printed"] not in since
    until = ids(review, scene, to_date=_dt.date(2026, 2, 28))
    assert scene["asa_viewed"] in until and scene["asa_changed"] not in until


def test_typed_text_is_matched_as_text_not_as_a_pattern(review, write_at):
    plain = write_at("2026-03-02T10:00:00+01:00", Action.CHANGED, None, "100 procent")
    write_at("2026-03-02T10:00:01+01:00", Action.CHANGED, None, "1000 poster")
    assert ids(review, text="100%") == []
    assert ids(review, text="0 pro") == [plain]
    assert ids(review, text="_") == []


def test_orders_follow_the_swedish_alphabet_and_keep_the_newest_first_within(review, scene):
    march = AuditFilter(from_date=_dt.date(2026, 2, 1), to_date=_dt.date(2026, 4, 30))
    by_pupil = review.lines(review.ids(march, SortColumn.PUPIL, descending=False))
    # Andersson before Öhman; within a pupil the newest first; entries without a pupil last.
    assert [line.pupil_name for line in by_pupil] == [
        "Olle Andersson",
        "Olle Andersson",
        "Åsa Öhman",
        "Åsa Öhman",
        "Åsa Öhman",
        "",
    ]
    assert by_pupil[0].entry.id == scene["olle_printed"]
    by_user = review.lines(review.ids(march, SortColumn.USER, descending=False))
    assert [line.entry.user_name for line in by_user][:2] == ["Erik Öberg", "Erik Öberg"]
    by_action = review.lines(review.ids(march, SortColumn.ACTION, descending=True))
    assert by_action[0].entry.action is Action.CHANGED  # Ändrade, the last in the alphabet
    oldest_first = review.ids(march, SortColumn.TIME, descending=False)
    assert oldest_first[0] == scene["asa_viewed"] and oldest_first[-1] == scene["april"]


def test_lines_name_the_pupil_as_the_register_has_them_now(review, session, write_at, two_pupils):
    asa, _ = two_pupils
    gone = new_id()
    first = write_at("2026-03-03T09:00:00+01:00", pupil_id=asa.id)
    second = write_at("2026-03-03T09:00:01+01:00", pupil_id=gone)
    third = write_at("2026-03-03T09:00:02+01:00")
    lines = review.lines([third, first, second])  # in the order asked for
    assert [line.entry.id for line in lines] == [third, first, second]
    assert lines[1].pupil_text == "Åsa Öhman, 7B"
    assert lines[2].pupil_text == REMOVED_PUPIL and lines[2].pupil_removed
    assert lines[0].pupil_text == ""
    assert lines[1].time_text == "2026-03-03 09:00"
    choices = review.pupils()
    assert [c.text for c in choices[:2]] == ["Olle Andersson (8A)", "Åsa Öhman (7B)"]
    assert choices[-1].removed and choices[-1].id == gone


def test_details_read_as_words_with_short_ids(review, write_at, two_pupils):
    asa, _ = two_pupils
    plan = new_id()
    fields = write_at("2026-03-04T09:00:00+01:00", Action.CHANGED, asa.id, "fält: given_name, year")
    printed = write_at(
        "2026-03-04T09:00:01+01:00", Action.PRINTED, asa.id, f"plan {plan} version 2"
    )
    lines = {line.entry.id: line for line in review.lines([fields, printed])}
    assert lines[fields].detail_text == "ändrade fält: förnamn, årskurs"
    assert lines[printed].detail_text == f"plan {plan[:8]} version 2"


def test_the_choices_of_the_filter(review, session, scene, erik):
    names = [choice.name for choice in review.users()]
    assert names == ["Erik Öberg", "Maria Lindqvist"]
    # A renamed user is listed once, by the name they have now.
    with session.case.write() as db:
        users.update_user(db, users.User(erik.id, "Erik Öberg-Lund", erik.role))
    assert [c.name for c in review.users()] == ["Erik Öberg-Lund", "Maria Lindqvist"]
    assert review.resolve_user("erik öberg") == erik.id  # the name in his entries
    assert review.resolve_user(" ERIK ÖBERG-LUND ") == erik.id
    with pytest.raises(ValidationError):
        review.resolve_user("Ingen Alls")
    labels = [action.label for action in review.actions()]
    assert labels[0] == "Arkiverade" and labels[-1] == "Öppnade akten"
    assert set(review.actions()) == set(Action)


def test_quick_periods_end_today_or_at_a_term_end(review, session):
    periods = {p.label.split(" (")[0]: p for p in review.quick_periods()}
    assert (periods["Hela loggen"].from_date, periods["Hela loggen"].to_date) == (None, None)
    month = periods["Senaste månaden"]
    assert (month.from_date, month.to_date) == (_dt.date(2026, 2, 18), TODAY)
    last_month = periods["Förra månaden"]
    assert (last_month.from_date, last_month.to_date) == (
        _dt.date(2026, 2, 1),
        _dt.date(2026, 2, 28),
    )
    this_term = periods["Den här terminen"]
    assert (this_term.from_date, this_term.to_date) == (_dt.date(2026, 1, 7), TODAY)
    last_term = periods["Förra terminen"]
    assert (last_term.from_date, last_term.to_date) == (_dt.date(2025, 8, 15), _dt.date(2026, 1, 6))
    assert "(ht 2025)" in [p.label for p in review.quick_periods()][-1]
    # The school's own term starts count.
    with session.case.write() as db:
        users.set_setting(db, "autumn_term_start", "08-20")
    assert review.quick_periods()[-1].from_date == _dt.date(2025, 8, 20)
    assert term_name(_dt.date(2026, 1, 7)) == "vt 2026"
    assert period_text(_dt.date(2026, 1, 1), None) == "Från och med 2026-01-01"


def test_the_chain_status_says_whole_or_where_it_broke(review, session, write_at):
    write_at("2026-03-05T09:00:00+01:00")
    status = review.chain_status()
    count = session.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    assert status.ok is True and status.entries == count
    assert status.text == f"Loggen är hel ({count} poster)."
    assert status.last_id == count and len(status.fingerprint) == 19
    # Someone with the password and an SQLite tool changes an entry: the check says so.
    db = session.db
    db.execute("DROP TRIGGER audit_log_no_update")
    with db.atomic():
        db.execute("UPDATE audit_log SET detail = 'ändrad' WHERE id = 1")
    broken = review.chain_status()
    assert broken.ok is False and "post 1" in broken.text
    assert review.chain_status_apart().ok is False  # the same on a connection of its own


def test_without_verify_chain_the_status_says_it_cannot_tell(review, monkeypatch):
    monkeypatch.delattr(audit, "verify_chain")
    status = review.chain_status()
    assert status.ok is None and "kan inte kontrollera" in status.text


def test_the_extract_is_written_and_its_print_logged_without_the_pupils_name(
    review, session, scene, two_pupils, tmp_path
):
    asa, _ = two_pupils
    chosen = AuditFilter(
        pupil_id=asa.id, from_date=_dt.date(2026, 2, 1), to_date=_dt.date(2026, 3, 31)
    )
    name = review.suggested_file_name()
    assert name == "Loggkontroll 2026-03-18.pdf"
    written = review.write_extract(chosen, tmp_path / "utdrag")
    assert written == tmp_path / "utdrag.pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(written).pages)
    assert "Loggkontroll – utdrag" in text
    assert "Åsa Öhman, 7B" in text and "2026-02-01 – 2026-03-31" in text
    assert "Loggen är hel" in text and "Den som gjort kontrollen" in text
    assert "Maria Lindqvist" in text  # who did the check
    assert "ändrade fält: klass" in text
    assert text.index("2026-02-28 23:59") < text.index("2026-03-01 00:00")  # oldest first
    latest = audit.entries(session.db, limit=1)[0]
    assert latest.action is Action.PRINTED and latest.pupil_id == asa.id
    assert latest.detail == "loggkontroll: en elev, 2026-02-01 – 2026-03-31, 2 poster"
    assert "Öhman" not in latest.detail


def test_a_large_selection_is_cut_short_and_says_so(review, write_at, tmp_path, monkeypatch):
    import elevhalsa_desktop.services.audit_review as module

    for minute in range(5):
        write_at(f"2026-03-06T09:0{minute}:00+01:00")
    monkeypatch.setattr(module, "MAX_EXTRACT_ENTRIES", 3)
    written = review.write_extract(AuditFilter(), tmp_path / "alla.pdf")
    text = PdfReader(written).pages[0].extract_text()
    assert "Utdraget visar de 3 första" in text


def test_opening_and_choosing_a_pupil_are_logged(review, session, two_pupils):
    asa, _ = two_pupils
    review.log_opened()
    review.log_pupil_viewed(asa.id)
    last, before = audit.entries(session.db, limit=2)
    assert (before.action, before.pupil_id, before.detail) == (Action.VIEWED, None, "loggkontroll")
    assert (last.action, last.pupil_id, last.detail) == (Action.VIEWED, asa.id, "loggkontroll")


def test_a_hundred_thousand_entries_filter_quickly(tmp_path):
    """The log of a few busy years. Generous bounds: this is a sanity check on a loaded CI
    machine; bench/audit_log.py measures."""
    from elevhalsa_desktop.services.session import create_case

    session = create_case(
        tmp_path / "stor.elevhalsa", PASSWORD, PASSWORD, school_name="S", user_name="Maria L"
    )
    pupil_ids = add_pupils(session.db, 300)
    fill_log(session.db, 100_000, pupil_ids)
    review = AuditReviewService(session)
    started = time.perf_counter()
    everything = review.ids(AuditFilter())
    review.lines(everything[:200])
    whole = time.perf_counter() - started
    started = time.perf_counter()
    month = review.ids(AuditFilter(from_date=_dt.date(2026, 1, 1), to_date=_dt.date(2026, 1, 31)))
    pupil = review.ids(AuditFilter(pupil_id=pupil_ids[7]))
    narrow = time.perf_counter() - started
    assert len(everything) == 100_000 + 1  # and the creation of the file
    assert 4000 < len(month) < 4500 and 200 < len(pupil) < 400
    assert whole < 2.0 and narrow < 2.0, (whole, narrow)
    session.close()
