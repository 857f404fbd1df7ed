"""The case file's schema, as numbered migrations. A migration is never edited once it has landed:
add a new one instead. Each runs inside ``db.atomic()`` (sqlite-utils does that for us)."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATION_SET = "elevhalsa"
migrations = Migrations(MIGRATION_SET)
_names: list[str] = []


def _migration(name: str):
    _names.append(name)
    return migrations(name=name)


@_migration("0001_case_file")
def _case_file(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE case_setting (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE app_user (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT,
            updated_at TEXT NOT NULL
        )"""
    )
    # The audit log is append-only: the triggers refuse any change or removal of an entry.
    db.execute(
        """
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            user_id TEXT,
            user_name TEXT NOT NULL,
            pupil_id TEXT,
            action TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT ''
        )"""
    )
    db.execute("CREATE INDEX audit_log_pupil ON audit_log (pupil_id, at)")
    db.execute(
        """
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"""
    )
    db.execute(
        """
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"""
    )


@_migration("0002_pupil_register")
def _pupil_register(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE pupil (
            id TEXT PRIMARY KEY,
            given_name TEXT NOT NULL,
            family_name TEXT NOT NULL,
            civic_no TEXT,
            year TEXT NOT NULL DEFAULT '',
            class_name TEXT NOT NULL DEFAULT '',
            school TEXT NOT NULL DEFAULT '',
            mentor TEXT NOT NULL DEFAULT '',
            protected_identity INTEGER NOT NULL DEFAULT 0,
            address TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'active'
                CHECK (status IN ('active', 'moved', 'archived')),
            created_at TEXT NOT NULL,
            created_by TEXT,
            updated_at TEXT NOT NULL,
            updated_by TEXT
        )"""
    )
    # Civic numbers are optional, but two pupils never share one.
    db.execute("CREATE UNIQUE INDEX pupil_civic_no ON pupil (civic_no) WHERE civic_no IS NOT NULL")
    db.execute("CREATE INDEX pupil_class ON pupil (year, class_name)")
    db.execute(
        """
        CREATE TABLE guardian (
            id TEXT PRIMARY KEY,
            pupil_id TEXT NOT NULL REFERENCES pupil (id),
            position INTEGER NOT NULL DEFAULT 0,
            name TEXT NOT NULL,
            relation TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            created_by TEXT,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX guardian_pupil ON guardian (pupil_id, position)")


def known_names() -> frozenset[str]:
    """Every migration this version of the program knows; a file with others is from a newer one."""
    return frozenset(_names)


@_migration("0003_support_and_plans")
def _support_and_plans(db: Database) -> None:
    stamps = "created_at TEXT NOT NULL, created_by TEXT, updated_at TEXT NOT NULL"
    db.execute(
        f"""
        CREATE TABLE adjustment (
            id TEXT PRIMARY KEY,
            pupil_id TEXT NOT NULL REFERENCES pupil (id),
            what TEXT NOT NULL,
            subjects TEXT NOT NULL DEFAULT '',
            since TEXT NOT NULL DEFAULT '',
            by_whom TEXT NOT NULL DEFAULT '',
            how_it_went TEXT NOT NULL DEFAULT '',
            in_use INTEGER NOT NULL DEFAULT 1,
            {stamps}
        )"""
    )
    db.execute("CREATE INDEX adjustment_pupil ON adjustment (pupil_id)")
    db.execute(
        f"""
        CREATE TABLE investigation (
            id TEXT PRIMARY KEY,
            pupil_id TEXT NOT NULL REFERENCES pupil (id),
            pupil_view TEXT NOT NULL DEFAULT '',
            guardian_view TEXT NOT NULL DEFAULT '',
            school_view TEXT NOT NULL DEFAULT '',
            causes_organisational TEXT NOT NULL DEFAULT '',
            causes_social TEXT NOT NULL DEFAULT '',
            causes_pedagogical TEXT NOT NULL DEFAULT '',
            causes_individual TEXT NOT NULL DEFAULT '',
            causes_home_leisure TEXT NOT NULL DEFAULT '',
            strengths TEXT NOT NULL DEFAULT '',
            conclusion TEXT NOT NULL DEFAULT 'undecided',
            conclusion_text TEXT NOT NULL DEFAULT '',
            responsible TEXT NOT NULL DEFAULT '',
            investigated_on TEXT NOT NULL DEFAULT '',
            {stamps}
        )"""
    )
    db.execute("CREATE INDEX investigation_pupil ON investigation (pupil_id)")
    db.execute(
        f"""
        CREATE TABLE plan (
            id TEXT PRIMARY KEY,
            pupil_id TEXT NOT NULL REFERENCES pupil (id),
            kind TEXT NOT NULL CHECK (kind IN ('atgardsprogram', 'handlingsplan')),
            title TEXT NOT NULL DEFAULT '',
            needs TEXT NOT NULL DEFAULT '',
            goals_short TEXT NOT NULL DEFAULT '',
            goals_long TEXT NOT NULL DEFAULT '',
            pupil_participation TEXT NOT NULL DEFAULT '',
            guardian_participation TEXT NOT NULL DEFAULT '',
            responsible TEXT NOT NULL DEFAULT '',
            follow_up_on TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'closed')),
            decided_by TEXT NOT NULL DEFAULT '',
            decided_on TEXT NOT NULL DEFAULT '',
            appeal_note TEXT NOT NULL DEFAULT '',
            revision INTEGER NOT NULL DEFAULT 1,
            {stamps}
        )"""
    )
    db.execute("CREATE INDEX plan_pupil ON plan (pupil_id)")
    db.execute("CREATE INDEX plan_responsible ON plan (responsible)")
    db.execute(
        f"""
        CREATE TABLE intervention (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plan (id),
            position INTEGER NOT NULL DEFAULT 0,
            what TEXT NOT NULL,
            level TEXT NOT NULL DEFAULT 'individual',
            responsible TEXT NOT NULL DEFAULT '',
            start TEXT NOT NULL DEFAULT '',
            end_date TEXT NOT NULL DEFAULT '',
            frequency TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'planned',
            discontinued_reason TEXT NOT NULL DEFAULT '',
            {stamps}
        )"""
    )
    db.execute("CREATE INDEX intervention_plan ON intervention (plan_id, position)")
    # Every saved state of a plan, whole, so any earlier version can be shown. Append-only.
    db.execute(
        """
        CREATE TABLE plan_revision (
            plan_id TEXT NOT NULL REFERENCES plan (id),
            revision INTEGER NOT NULL,
            saved_at TEXT NOT NULL,
            saved_by TEXT NOT NULL,
            changed TEXT NOT NULL DEFAULT '',
            snapshot TEXT NOT NULL,
            PRIMARY KEY (plan_id, revision)
        )"""
    )
    for verb in ("UPDATE", "DELETE"):
        db.execute(
            f"""
            CREATE TRIGGER plan_revision_no_{verb.lower()} BEFORE {verb} ON plan_revision
            BEGIN SELECT RAISE(ABORT, 'plan revisions are kept as they were saved'); END"""
        )
    db.execute(
        f"""
        CREATE TABLE follow_up (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plan (id),
            due_on TEXT NOT NULL,
            responsible TEXT NOT NULL DEFAULT '',
            held_on TEXT NOT NULL DEFAULT '',
            participants TEXT NOT NULL DEFAULT '',
            decision TEXT,
            notes TEXT NOT NULL DEFAULT '',
            {stamps}
        )"""
    )
    db.execute("CREATE INDEX follow_up_plan ON follow_up (plan_id, due_on)")
    db.execute("CREATE INDEX follow_up_open ON follow_up (held_on, due_on)")
    db.execute(
        """
        CREATE TABLE follow_up_effect (
            follow_up_id TEXT NOT NULL REFERENCES follow_up (id),
            intervention_id TEXT NOT NULL REFERENCES intervention (id),
            effect TEXT NOT NULL,
            comment TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (follow_up_id, intervention_id)
        )"""
    )


@_migration("0004_staged_return")
def _staged_return(db: Database) -> None:
    stamps = "created_at TEXT NOT NULL, created_by TEXT, updated_at TEXT NOT NULL"
    db.execute(
        f"""
        CREATE TABLE return_plan (
            id TEXT PRIMARY KEY,
            pupil_id TEXT NOT NULL REFERENCES pupil (id),
            plan_id TEXT REFERENCES plan (id),
            weekly_schedule_minutes INTEGER NOT NULL,
            started_on TEXT NOT NULL,
            shortened_day_decided_by TEXT NOT NULL DEFAULT '',
            shortened_day_decided_on TEXT NOT NULL DEFAULT '',
            closed INTEGER NOT NULL DEFAULT 0,
            {stamps}
        )"""
    )
    db.execute("CREATE INDEX return_plan_pupil ON return_plan (pupil_id)")
    db.execute(
        f"""
        CREATE TABLE return_step (
            id TEXT PRIMARY KEY,
            return_plan_id TEXT NOT NULL REFERENCES return_plan (id),
            position INTEGER NOT NULL,
            setting TEXT NOT NULL,
            place TEXT NOT NULL DEFAULT '',
            subjects TEXT NOT NULL DEFAULT '',
            planned_minutes INTEGER NOT NULL CHECK (planned_minutes > 0),
            weekdays TEXT NOT NULL DEFAULT '',
            start_time TEXT NOT NULL DEFAULT '',
            end_time TEXT NOT NULL DEFAULT '',
            responsible TEXT NOT NULL DEFAULT '',
            criterion_sessions INTEGER NOT NULL DEFAULT 0,
            criterion_text TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'planned',
            archived INTEGER NOT NULL DEFAULT 0,
            {stamps}
        )"""
    )
    db.execute("CREATE INDEX return_step_plan ON return_step (return_plan_id, position)")
    db.execute(
        f"""
        CREATE TABLE return_session (
            id TEXT PRIMARY KEY,
            return_plan_id TEXT NOT NULL REFERENCES return_plan (id),
            step_id TEXT NOT NULL REFERENCES return_step (id),
            "on" TEXT NOT NULL,
            start_time TEXT NOT NULL DEFAULT '',
            planned_minutes INTEGER NOT NULL CHECK (planned_minutes > 0),
            attended_minutes INTEGER NOT NULL CHECK (attended_minutes >= 0),
            met_by TEXT NOT NULL DEFAULT '',
            how_it_went INTEGER NOT NULL DEFAULT 0,
            note TEXT NOT NULL DEFAULT '',
            pupil_words TEXT NOT NULL DEFAULT '',
            {stamps},
            UNIQUE (step_id, "on", start_time)
        )"""
    )
    db.execute('CREATE INDEX return_session_plan ON return_session (return_plan_id, "on")')
    db.execute(
        f"""
        CREATE TABLE return_decision (
            id TEXT PRIMARY KEY,
            return_plan_id TEXT NOT NULL REFERENCES return_plan (id),
            kind TEXT NOT NULL,
            "on" TEXT NOT NULL,
            decided_by TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            from_step_id TEXT NOT NULL DEFAULT '',
            to_step_id TEXT NOT NULL DEFAULT '',
            {stamps}
        )"""
    )
    # Steps that have sessions are archived, never deleted: the sessions refer to them.
    db.execute(
        """
        CREATE TRIGGER return_step_keep_with_sessions BEFORE DELETE ON return_step
        WHEN EXISTS (SELECT 1 FROM return_session WHERE step_id = OLD.id)
        BEGIN SELECT RAISE(ABORT, 'a step with sessions is archived, not deleted'); END"""
    )


@_migration("0005_collaboration")
def _collaboration(db: Database) -> None:
    stamps = "created_at TEXT NOT NULL, created_by TEXT, updated_at TEXT NOT NULL"
    db.execute(
        f"""
        CREATE TABLE organisation (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            unit TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            archived INTEGER NOT NULL DEFAULT 0,
            {stamps}
        )"""
    )
    db.execute(
        f"""
        CREATE TABLE contact (
            id TEXT PRIMARY KEY,
            organisation_id TEXT REFERENCES organisation (id),
            name TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            archived INTEGER NOT NULL DEFAULT 0,
            {stamps}
        )"""
    )
    db.execute(
        f"""
        CREATE TABLE involvement (
            id TEXT PRIMARY KEY,
            pupil_id TEXT NOT NULL REFERENCES pupil (id),
            organisation_id TEXT NOT NULL REFERENCES organisation (id),
            contact_id TEXT REFERENCES contact (id),
            role TEXT NOT NULL,
            since TEXT NOT NULL DEFAULT '',
            until TEXT NOT NULL DEFAULT '',
            {stamps}
        )"""
    )
    db.execute("CREATE INDEX involvement_pupil ON involvement (pupil_id)")
    db.execute(
        f"""
        CREATE TABLE consent (
            id TEXT PRIMARY KEY,
            pupil_id TEXT NOT NULL REFERENCES pupil (id),
            from_whom TEXT NOT NULL,
            given_by TEXT NOT NULL,
            scope TEXT NOT NULL,
            organisation_id TEXT REFERENCES organisation (id),
            form TEXT NOT NULL DEFAULT 'written',
            noted_by TEXT NOT NULL DEFAULT '',
            given_on TEXT NOT NULL,
            valid_until TEXT NOT NULL DEFAULT '',
            withdrawn_on TEXT NOT NULL DEFAULT '',
            {stamps}
        )"""
    )
    db.execute("CREATE INDEX consent_pupil ON consent (pupil_id)")
    db.execute(
        f"""
        CREATE TABLE contact_entry (
            id TEXT PRIMARY KEY,
            pupil_id TEXT NOT NULL REFERENCES pupil (id),
            happened_on TEXT NOT NULL,
            time TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL,
            channel TEXT NOT NULL,
            summary TEXT NOT NULL,
            organisation_id TEXT REFERENCES organisation (id),
            contact_id TEXT REFERENCES contact (id),
            with_whom TEXT NOT NULL DEFAULT '',
            participants TEXT NOT NULL DEFAULT '',
            lead_organisation_id TEXT REFERENCES organisation (id),
            next_meeting_on TEXT NOT NULL DEFAULT '',
            is_disclosure INTEGER NOT NULL DEFAULT 0,
            basis TEXT,
            consent_id TEXT REFERENCES consent (id),
            basis_text TEXT NOT NULL DEFAULT '',
            {stamps},
            -- The rule the service enforces, kept by the file itself too: no disclosure without basis.
            CHECK (is_disclosure = 0 OR basis IS NOT NULL)
        )"""
    )
    db.execute("CREATE INDEX contact_entry_pupil ON contact_entry (pupil_id, happened_on)")
    db.execute(
        f"""
        CREATE TABLE agreed_action (
            id TEXT PRIMARY KEY,
            entry_id TEXT NOT NULL REFERENCES contact_entry (id),
            position INTEGER NOT NULL DEFAULT 0,
            what TEXT NOT NULL,
            responsible TEXT NOT NULL,
            due_on TEXT NOT NULL,
            done_on TEXT NOT NULL DEFAULT '',
            {stamps}
        )"""
    )
    db.execute("CREATE INDEX agreed_action_open ON agreed_action (done_on, due_on)")
    db.execute(
        f"""
        CREATE TABLE concern_report (
            id TEXT PRIMARY KEY,
            pupil_id TEXT NOT NULL REFERENCES pupil (id),
            made_on TEXT NOT NULL,
            organisation_id TEXT NOT NULL REFERENCES organisation (id),
            made_by TEXT NOT NULL,
            summary TEXT NOT NULL,
            feedback_on TEXT NOT NULL DEFAULT '',
            feedback_summary TEXT NOT NULL DEFAULT '',
            {stamps}
        )"""
    )
    db.execute("CREATE INDEX concern_report_pupil ON concern_report (pupil_id)")


@_migration("0006_return_plan_closing")
def _return_plan_closing(db: Database) -> None:
    # Why a return plan ended is part of the record (the next person must be able to read it);
    # the audit log names ids only, never a record's text, so it gets columns of its own.
    for column in ("closed_on", "closed_by", "closed_reason"):
        db.execute(f"ALTER TABLE return_plan ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")


@_migration("0007_attendance")
def _attendance(db: Database) -> None:
    stamps = "created_at TEXT NOT NULL, created_by TEXT, updated_at TEXT NOT NULL"
    # The school system's own id for a pupil (SS 12000 Person.id): a second way to recognise a
    # pupil in the next import when the civic number is missing (e.g. a new arrival).
    db.execute("ALTER TABLE pupil ADD COLUMN external_id TEXT")
    db.execute(
        "CREATE UNIQUE INDEX pupil_external_id ON pupil (external_id) WHERE external_id IS NOT NULL"
    )
    db.execute(
        f"""
        CREATE TABLE attendance_import (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('attendance', 'roster')),
            format TEXT NOT NULL,
            sources TEXT NOT NULL DEFAULT '',
            rows_read INTEGER NOT NULL DEFAULT 0,
            imported INTEGER NOT NULL DEFAULT 0,
            updated INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0,
            {stamps}
        )"""
    )
    # One row per lesson (lesson = its start time) or per day (lesson = ''), as the school system
    # reported it. A million rows a year for a school of 1,000, so the row is lean: who wrote it
    # is on the import it came with.
    db.execute(
        """
        CREATE TABLE attendance (
            pupil_id TEXT NOT NULL REFERENCES pupil (id),
            day TEXT NOT NULL,
            lesson TEXT NOT NULL DEFAULT '',
            offered INTEGER NOT NULL CHECK (offered >= 0),
            attended INTEGER NOT NULL CHECK (attended >= 0),
            excused INTEGER NOT NULL CHECK (excused >= 0),
            unexcused INTEGER NOT NULL CHECK (unexcused >= 0),
            late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
            import_id TEXT NOT NULL REFERENCES attendance_import (id),
            PRIMARY KEY (pupil_id, day, lesson)
        ) WITHOUT ROWID"""
    )
    # The per-day summary every window is computed from (a term is ~90 rows per pupil instead of
    # ~500 lessons). Rewritten for the days an import touches, in the import's transaction.
    db.execute(
        """
        CREATE TABLE attendance_day (
            pupil_id TEXT NOT NULL REFERENCES pupil (id),
            day TEXT NOT NULL,
            offered INTEGER NOT NULL,
            attended INTEGER NOT NULL,
            excused INTEGER NOT NULL,
            unexcused INTEGER NOT NULL,
            lessons INTEGER NOT NULL,
            absent_lessons INTEGER NOT NULL,
            unexcused_lessons INTEGER NOT NULL,
            late_lessons INTEGER NOT NULL,
            first_lesson_missed INTEGER NOT NULL,
            estimated INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (pupil_id, day)
        ) WITHOUT ROWID"""
    )
    db.execute("CREATE INDEX attendance_day_day ON attendance_day (day)")
    db.execute(
        """
        CREATE TABLE attendance_period (
            pupil_id TEXT NOT NULL REFERENCES pupil (id),
            start_day TEXT NOT NULL,
            end_day TEXT NOT NULL,
            offered INTEGER NOT NULL CHECK (offered >= 0),
            attended INTEGER NOT NULL CHECK (attended >= 0),
            excused INTEGER NOT NULL CHECK (excused >= 0),
            unexcused INTEGER NOT NULL CHECK (unexcused >= 0),
            import_id TEXT NOT NULL REFERENCES attendance_import (id),
            PRIMARY KEY (pupil_id, start_day, end_day)
        ) WITHOUT ROWID"""
    )
    db.execute(
        """
        CREATE TABLE reported_absence (
            pupil_id TEXT NOT NULL REFERENCES pupil (id),
            starts_at TEXT NOT NULL,
            ends_at TEXT NOT NULL,
            kind TEXT NOT NULL,
            import_id TEXT NOT NULL REFERENCES attendance_import (id),
            PRIMARY KEY (pupil_id, starts_at, ends_at)
        ) WITHOUT ROWID"""
    )
    # Column mappings the user confirmed, found again by the file's header.
    db.execute(
        f"""
        CREATE TABLE import_mapping (
            header_key TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            mapping TEXT NOT NULL,
            {stamps}
        )"""
    )
    db.execute(
        f"""
        CREATE TABLE absence_investigation (
            id TEXT PRIMARY KEY,
            pupil_id TEXT NOT NULL REFERENCES pupil (id),
            noticed_on TEXT NOT NULL,
            started_on TEXT NOT NULL,
            reason_noticed TEXT NOT NULL DEFAULT '',
            participants TEXT NOT NULL DEFAULT '',
            pupil_took_part INTEGER NOT NULL DEFAULT 0,
            guardians_took_part INTEGER NOT NULL DEFAULT 0,
            team_took_part INTEGER NOT NULL DEFAULT 0,
            findings TEXT NOT NULL DEFAULT '',
            reported_on TEXT NOT NULL DEFAULT '',
            outcome TEXT NOT NULL DEFAULT '',
            outcome_note TEXT NOT NULL DEFAULT '',
            responsible TEXT NOT NULL DEFAULT '',
            closed_on TEXT NOT NULL DEFAULT '',
            {stamps}
        )"""
    )
    db.execute("CREATE INDEX absence_investigation_pupil ON absence_investigation (pupil_id)")


@_migration("0008_handover")
def _handover(db: Database) -> None:
    stamps = "created_at TEXT NOT NULL, created_by TEXT, updated_at TEXT NOT NULL"
    db.execute(
        f"""
        CREATE TABLE handover_note (
            id TEXT PRIMARY KEY,
            pupil_id TEXT NOT NULL REFERENCES pupil (id),
            from_school TEXT NOT NULL DEFAULT '',
            from_year TEXT NOT NULL DEFAULT '',
            to_school TEXT NOT NULL DEFAULT '',
            to_year TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'draft'
                CHECK (status IN ('draft', 'ready', 'handed_over', 'received')),
            responsible TEXT NOT NULL DEFAULT '',
            strengths TEXT NOT NULL DEFAULT '',
            support_worked TEXT NOT NULL DEFAULT '',
            support_not_worked TEXT NOT NULL DEFAULT '',
            attendance_history TEXT NOT NULL DEFAULT '',
            keep_with TEXT NOT NULL DEFAULT '',
            keep_apart TEXT NOT NULL DEFAULT '',
            pupil_words TEXT NOT NULL DEFAULT '',
            guardian_view TEXT NOT NULL DEFAULT '',
            involved TEXT NOT NULL DEFAULT '',
            first_week TEXT NOT NULL DEFAULT '',
            first_week_choices TEXT NOT NULL DEFAULT '',
            receiving_mentor TEXT NOT NULL DEFAULT '',
            named_adult TEXT NOT NULL DEFAULT '',
            meeting_on TEXT NOT NULL DEFAULT '',
            meeting_participants TEXT NOT NULL DEFAULT '',
            meeting_agreed TEXT NOT NULL DEFAULT '',
            handed_over_on TEXT NOT NULL DEFAULT '',
            sender_school TEXT NOT NULL DEFAULT '',
            exchange_id TEXT NOT NULL DEFAULT '',
            {stamps}
        )"""
    )
    db.execute("CREATE INDEX handover_note_pupil ON handover_note (pupil_id)")
    # A received note is imported once per exchange file and pupil: a second import is a no-op.
    db.execute(
        "CREATE UNIQUE INDEX handover_note_received ON handover_note (exchange_id, pupil_id)"
        " WHERE exchange_id != ''"
    )


@_migration("0009_handover_exchange")
def _handover_exchange(db: Database) -> None:
    # The exchange files this case file has sent and received. The id is the one written in the
    # file (a new UUID per export); a file received twice is one row, and each of its packets is
    # read in at most once (handover_exchange_item), which is what makes a re-import a no-op.
    db.execute(
        """
        CREATE TABLE handover_exchange (
            id TEXT NOT NULL,
            direction TEXT NOT NULL CHECK (direction IN ('sent', 'received')),
            sender_school TEXT NOT NULL DEFAULT '',
            file_created_at TEXT NOT NULL DEFAULT '',
            program_version TEXT NOT NULL DEFAULT '',
            schema_version INTEGER NOT NULL DEFAULT 1,
            packets INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            created_by TEXT,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (id, direction)
        )"""
    )
    # One row per packet sent, or per packet read in: the note's id in the file, the pupil it
    # is about here, and (received) the note written here and how the pupil was found.
    db.execute(
        """
        CREATE TABLE handover_exchange_item (
            exchange_id TEXT NOT NULL,
            direction TEXT NOT NULL,
            note_id TEXT NOT NULL,
            pupil_id TEXT NOT NULL REFERENCES pupil (id),
            received_note_id TEXT REFERENCES handover_note (id),
            outcome TEXT NOT NULL CHECK (outcome IN ('sent', 'created', 'matched', 'confirmed')),
            created_at TEXT NOT NULL,
            created_by TEXT,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (exchange_id, direction, note_id),
            FOREIGN KEY (exchange_id, direction) REFERENCES handover_exchange (id, direction)
        )"""
    )
    db.execute("CREATE INDEX handover_exchange_item_pupil ON handover_exchange_item (pupil_id)")


@_migration("0010_audit_chain")
def _audit_chain(db: Database) -> None:
    # Each audit entry carries the hash of the one before it (see store/audit.py for the formula
    # and what the chain and its head row protect against). Entries written before this version
    # are chained here, in id order, as they stand; the head row is written in the same step.
    from . import audit

    db.execute("ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT ''")
    # The back-fill is the one change an entry ever gets: lift the no-update trigger for it.
    db.execute("DROP TRIGGER audit_log_no_update")
    prev, count, last_id, updates = audit.GENESIS, 0, 0, []
    for row in db.execute(
        "SELECT id, at, user_id, user_name, pupil_id, action, detail FROM audit_log ORDER BY id"
    ).fetchall():
        digest = audit.entry_hash(*row, prev)
        updates.append((prev, digest, row[0]))
        prev, count, last_id = digest, count + 1, row[0]
    db.conn.executemany("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", updates)
    db.execute(
        """
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"""
    )
    # Removing entries stays refused too (0001 made the trigger; a file that lost it gets it
    # back). Retention (gallring) removes records, never audit entries: the log of what was
    # removed is what remains.
    db.execute(
        """
        CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"""
    )
    # No BEFORE INSERT trigger to refuse unchained entries: a trigger that may RAISE makes every
    # insert keep a statement journal, ten times the cost of the insert inside a big transaction
    # (measured: 35 µs → 260 µs per entry in the demo). An unchained entry shows in verify_chain.
    audit.write_head(db, audit.Head(count, last_id, prev))
