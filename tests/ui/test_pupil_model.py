"""The pupil list's model and filter proxy, over pupils stored in a real case file."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from elevhalsa_desktop.domain.pupil import Pupil, PupilStatus
from elevhalsa_desktop.ui.pupil_table_model import (
    ID_ROLE,
    Column,
    PupilFilterProxy,
    PupilTableModel,
)
from tests.ui.register import civic_no

ANNA_CIVIC = civic_no("120314", "123")


@pytest.fixture
def register(qtbot, pupils):
    """Five pupils in a case file, and the list model and proxy over them."""
    stored = {}
    for key, pupil in {
        "anna": Pupil("Anna", "Zetterberg", ANNA_CIVIC, "7", "7B"),
        "anna_8": Pupil("Anna", "Åberg", year="8", class_name="8A"),
        "erik": Pupil("Erik", "Ärlig", civic_no("110602", "456"), "7", "7A"),
        "olle": Pupil("Olle", "Öberg", year="9", class_name="9B", status=PupilStatus.MOVED),
        "sara": Pupil("Sara", "Andersson", year="7", class_name="7B", status=PupilStatus.ARCHIVED),
    }.items():
        stored[key] = pupils.create(pupil).id
    model = PupilTableModel()
    model.set_rows(pupils.rows())
    proxy = PupilFilterProxy()
    proxy.setSourceModel(model)
    return model, proxy, stored


def shown(proxy: PupilFilterProxy) -> set[str]:
    return {proxy.index(row, 0).data(ID_ROLE) for row in range(proxy.rowCount())}


def names(proxy: PupilFilterProxy) -> list[str]:
    return [
        proxy.index(row, Column.FAMILY_NAME).data(Qt.ItemDataRole.DisplayRole)
        for row in range(proxy.rowCount())
    ]


ALL = frozenset(PupilStatus)


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        # Archived pupils are kept for the record but hidden until asked for.
        ({}, {"anna", "anna_8", "erik", "olle"}),
        ({"statuses": frozenset({PupilStatus.ARCHIVED})}, {"sara"}),
        ({"statuses": ALL}, {"anna", "anna_8", "erik", "olle", "sara"}),
        # Names, whatever the case, and classes.
        ({"text": "ANNA"}, {"anna", "anna_8"}),
        ({"text": "åb"}, {"anna_8"}),
        ({"text": "7b"}, {"anna"}),  # Sara in 7B is archived
        ({"text": "7b", "statuses": ALL}, {"anna", "sara"}),
        # Every word must match, each anywhere.
        ({"text": "anna 7b"}, {"anna"}),
        ({"text": "7B   Anna"}, {"anna"}),
        ({"text": "anna 9b"}, set()),
        # Year, class and text together.
        ({"year": "7"}, {"anna", "erik"}),
        ({"year": "7", "class_name": "7A"}, {"erik"}),
        ({"year": "7", "text": "zetter"}, {"anna"}),
        ({"class_name": "9B", "statuses": frozenset({PupilStatus.ACTIVE})}, set()),
    ],
)
def test_filters(register, criteria, expected):
    _model, proxy, ids = register
    proxy.set_text(criteria.get("text", ""))
    proxy.set_year(criteria.get("year"))
    proxy.set_class_name(criteria.get("class_name"))
    if "statuses" in criteria:
        proxy.set_statuses(criteria["statuses"])
    assert shown(proxy) == {ids[key] for key in expected}


@pytest.mark.parametrize(
    "typed", ["20120314", "201203", "120314", ANNA_CIVIC, ANNA_CIVIC.replace("-", "")]
)
def test_civic_number_digits_match_although_the_list_shows_it_masked(register, typed):
    _model, proxy, ids = register
    proxy.set_text(typed)
    assert shown(proxy) == {ids["anna"]}
    shown_number = proxy.index(0, Column.CIVIC_NO).data(Qt.ItemDataRole.DisplayRole)
    assert shown_number == "20120314-****"


def test_the_hidden_last_digits_alone_find_nobody(register):
    """Typing the masked part must not reveal whose number it is."""
    _model, proxy, _ids = register
    proxy.set_text(ANNA_CIVIC[-4:])
    assert shown(proxy) == set()
    proxy.set_text(ANNA_CIVIC[4:])  # month, day and the hidden digits, without the year
    assert shown(proxy) == set()


def test_swedish_order_puts_a_ring_a_umlaut_and_o_umlaut_after_z(register):
    _model, proxy, _ids = register
    proxy.set_statuses(frozenset(PupilStatus))
    proxy.sort(Column.FAMILY_NAME, Qt.SortOrder.AscendingOrder)
    assert names(proxy) == ["Andersson", "Zetterberg", "Åberg", "Ärlig", "Öberg"]
    proxy.sort(Column.FAMILY_NAME, Qt.SortOrder.DescendingOrder)
    assert names(proxy) == ["Öberg", "Ärlig", "Åberg", "Zetterberg", "Andersson"]


def test_sorting_by_class_is_natural_and_keeps_the_filter(register, pupils):
    model, proxy, _ids = register
    pupils.create(Pupil("Bo", "Berg", year="9", class_name="10A"))
    model.set_rows(pupils.rows())
    proxy.set_text("a")  # not Bo Berg's name, only his class
    proxy.sort(Column.CLASS_NAME, Qt.SortOrder.AscendingOrder)
    classes = [proxy.index(r, Column.CLASS_NAME).data() for r in range(proxy.rowCount())]
    assert classes == ["7A", "7B", "8A", "10A"]


def test_protected_identity_is_marked_with_an_icon_and_a_tooltip(qtbot, pupils):
    pupils.create(Pupil("Lo", "Skydd", protected_identity=True))
    model = PupilTableModel()
    model.set_rows(pupils.rows())
    index = model.index(0, Column.FAMILY_NAME)
    assert not index.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert index.data(Qt.ItemDataRole.ToolTipRole) == "Skyddad folkbokföring"
    assert model.index(0, Column.GIVEN_NAME).data(Qt.ItemDataRole.ToolTipRole) is None


def test_replacing_the_rows_refilters_with_the_same_criteria(register, pupils):
    model, proxy, _ids = register
    proxy.set_text("anna")
    assert proxy.rowCount() == 2
    pupils.create(Pupil("Anna", "Nyström"))
    model.set_rows(pupils.rows())
    assert proxy.rowCount() == 3
