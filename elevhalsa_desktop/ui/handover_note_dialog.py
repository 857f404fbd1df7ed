"""The handover note at a stage transition (6 → 7, 3 → 4, 9 → gymnasiet, a change of school):
what the receiving school needs so that support is ready on the first day.

Every section is shown, also when empty, so the writer sees what the receiving school will look
for. Three of them (the support that worked, attendance, who is involved) can be fetched from the
case file with one click and then edited. A received note, from another school's exchange file,
opens in the same dialog read-only, with the sending school named at the top.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence, QPalette, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from ..domain.handover import (
    FIRST_WEEK_CHOICES,
    LEGAL_BASIS,
    SECTIONS,
    HandoverNote,
    HandoverStatus,
)
from ..domain.pupil import YEAR_LABELS, YEARS
from ..services.handover import HandoverService
from ..services.plans import RecordNotFound
from ..store.errors import CaseFileError
from .date_input import DateInput
from .feedback import scaled_font, set_secondary, show_notice
from .labels import year_label
from .messages import show_error
from .plan_fields import person, set_up_people_combo
from .record_dialog import RecordDialog, fit_lines, start_dialog

#: The sections HandoverService.suggestions fills from the case file.
FETCHED = ("support_worked", "attendance_history", "involved")
#: Lines a section's text field shows before it scrolls.
_LINES = {"keep_with": 3, "keep_apart": 3, "support_worked": 5, "attendance_history": 4}
_DEFAULT_LINES = 4
#: The statuses a writer chooses between (not started is no note; received comes by file).
EDITABLE_STATUSES = (HandoverStatus.DRAFT, HandoverStatus.READY, HandoverStatus.HANDED_OVER)

#: The status as a small badge beside the title: the word says it, the colour helps the eye.
_BADGE = (
    "QLabel {{ border: 1px solid {border}; border-radius: 0.3em; padding: 0.15em 0.7em;"
    " background: {back}; color: {text}; font-weight: bold; }}"
)
_BADGE_COLOURS = {
    HandoverStatus.DRAFT: ("#d9c27a", "#fdf6e3", "#4d3c07"),
    HandoverStatus.READY: ("#8fb3cc", "#e6f0f6", "#163448"),
    HandoverStatus.HANDED_OVER: ("#84b890", "#e3f1e6", "#173f22"),
    HandoverStatus.RECEIVED: ("#b8c6cf", "#eef2f4", "#1f3340"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("HandoverNoteDialog", text)


def status_label(status: HandoverStatus) -> str:
    return QCoreApplication.translate("labels", status.label)


def camel(field: str) -> str:
    """``support_worked`` → ``supportWorked``: the stem of the field's widgets in the form."""
    first, *rest = field.split("_")
    return first + "".join(part.capitalize() for part in rest)


def received_from(note: HandoverNote) -> str:
    """ "Mottagen från Björkskolan" (or without a name, if the file did not say)."""
    if note.sender_school:
        return _tr("Mottagen från {school}").format(school=note.sender_school)
    return _tr("Mottagen från en annan skola")


def badge_style(status: HandoverStatus) -> str:
    border, back, text = _BADGE_COLOURS.get(status, _BADGE_COLOURS[HandoverStatus.RECEIVED])
    return _BADGE.format(border=border, back=back, text=text)


