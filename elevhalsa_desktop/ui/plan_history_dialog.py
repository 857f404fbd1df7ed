"""Every saved version of a plan: when, by whom, what changed, and the version itself.

A plan is never overwritten (the service keeps each save whole), so the coordinator can show
what the plan said at a meeting months ago, and what was changed since. The chosen version is
shown as read-only text with the fields that changed in it marked, in words as well as colour.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from ..domain.plans import (
    PLAN_FIELD_LABELS,
    InterventionStatus,
    Level,
    Plan,
    PlanKind,
    PlanStatus,
)
from ..services.plans import PlanService, Revision
from .audit_log_model import readable_time
from .forms import load_form
from .labels import plan_field_label, plan_label
from .record_table import Column, RecordTable

#: A previous value longer than this is cut short in the "before" line.
_BEFORE_CHARACTERS = 300
#: The marked background of a changed field (light, with dark text: a contrast above 10:1).
_CHANGED_BACKGROUND = "#fff4d6"


def _tr(text: str) -> str:
    return QCoreApplication.translate("PlanHistoryDialog", text)


def changes_text(revision: Revision) -> str:
    if revision.number == 1:
        return _tr("Planen skapades")
    return ", ".join(plan_field_label(name) for name in revision.changed) or "—"


def _columns() -> list[Column]:
    return [
        Column(_tr("Version"), lambda r: str(r.number), sort_key=lambda r: f"{r.number:06d}"),
        Column(_tr("Sparad"), lambda r: readable_time(r.saved_at)),
        Column(_tr("Av"), lambda r: r.saved_by),
        Column(_tr("Ändrat"), changes_text),
    ]


def _enum_text(enum: type, value: str) -> str:
    try:
        return plan_label(enum(value))
    except ValueError:
        return value


def _value_text(name: str, snapshot: dict) -> str:
    """A field of a stored version as the reader should see it (enums in words)."""
    value = snapshot.get(name, "")
    if name == "kind":
        return _enum_text(PlanKind, value)
    if name == "status":
        return _enum_text(PlanStatus, value)
    if name == "interventions":
        return "\n".join(_intervention_text(item) for item in value or [])
    return str(value or "")


def _intervention_text(item: dict) -> str:
    parts = [_enum_text(Level, item.get("level", ""))]
    if item.get("responsible"):
        parts.append(_tr("ansvarig {name}").format(name=item["responsible"]))
    period = " – ".join(d for d in (item.get("start", ""), item.get("end", "")) if d)
    if period:
        parts.append(period)
    if item.get("frequency"):
        parts.append(item["frequency"])
    status = _enum_text(InterventionStatus, item.get("status", ""))
    if item.get("discontinued_reason"):
        status = f"{status}: {item['discontinued_reason']}"
    parts.append(status)
    return f"{item.get('what', '')} ({', '.join(parts)})"


def _field(title: str, text: str, extra: str = "") -> str:
    """A field's name in bold above its text; an empty field says so."""
    body = (
        "<br>".join(html.escape(line) for line in text.splitlines())
        if text.strip()
        else f"<i>{html.escape(_tr('(tomt)'))}</i>"
    )
    return f"<p style='margin:0.6em 0 0 0'><b>{title}</b><br>{body}{extra}</p>"


def version_html(revision: Revision, previous: Revision | None) -> str:
    """The version as a read-only page. Every field is shown; changed ones are marked in words
    ("Ändrat i den här versionen") and with a background, and say what they were before."""
    changed = set(revision.changed) if previous is not None else set()
    header = _tr("Version {n}, sparad {when} av {who}").format(
        n=revision.number, when=readable_time(revision.saved_at), who=revision.saved_by
    )
    parts = [f"<p style='font-size:large'><b>{html.escape(header)}</b></p>"]
    if changed:
        names = ", ".join(plan_field_label(n) for n in PLAN_FIELD_LABELS if n in changed)
        parts.append(f"<p>{html.escape(_tr('Ändrat: {fields}').format(fields=names))}</p>")
    for name in PLAN_FIELD_LABELS:
        text = _value_text(name, revision.plan)
        title = html.escape(plan_field_label(name))
        if name not in changed:
            parts.append(_field(title, text))
            continue
        mark = html.escape(_tr("Ändrat i den här versionen"))
        before = _value_text(name, previous.plan) if previous else ""
        if len(before) > _BEFORE_CHARACTERS:
            before = before[:_BEFORE_CHARACTERS].rstrip() + "…"
        before_line = html.escape(_tr("Före: {text}").format(text=before or _tr("(tomt)")))
        parts.append(
            f"<table width='100%' cellpadding='4' style='margin-top:0.5em;"
            f" background:{_CHANGED_BACKGROUND}; color:#1f2a30'><tr><td>"
            f"{_field(f'{title} · {mark}', text, f'<br><i>{before_line}</i>')}</td></tr></table>"
        )
    return "".join(parts)


class PlanHistoryDialog(QDialog):
    def __init__(self, plans: PlanService, plan: Plan, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("planHistoryDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(
            self.tr("Versioner av {plan}").format(plan=plan.title or plan_label(plan.kind))
        )
        form = self.form = load_form("plan_history_dialog.ui", self)
        self._revisions = plans.revisions(plan.id)
        self._table = RecordTable(form.versionsTable, _columns(), key=lambda r: str(r.number))
        self._table.set_records(self._revisions)
        self._table.current_changed.connect(self._show_current)
        form.versionView.setOpenLinks(False)
        close = form.buttonBox.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Stäng"))
        close.setAccessibleName(self.tr("Stäng"))
        form.buttonBox.rejected.connect(self.reject)
        if self._revisions:
            # The newest version first in view: usually the one the user wants to compare.
            self._table.select(str(self._revisions[-1].number))
        self._show_current()
        # The list above the page, both as wide as a readable line, in the dialog's font (so the
        # size follows the scale factor); on a small screen the page scrolls.
        char = self.fontMetrics().averageCharWidth()
        wanted = QSize(char * 110, self.fontMetrics().lineSpacing() * 44)
        self.resize(wanted.boundedTo(self.screen().availableGeometry().size() * 0.9))
        form.splitter.setSizes([self.height() // 4, self.height() * 3 // 4])
        form.versionsTable.setFocus()

    def current(self) -> Revision | None:
        return self._table.current()

    def _show_current(self) -> None:
        revision = self.current()
        if revision is None:
            self.form.versionView.setPlainText(self.tr("Planen har inga sparade versioner."))
            return
        index = self._revisions.index(revision)
        previous = self._revisions[index - 1] if index > 0 else None
        self.form.versionView.setHtml(version_html(revision, previous))
