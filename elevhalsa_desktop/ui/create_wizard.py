"""The wizard that creates a new, encrypted case file: school and user, password, place.

Nothing touches the disk before Finish; then ``services.session.create_case`` validates again and
writes the file. A refusal (a name that is taken, a read-only folder, a full disk) is shown on the
page it concerns and the wizard stays open, so the user can correct it without retyping anything.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget, QWizard, QWizardPage

from .. import config
from ..domain.people import SCHOOL_NAME_MAX, USER_NAME_MAX, Role
from ..domain.pupil import ValidationError
from ..services.deployment_defaults import apply_defaults, read_defaults
from ..services.session import CaseSession, create_case
from ..store.casefile import SUFFIX
from ..store.errors import CaseFileError
from .feedback import (
    busy_cursor,
    clear_problem,
    prepare_problem_label,
    scaled_font,
    show_problem,
)
from .file_choosers import choose_new_case_path
from .forms import load_form
from .labels import role_label
from .new_password_fields import NewPasswordFields

# Characters that Windows, macOS or Linux refuse in a file name.
_UNSAFE_IN_FILE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
_FILE_STEM_MAX = 80


def suggested_path(school_name: str, folder: Path) -> Path:
    """A free file name from the school's name (never from anything about a pupil)."""
    stem = _UNSAFE_IN_FILE_NAME.sub("", " ".join(school_name.split()))
    stem = stem[:_FILE_STEM_MAX].strip(" .") or QCoreApplication.translate(
        "create_wizard", "Elevhälsoakt"
    )
    candidate = folder / f"{stem}{SUFFIX}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem} {number}{SUFFIX}"
        number += 1
    return candidate


class IdentityPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Skola och användare"))
        self.setSubTitle(self.tr("Akten gäller en skola. Skriv vilken skola det är och vem du är."))
        self.form = load_form("create_wizard_identity.ui", self)
        f = self.form
        f.schoolEdit.setMaxLength(SCHOOL_NAME_MAX)
        f.userNameEdit.setMaxLength(USER_NAME_MAX)
        for role in Role:
            f.roleCombo.addItem(role_label(role), role.value)
        f.roleCombo.setCurrentIndex(f.roleCombo.findData(Role.COORDINATOR.value))
        # The school's name as the IT department preset it for new case files, if it did.
        f.schoolEdit.setText(read_defaults().school_name)
        for label in (f.schoolProblem, f.userNameProblem):
            prepare_problem_label(label)
        f.schoolEdit.textChanged.connect(lambda: self._edited(f.schoolProblem, f.schoolEdit))
        f.userNameEdit.textChanged.connect(lambda: self._edited(f.userNameProblem, f.userNameEdit))

    def school_name(self) -> str:
        return " ".join(self.form.schoolEdit.text().split())

    def user_name(self) -> str:
        return " ".join(self.form.userNameEdit.text().split())

    def role(self) -> Role:
        return Role(self.form.roleCombo.currentData())

    def isComplete(self) -> bool:
        return bool(self.school_name() and self.user_name())

    def show_problems(self, problems: dict[str, str]) -> bool:
        f = self.form
        shown = False
        for key, label, field in (
            ("school_name", f.schoolProblem, f.schoolEdit),
            ("user_name", f.userNameProblem, f.userNameEdit),
        ):
            if key in problems:
                show_problem(label, problems[key], field)
                shown = True
        return shown

    def _edited(self, label, field) -> None:
        clear_problem(label, field)
        self.completeChanged.emit()


class PasswordPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Lösenord"))
        self.setSubTitle(
            self.tr(
                "Akten krypteras med ett lösenord på minst 10 tecken. "
                "En mening av några ord är både stark och lätt att minnas."
            )
        )
        self.form = load_form("create_wizard_password.ui", self)
        f = self.form
        prepare_problem_label(f.passwordProblem)
        f.warningTitle.setFont(scaled_font(f.warningTitle, 1.0, bold=True))
        self.fields = NewPasswordFields(
            f.passwordEdit,
            f.repeatEdit,
            f.showCheck,
            f.strengthBar,
            f.strengthLabel,
            f.matchLabel,
            parent=self,
        )
        self.fields.changed.connect(self._edited)

    def isComplete(self) -> bool:
        return self.fields.is_valid()

    def show_problems(self, problems: dict[str, str]) -> bool:
        if "password" not in problems:
            return False
        show_problem(self.form.passwordProblem, problems["password"], self.form.passwordEdit)
        return True

    def _edited(self) -> None:
        clear_problem(self.form.passwordProblem, self.form.passwordEdit)
        self.completeChanged.emit()


class LocationPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Var ska akten sparas?"))
        self.setSubTitle(self.tr("Välj mapp och filnamn för den nya akten."))
        self.form = load_form("create_wizard_location.ui", self)
        f = self.form
        prepare_problem_label(f.pathProblem)
        self._suggested = ""
        f.pathEdit.textChanged.connect(self._edited)
        f.browseButton.clicked.connect(self._browse)

    def initializePage(self) -> None:
        # Follow the school's name until the user has chosen a place of her own.
        edit = self.form.pathEdit
        if edit.text() in ("", self._suggested):
            school = self.wizard().identity_page.school_name()
            self._suggested = str(suggested_path(school, config.default_case_dir()))
            edit.setText(self._suggested)
        edit.setFocus()

    def path(self) -> Path:
        path = Path(self.form.pathEdit.text().strip()).expanduser()
        return path if path.is_absolute() else config.default_case_dir() / path

    def isComplete(self) -> bool:
        return bool(self.form.pathEdit.text().strip())

    def validatePage(self) -> bool:
        if self.path().is_dir():
            self.show_problem(
                self.tr("Det är en mapp. Skriv också ett filnamn, till exempel {name}.").format(
                    name=suggested_path(self.wizard().identity_page.school_name(), Path()).name
                )
            )
            return False
        return self.wizard().create()

    def show_problem(self, sentence: str) -> None:
        show_problem(self.form.pathProblem, sentence, self.form.pathEdit)
        self.form.pathEdit.setFocus()

    def _edited(self) -> None:
        clear_problem(self.form.pathProblem, self.form.pathEdit)
        self.completeChanged.emit()

    def _browse(self) -> None:
        chosen = choose_new_case_path(self, self.path())
        if chosen is not None:
            self.form.pathEdit.setText(str(chosen))


class CreateCaseWizard(QWizard):
    """After ``accept()``, ``session`` is the open session of the new case file."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.session: CaseSession | None = None
        self.setWindowTitle(self.tr("Skapa ny akt"))
        if self.wizardStyle() == QWizard.WizardStyle.ClassicStyle:
            # The classic style has no room for the subtitles that explain each page.
            self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self._name_buttons()
        self.identity_page = IdentityPage(self)
        self.password_page = PasswordPage(self)
        self.location_page = LocationPage(self)
        for page in (self.identity_page, self.password_page, self.location_page):
            self.addPage(page)
        self.resize(660, 500)

    def _name_buttons(self) -> None:
        B = QWizard.WizardButton
        for which, text, name in (
            (B.BackButton, self.tr("< &Tillbaka"), self.tr("Tillbaka")),
            (B.NextButton, self.tr("&Nästa >"), self.tr("Nästa")),
            (B.FinishButton, self.tr("&Skapa akten"), self.tr("Skapa akten")),
            (B.CancelButton, self.tr("Avbryt"), self.tr("Avbryt")),
        ):
            self.setButtonText(which, text)
            self.button(which).setAccessibleName(name)

    def create(self) -> bool:
        """Write the case file; on a refusal show why on the page concerned and stay open."""
        identity, passwords = self.identity_page, self.password_page.fields
        try:
            with busy_cursor():
                session = create_case(
                    self.location_page.path(),
                    passwords.password(),
                    passwords.repeated(),
                    school_name=identity.school_name(),
                    user_name=identity.user_name(),
                    role=identity.role(),
                )
        except ValidationError as error:
            self._show_problems(error.problems)
            return False
        except CaseFileError as error:
            self.location_page.show_problem(str(error))
            return False
        self.session = session
        skipped = apply_defaults(session, read_defaults())
        if skipped:  # IT's preset file has a mistake: the file is made, say what was left out
            QMessageBox.information(
                self,
                self.tr("Standardinställningar"),
                self.tr("Några av IT-avdelningens standardinställningar användes inte:")
                + "\n\n"
                + "\n".join(skipped)
                + "\n\n"
                + self.tr("Du kan ställa in dem själv under Inställningar."),
            )
        return True

    def _show_problems(self, problems: dict[str, str]) -> None:
        pages = (self.identity_page, self.password_page)
        concerned = [page for page in pages if page.show_problems(problems)]
        if not concerned:  # a rule we have no field for: still say it, on this page
            self.location_page.show_problem(" ".join(problems.values()))
            return
        while self.currentPage() is not concerned[0]:
            self.back()
