"""Rules and a strength hint for the case-file password."""

from __future__ import annotations

from dataclasses import dataclass

MIN_LENGTH = 10


@dataclass(frozen=True)
class Strength:
    score: int  # 0 (unusable) .. 4 (strong)
    label: str
    hint: str


def problem(password: str, repeated: str) -> str | None:
    """A Swedish sentence saying what is wrong with the chosen password, or None."""
    if len(password) < MIN_LENGTH:
        return f"Lösenordet måste ha minst {MIN_LENGTH} tecken (nu {len(password)})."
    if password != repeated:
        return "Lösenorden är inte lika. Skriv samma lösenord i båda fälten."
    return None


def strength(password: str) -> Strength:
    """A rough, explainable estimate: length matters most, then variety of characters.

    A passphrase of four ordinary words beats a short jumble, and the hint says so.
    """
    if len(password) < MIN_LENGTH:
        return Strength(
            0, "För kort", f"Minst {MIN_LENGTH} tecken. En mening av några ord är lätt att minnas."
        )
    classes = sum(
        (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )
    distinct = len(set(password))
    score = 1
    if len(password) >= 14 or (len(password) >= 12 and classes >= 3):
        score = 2
    if len(password) >= 18 or (len(password) >= 14 and classes >= 3):
        score = 3
    if len(password) >= 24 and classes >= 2:
        score = 4
    if distinct <= 3:
        score = 1
    labels = {1: "Svagt", 2: "Godkänt", 3: "Starkt", 4: "Mycket starkt"}
    hints = {
        1: "Längre är bättre: lägg till ett par ord.",
        2: "Bra. Ännu några tecken eller ord gör det starkare.",
        3: "Starkt lösenord.",
        4: "Mycket starkt lösenord.",
    }
    return Strength(score, labels[score], hints[score])
