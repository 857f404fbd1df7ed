"""Settings IT presets for new case files (standard.ini): read leniently, applied through the
services, a wrong value skipped with a sentence and never a reason not to create the file."""

from __future__ import annotations

from elevhalsa_desktop.__main__ import main
from elevhalsa_desktop.services.backups import BackupService
from elevhalsa_desktop.services.deployment_defaults import (
    apply_defaults,
    defaults_file,
    read_defaults,
)
from elevhalsa_desktop.services.early_warning import EarlyWarningService
from elevhalsa_desktop.services.retention import RetentionKind, RetentionService
from elevhalsa_desktop.services.session import open_case
from tests.conftest import PASSWORD

STANDARD = """\
[skola]
namn = Björkdalsskolan  F–6

[tidig_varning]
gul_procent = 8
rod_procent = 12
hosttermin_start = 08-19
vartermin_start = 01-08

[gallring]
elever_som_slutat_ar = 5

[sakerhetskopior]
antal = 20

[akt]
automatisk_lasning_minuter = 10
"""


def test_a_preset_file_is_read_and_applied_to_a_new_case_file(session, tmp_path, monkeypatch):
    preset = tmp_path / "standard.ini"
    preset.write_text(STANDARD, encoding="utf-8")
    monkeypatch.setenv("ELEVHALSA_DEFAULTS", str(preset))
    assert defaults_file() == preset
    defaults = read_defaults()
    assert defaults.school_name == "Björkdalsskolan F–6"
    assert apply_defaults(session, defaults) == []
    ews = EarlyWarningService(session)
    assert (ews.thresholds().yellow_percent, ews.thresholds().red_percent) == (8, 12)
    assert ews.term_starts() == ("08-19", "01-08")
    assert RetentionService(session).rules()[RetentionKind.PUPIL_LEFT] == 5
    assert BackupService(session).keep() == 20
    assert session.settings().auto_lock_minutes == 10


def test_wrong_values_are_skipped_with_a_sentence(session, tmp_path):
    preset = tmp_path / "standard.ini"
    preset.write_text(
        "[tidig_varning]\ngul_procent = 20\nrod_procent = 10\n[sakerhetskopior]\nantal = tio\n",
        encoding="utf-8",
    )
    skipped = apply_defaults(session, read_defaults(preset))
    assert any("antal = tio" in s and "heltal" in s for s in skipped)
    assert any(s.startswith("Gränserna för tidig varning") for s in skipped)
    assert EarlyWarningService(session).thresholds().yellow_percent == 10  # unchanged


def test_no_file_changes_nothing_and_a_broken_one_says_so(tmp_path, monkeypatch):
    monkeypatch.delenv("ELEVHALSA_DEFAULTS", raising=False)
    assert defaults_file() is None and read_defaults().problems == ()
    broken = tmp_path / "standard.ini"
    broken.write_bytes(b"\xff\xfe[inte ini")
    assert "gick inte att läsa" in read_defaults(broken).problems[0]


def test_new_on_the_command_line_uses_the_preset(tmp_path, monkeypatch, capsys):
    preset = tmp_path / "standard.ini"
    preset.write_text(STANDARD, encoding="utf-8")
    monkeypatch.setenv("ELEVHALSA_DEFAULTS", str(preset))
    monkeypatch.setenv("ELEVHALSA_PASSWORD", PASSWORD)
    path = tmp_path / "ny.elevhalsa"
    assert main(["new", str(path), "--name", "Eva Lind"]) == 0
    assert "Standardinställningar från" in capsys.readouterr().out
    s = open_case(path, PASSWORD)
    try:
        assert s.school_name == "Björkdalsskolan F–6"
        assert EarlyWarningService(s).thresholds().yellow_percent == 8
    finally:
        s.close()
