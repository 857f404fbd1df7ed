from elevhalsa_desktop.domain.text import swedish_sort_key


def test_a_ring_a_umlaut_o_umlaut_come_after_z_in_that_order():
    names = ["Öberg", "Andersson", "Åström", "Zetterlund", "Ängström", "Ek"]
    assert sorted(names, key=swedish_sort_key) == [
        "Andersson",
        "Ek",
        "Zetterlund",
        "Åström",
        "Ängström",
        "Öberg",
    ]


def test_other_accents_sort_with_their_base_letter():
    assert sorted(["Dahl", "Çelik", "Björk"], key=swedish_sort_key) == ["Björk", "Çelik", "Dahl"]
