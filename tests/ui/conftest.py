"""Fixtures of the collaboration screens' tests: the service on a real encrypted case file, a
pupil with two guardians in the register, and a social services office in the directory. A test
module that defines its own ``pupil`` keeps it."""

from __future__ import annotations

import pytest

from elevhalsa_desktop.domain.collaboration import Organisation, OrgKind
from elevhalsa_desktop.domain.pupil import Guardian, Pupil
from elevhalsa_desktop.services.collaboration import CollaborationService


@pytest.fixture
def collab(session):
    return CollaborationService(session)


@pytest.fixture
def pupil(pupils):
    guardians = (Guardian("Eva Öhman", "mamma"), Guardian("Per Öhman", "pappa"))
    return pupils.create(Pupil("Åsa", "Öhman", class_name="7B", guardians=guardians))


@pytest.fixture
def social(collab):
    return collab.save_organisation(
        Organisation(OrgKind.SOCIAL_SERVICES, "Socialtjänsten Karlskoga", "Barn och unga")
    )
