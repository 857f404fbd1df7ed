"""An investigation (utredning / kartläggning): the pupil's, the guardians' and the school's view,
the causes in and outside school, strengths, and the conclusion on special support."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QWidget

from ..domain.plans import Conclusion, Investigation
from ..services.plans import PlanService
from .date_input import DateInput
from .feedback import set_secondary
from .plan_fields import fill_choices, person, set_up_people_combo
from .record_dialog import RecordDialog, fit_lines, today_iso

#: The text fields: the Investigation field and the stem of its widgets in the form.
_TEXTS = (
    ("pupil_view", "pupilView"),
    ("guardian_view", "guardianView"),
    ("school_view", "schoolView"),
    ("causes_organisational", "organisational"),
    ("causes_social", "social"),
    ("causes_pedagogical", "pedagogical"),
    ("causes_individual", "individual"),
    ("causes_home_leisure", "homeLeisure"),
    ("strengths", "strengths"),
    ("conclusion_text", "conclusionText"),
)


class InvestigationDialog(RecordDialog):
    def __init__(
        self, plans: PlanService, investigation: Investigation, parent: QWidget | None = None
    ):
        super().__init__("investigation_dialog.ui", parent)
        self.setObjectName("investigationDialog")
        self.form.scrollArea.setAccessibleName(self.tr("Utredningen"))
        self._plans = plans
        self._original = investigation
        form = self.form
        self.setWindowTitle(
            self.tr("Ny utredning") if not investigation.id else self.tr("Utredning")
        )
        for hint in (form.viewsHint, form.schoolCausesHint, form.otherCausesHint):
            set_secondary(hint)
        fill_choices(form.conclusionCombo, Conclusion, investigation.conclusion)
        self._date = DateInput(form.dateEdit)
        set_up_people_combo(
            form.responsibleCombo,
            plans.responsible_people(),
            investigation.responsible or plans.session.user.name,
        )
        self._texts = {name: getattr(form, f"{stem}Edit") for name, stem in _TEXTS}
        for name, edit in self._texts.items():
            # The three views are the heart of it and get the most room.
            fit_lines(edit, 6 if name.endswith("_view") else 4)
        self.problems.bind("investigated_on", form.dateProblem, form.dateEdit)
        for name, stem in _TEXTS:
            self.problems.bind(name, getattr(form, f"{stem}Problem"), self._texts[name])

        form.dateEdit.setText(investigation.investigated_on or today_iso())
        for name, edit in self._texts.items():
            edit.setPlainText(getattr(investigation, name))
        self.track_changes(
            form.dateEdit,
            form.responsibleCombo.lineEdit(),
            form.responsibleCombo,
            form.conclusionCombo,
            *self._texts.values(),
        )
        self.fit_to_contents(min_characters=110)
        form.pupilViewEdit.setFocus()

    def record_from_form(self) -> Investigation:
        form = self.form
        texts = {name: edit.toPlainText().strip() for name, edit in self._texts.items()}
        return replace(
            self._original,
            investigated_on=self._date.iso(),
            responsible=person(form.responsibleCombo),
            conclusion=Conclusion(form.conclusionCombo.currentData()),
            **texts,
        )

    def store(self, record: Investigation) -> Investigation:
        return self._plans.save_investigation(record)
