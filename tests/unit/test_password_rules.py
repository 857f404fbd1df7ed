from elevhalsa_desktop.domain import password


def test_short_or_mismatched_passwords_are_explained():
    assert "minst 10 tecken" in password.problem("kort", "kort")
    assert "inte lika" in password.problem("ett långt lösenord", "ett långt lösenorD")
    assert password.problem("ett långt lösenord", "ett långt lösenord") is None


def test_longer_passphrases_score_higher_than_short_jumbles():
    assert password.strength("abc").score == 0
    assert password.strength("aaaaaaaaaaaa").score == 1
    assert (
        password.strength("Kaffe7!gott").score
        < password.strength("häst batteri häftstift korrekt").score
    )
    assert password.strength("häst batteri häftstift korrekt").label == "Mycket starkt"
