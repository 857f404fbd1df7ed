import pytest

from elevhalsa_desktop.domain.people import Role
from elevhalsa_desktop.domain.pupil import ValidationError
from elevhalsa_desktop.services.session import CaseSettings, create_case, open_case
from elevhalsa_desktop.store.audit import Action, entries
from tests.conftest import PASSWORD


def test_create_validates_everything_before_touching_the_disk(tmp_path):
    folder = tmp_path / "akter"
    folder.mkdir()
    with pytest.raises(ValidationError) as caught:
        create_case(folder / "akt", "kort", "kort", school_name=" ", user_name="")
    assert set(caught.value.problems) == {"school_name", "user_name", "password"}
    assert list(folder.iterdir()) == []


def test_reopening_finds_the_user_and_logs_the_opening(session, case_path):
    user = session.user
    session.close()
    again = open_case(case_path, PASSWORD, user_id=user.id)
    assert again.user == user
    assert again.school_name == "Testskolan"
    assert entries(again.db)[0].action is Action.OPENED
    again.close()


def test_settings_are_saved_and_validated(session):
    saved = session.save_settings(CaseSettings("Björkdalsskolan", "Maria L", Role.COUNSELLOR, 10))
    assert saved == CaseSettings("Björkdalsskolan", "Maria L", Role.COUNSELLOR, 10)
    assert session.user.role is Role.COUNSELLOR
    with pytest.raises(ValidationError) as caught:
        session.save_settings(CaseSettings("", "Maria", Role.COORDINATOR, 7))
    assert set(caught.value.problems) == {"school_name", "auto_lock_minutes"}
    assert session.settings().school_name == "Björkdalsskolan"


def test_change_password_checks_the_current_one_and_the_new_rules(session):
    with pytest.raises(ValidationError, match="nuvarande"):
        session.change_password("fel", "ett nytt lösenord", "ett nytt lösenord")
    with pytest.raises(ValidationError, match="minst 10"):
        session.change_password(PASSWORD, "kort", "kort")


def test_a_creation_that_runs_out_of_disk_at_any_stage_leaves_nothing(tmp_path):
    """Leave less and less room on a small disk: every failed creation, whether it failed on the
    schema or on the first settings after the file existed, must leave no file behind."""
    import os

    from elevhalsa_desktop.store.errors import CannotWrite
    from tests.filesystems import small_disk

    with small_disk(tmp_path, size="2m") as folder:
        filler = folder / "fyllnad"

        def creates_with(free_kb: int) -> bool:
            filler.write_bytes(b"")
            stat = os.statvfs(folder)
            filler.write_bytes(bytes(max(0, stat.f_bavail * stat.f_frsize - free_kb * 1024)))
            try:
                created = create_case(
                    folder / "akt", PASSWORD, PASSWORD, school_name="S" * 100, user_name="U"
                )
            except CannotWrite:
                assert [p.name for p in folder.iterdir()] == ["fyllnad"], f"{free_kb} kB free"
                return False
            created.close()
            for leftover in folder.glob("akt.elevhalsa*"):
                leftover.unlink()
            return True

        # Find the least room a case file needs, then fail just short of it, where the file
        # exists already when the disk runs out.
        low, high = 8, 1800
        assert not creates_with(low) and creates_with(high)
        while high - low > 4:
            middle = (low + high) // 2
            low, high = (low, middle) if creates_with(middle) else (middle, high)
        for free_kb in range(max(8, low - 40), high, 4):
            creates_with(free_kb)


def test_the_document_marking_is_a_setting_of_the_case_file(session):
    assert session.settings().document_marking == "Sekretess enligt OSL 23 kap. 2 §"
    current = session.settings()
    saved = session.save_settings(
        CaseSettings(current.school_name, current.user_name, current.role, 5, "Allmän handling")
    )
    assert saved.document_marking == "Allmän handling"
    with pytest.raises(ValidationError) as caught:
        session.save_settings(CaseSettings("S", "U", Role.COORDINATOR, 5, "  "))
    assert set(caught.value.problems) == {"document_marking"}