class HandoverNoteDialog(RecordDialog):
    """``saved`` carries the note as stored (a draft without id is created on save)."""

    def __init__(
        self,
        service: HandoverService,
        note: HandoverNote,
        parent: QWidget | None = None,
        pupil_name: str = "",
        people: Sequence[str] = (),
    ):
        super().__init__("handover_note_dialog.ui", parent)
        self.setObjectName("handoverNoteDialog")
        self._service = service
        self._original = note
        self._read_only = note.received
        form = self.form
        form.scrollArea.setAccessibleName(self.tr("Överlämningen"))
        form.kindLabel.setFont(scaled_font(form.kindLabel, 1.5, bold=True))
        form.pupilLabel.setTextFormat(Qt.TextFormat.PlainText)
        form.pupilLabel.setText(pupil_name)
        form.legalNote.setText(self.tr(LEGAL_BASIS))
        for quiet in (form.legalNote, form.statusHint, form.choicesHint):
            set_secondary(quiet)
        for field in FETCHED:
            set_secondary(getattr(form, f"{camel(field)}Note"))
            getattr(form, f"{camel(field)}Note").hide()
        form.choicesSummary.setTextFormat(Qt.TextFormat.PlainText)
        form.choicesSummary.hide()
        self._set_headings()
        self._fill_years(form.fromYearCombo, note.from_year)
        self._fill_years(form.toYearCombo, note.to_year)
        self._fill_statuses(note.status)
        set_up_people_combo(form.responsibleCombo, list(people), note.responsible)
        self._meeting_on = DateInput(form.meetingOnEdit)
        for field, _heading in SECTIONS:
            fit_lines(self._section_edit(field), _LINES.get(field, _DEFAULT_LINES))
        fit_lines(form.meetingAgreedEdit, 3)
        self._bind_problems()
        self._fill(note)
        self._title(pupil_name)
        self._save_button = form.buttonBox.button(QDialogButtonBox.StandardButton.Save)
        # Ctrl+S saves, as in other programs (the button's own key is its mnemonic, Alt+S).
        save = QAction(self)
        save.setShortcut(QKeySequence.StandardKey.Save)
        save.triggered.connect(self._save_shortcut)
        self.addAction(save)
        form.statusCombo.currentIndexChanged.connect(self._show_badge)
        for field in FETCHED:
            getattr(form, f"{camel(field)}FetchButton").clicked.connect(
                lambda _checked=False, f=field: self.fetch(f)
            )
        if self._read_only:
            self._make_read_only()
        else:
            self.track_changes(*self._inputs())
        self._as_opened = self.record_from_form()
        self.fit_to_contents(min_characters=110)
        # A new note starts where the receiving school is asked for; one written, at its text.
        (form.strengthsEdit if self._read_only or note.id else form.toSchoolEdit).setFocus()

    # Set-up ---------------------------------------------------------------------------------------
    def _set_headings(self) -> None:
        """The headings come from the domain's list; the form only adds the Alt+letter."""
        for field, heading in SECTIONS:
            label = getattr(self.form, f"{camel(field)}Label")
            if label.text().replace("&", "") != heading:  # the form is older than the domain
                label.setText(self.tr(heading))
        for key, text in FIRST_WEEK_CHOICES:
            box: QCheckBox = getattr(self.form, f"{camel(key)}Check")
            box.setText(self.tr(text))
            box.setAccessibleName(self.tr(text))

    @staticmethod
    def _fill_years(combo: QComboBox, current: str) -> None:
        combo.addItem("—", "")
        for year in YEARS:
            combo.addItem(year_label(year), year)
        if current and current not in YEAR_LABELS:  # a year written by another program
            combo.addItem(current, current)
        combo.setCurrentIndex(max(combo.findData(current), 0))

    def _fill_statuses(self, current: HandoverStatus) -> None:
        combo = self.form.statusCombo
        shown = (current,) if current is HandoverStatus.RECEIVED else EDITABLE_STATUSES
        for status in shown:
            combo.addItem(status_label(status), status.value)
        combo.setCurrentIndex(max(combo.findData(current.value), 0))

    def _bind_problems(self) -> None:
        form = self.form
        bindings = [
            ("from_school", "fromSchool", form.fromSchoolEdit),
            ("to_school", "toSchool", form.toSchoolEdit),
            ("receiving_mentor", "receivingMentor", form.receivingMentorEdit),
            ("status", "status", form.statusCombo),
            ("responsible", "responsible", form.responsibleCombo),
        ]
        for field, _heading in SECTIONS:
            if field == "first_week":
                bindings.append(
                    ("first_week_choices", "firstWeekChoices", form.earlyMentorTalkCheck)
                )
                bindings.append(("named_adult", "namedAdult", form.namedAdultEdit))
            bindings.append((field, camel(field), self._section_edit(field)))
        bindings += [
            ("meeting_on", "meetingOn", form.meetingOnEdit),
            ("meeting_participants", "meetingParticipants", form.meetingParticipantsEdit),
            ("meeting_agreed", "meetingAgreed", form.meetingAgreedEdit),
        ]
        for key, stem, field in bindings:
            self.problems.bind(key, getattr(form, f"{stem}Problem"), field)

    def _section_edit(self, field: str) -> QPlainTextEdit:
        return getattr(self.form, f"{camel(field)}Edit")

    def _choice_boxes(self) -> list[tuple[str, QCheckBox]]:
        return [(key, getattr(self.form, f"{camel(key)}Check")) for key, _ in FIRST_WEEK_CHOICES]

    def _inputs(self) -> list[QWidget]:
        """Every field, in the order of the form (and of Tab)."""
        form = self.form
        return [
            form.fromSchoolEdit,
            form.fromYearCombo,
            form.toSchoolEdit,
            form.toYearCombo,
            form.receivingMentorEdit,
            form.statusCombo,
            form.responsibleCombo,
            *(self._section_edit(field) for field, _ in SECTIONS if field != "first_week"),
            *(box for _key, box in self._choice_boxes()),
            form.namedAdultEdit,
            form.firstWeekEdit,
            form.meetingOnEdit,
            form.meetingParticipantsEdit,
            form.meetingAgreedEdit,
        ]

    def _fill(self, note: HandoverNote) -> None:
        form = self.form
        form.fromSchoolEdit.setText(note.from_school)
        form.toSchoolEdit.setText(note.to_school)
        form.receivingMentorEdit.setText(note.receiving_mentor)
        for field, _heading in SECTIONS:
            self._section_edit(field).setPlainText(getattr(note, field))
        chosen = set(note.choices)
        for key, box in self._choice_boxes():
            box.setChecked(key in chosen)
        form.namedAdultEdit.setText(note.named_adult)
        form.meetingOnEdit.setText(note.meeting_on)
        form.meetingParticipantsEdit.setText(note.meeting_participants)
        form.meetingAgreedEdit.setPlainText(note.meeting_agreed)
        self._show_badge()
        if note.handed_over_on and note.status is HandoverStatus.HANDED_OVER:
            form.statusHint.setText(self.tr("Överlämnad {date}.").format(date=note.handed_over_on))
        else:
            form.statusHint.clear()

    def _show_badge(self) -> None:
        """The status beside the title, as the status field says it now."""
        badge = self.form.statusBadge
        status = HandoverStatus(self.form.statusCombo.currentData())
        badge.setText(status_label(status))
        badge.setStyleSheet(badge_style(status))
        badge.setAccessibleName(self.tr("Status: {status}").format(status=status_label(status)))

    def _title(self, pupil_name: str) -> None:
        note = self._original
        if note.received:
            title = received_from(note)
        elif note.id:
            title = self.tr("Överlämning")
        else:
            title = self.tr("Ny överlämning")
        self.setWindowTitle(f"{title} — {pupil_name}" if pupil_name else title)
        banner = self.form.receivedBanner
        if note.received:
            when = note.created_at[:10]
            text = received_from(note)
            if when:
                text += " " + self.tr("den {date}").format(date=when)
            text += ". " + self.tr(
                "Den mottagna överlämningen kan läsas men inte ändras. Det du vill lägga till "
                "skriver du i elevens egna anteckningar och planer."
            )
            show_notice(banner, text)
            banner.setAccessibleName(received_from(note))
        else:
            banner.hide()

    def _make_read_only(self) -> None:
        form = self.form
        for widget in self._inputs():
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.setReadOnly(True)
                # An example of what to write would invite typing where nothing can be typed.
                widget.setPlaceholderText(self.tr("Inget skrivet."))
                # On the window's colour: text to read, not a field to fill in.
                palette = widget.palette()
                palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Window))
                widget.setPalette(palette)
                if isinstance(widget, QPlainTextEdit):
                    widget.viewport().setPalette(palette)
            else:  # combos and check boxes show their value, greyed, and cannot change
                widget.setEnabled(False)
        form.responsibleCombo.lineEdit().setPlaceholderText(self.tr("Inget skrivet."))
        # The chosen first-week actions as a list to read: greyed check boxes hide what is chosen.
        chosen = [
            self.tr(text) for key, text in FIRST_WEEK_CHOICES if key in self._original.choices
        ]
        form.choicesPanel.hide()
        form.choicesSummary.setText(
            "\n".join(f"• {text}" for text in chosen) or self.tr("Inget valt.")
        )
        form.choicesSummary.show()
        for action in form.meetingOnEdit.actions():  # no calendar to pick from
            action.setVisible(False)
        for field in FETCHED:
            getattr(form, f"{camel(field)}FetchButton").hide()
        self._save_button.hide()
        self._save_button.setEnabled(False)
        close = form.buttonBox.button(QDialogButtonBox.StandardButton.Cancel)
        close.setText(self.tr("Stäng"))
        close.setAccessibleName(self.tr("Stäng"))
        close.setDefault(True)

    # Reading the form -------------------------------------------------------------------------
    @property
    def note(self) -> HandoverNote:
        """The note as it was given to the dialog."""
        return self._original

    @property
    def read_only(self) -> bool:
        return self._read_only

    def record_from_form(self) -> HandoverNote:
        form = self.form
        texts = {field: self._section_edit(field).toPlainText().strip() for field, _ in SECTIONS}
        return self._original.with_changes(
            from_school=form.fromSchoolEdit.text().strip(),
            from_year=form.fromYearCombo.currentData() or "",
            to_school=form.toSchoolEdit.text().strip(),
            to_year=form.toYearCombo.currentData() or "",
            receiving_mentor=form.receivingMentorEdit.text().strip(),
            status=HandoverStatus(form.statusCombo.currentData()),
            responsible=person(form.responsibleCombo),
            first_week_choices=",".join(
                key for key, box in self._choice_boxes() if box.isChecked()
            ),
            named_adult=form.namedAdultEdit.text().strip(),
            meeting_on=self._meeting_on.iso(),
            meeting_participants=form.meetingParticipantsEdit.text().strip(),
            meeting_agreed=form.meetingAgreedEdit.toPlainText().strip(),
            **texts,
        )

    def _mark_changed(self, *_args) -> None:
        # Changed means the note would differ from what was opened: leaving a name field (whose
        # completer re-picks the same name) or typing and deleting a word is no change to lose.
        self._changed = self.record_from_form() != self._as_opened

    def store(self, record: HandoverNote) -> HandoverNote:
        return self._service.save(record)

    def save(self) -> bool:
        if self._read_only:
            return False
        return super().save()

    def _save_shortcut(self) -> None:
        if self._save_button.isVisible() and self._save_button.isEnabled():
            self._save_button.click()

    # What the case file already knows ---------------------------------------------------------
    def fetch(self, field: str) -> None:
        """Fill ``field`` from the case file: an empty field at once; text already written is
        replaced or added to only when the user says so. The fetch can be undone (Ctrl+Z)."""
        if self._read_only:
            return
        try:
            suggestion = self._service.suggestions(self._original.pupil_id).get(field, "")
        except (RecordNotFound, CaseFileError) as error:
            show_error(self, str(error))
            return
        edit = self._section_edit(field)
        note = getattr(self.form, f"{camel(field)}Note")
        current = edit.toPlainText().strip()
        if not suggestion.strip():
            self._say(note, self.tr("Akten har inget att hämta här ännu."))
            edit.setFocus()
            return
        if current == suggestion.strip():
            self._say(note, self.tr("Texten är redan den som akten ger."))
            edit.setFocus()
            return
        cursor = edit.textCursor()
        if not current:
            cursor.select(QTextCursor.SelectionType.Document)
            cursor.insertText(suggestion)
        else:
            answer = self._ask_replace()
            if answer == "replace":
                cursor.select(QTextCursor.SelectionType.Document)
                cursor.insertText(suggestion)
            elif answer == "append":
                cursor.movePosition(QTextCursor.MoveOperation.End)
                cursor.insertText("\n" + suggestion)
            else:
                edit.setFocus()
                return
        edit.setTextCursor(cursor)
        self._say(
            note,
            self.tr("Hämtat från akten. Läs igenom och ändra det som inte ska följa med."),
        )
        edit.setFocus()

    @staticmethod
    def _say(label, text: str) -> None:
        label.setText(text)
        label.show()

    def _ask_replace(self) -> str:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Hämta från akten"),
            self.tr(
                "Det finns redan text här. Vill du ersätta den med det som akten ger, eller "
                "lägga till akten under din text?"
            ),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("replaceQuestion")
        replace = box.addButton(self.tr("&Ersätt texten"), QMessageBox.ButtonRole.DestructiveRole)
        append = box.addButton(self.tr("&Lägg till under"), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(self.tr("&Behåll min text"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(append)
        box.setEscapeButton(keep)
        box.exec()
        clicked = box.clickedButton()
        return "replace" if clicked is replace else "append" if clicked is append else ""


def start_note(
    service: HandoverService,
    pupil_id: str,
    parent: QWidget,
    on_saved: Callable[[HandoverNote], None],
    pupil_name: str = "",
    people: Sequence[str] = (),
) -> HandoverNoteDialog | None:
    """A new note for the pupil, with the transition filled in; it is created when saved."""
    return _show(lambda: service.draft(pupil_id), service, parent, on_saved, pupil_name, people)


def open_note(
    service: HandoverService,
    note_id: str,
    parent: QWidget,
    on_saved: Callable[[HandoverNote], None],
    pupil_name: str = "",
    people: Sequence[str] = (),
) -> HandoverNoteDialog | None:
    """Read the note (an audited reading) and show it; a received note shows read-only."""
    return _show(lambda: service.open(note_id), service, parent, on_saved, pupil_name, people)


def _show(
    load: Callable[[], HandoverNote],
    service: HandoverService,
    parent: QWidget,
    on_saved: Callable[[HandoverNote], None],
    pupil_name: str,
    people: Sequence[str],
) -> HandoverNoteDialog | None:
    try:
        note = load()
    except (RecordNotFound, CaseFileError) as error:
        show_error(parent, str(error))
        return None
    return start_dialog(HandoverNoteDialog(service, note, parent, pupil_name, people), on_saved)
