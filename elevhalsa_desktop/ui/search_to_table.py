"""A search field that leads to the list it filters: Down or Enter in the field moves to the
list, on its current row (the first one when none is), so a search ends on the row to open.

Plans and Återgång work this way; PlansArea still has its own copy of the same few lines and
can use this too.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLineEdit

from .record_table import KEY_ROLE, RecordTable


class SearchToTable(QObject):
    def __init__(self, search: QLineEdit, table: RecordTable):
        super().__init__(search)
        self._search = search
        self._table = table
        search.returnPressed.connect(self.go_to_table)
        search.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self._search
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
            and self._table.row_count()
        ):
            self.go_to_table()
            return True
        return super().eventFilter(watched, event)

    def go_to_table(self) -> None:
        table = self._table
        if table.row_count() == 0:
            return
        if table.current() is None:
            table.select(table.proxy.index(0, 0).data(KEY_ROLE))
        table.view.setFocus(Qt.FocusReason.OtherFocusReason)
