"""The users of a case file and their roles in the student-health team."""

from __future__ import annotations

from enum import StrEnum

USER_NAME_MAX = 80
SCHOOL_NAME_MAX = 120


class Role(StrEnum):
    COORDINATOR = "coordinator"
    HEAD_TEACHER = "head_teacher"
    DEPUTY_HEAD = "deputy_head"
    SPECIAL_NEEDS_TEACHER = "special_needs_teacher"
    COUNSELLOR = "counsellor"
    PSYCHOLOGIST = "psychologist"
    CAREERS_COUNSELLOR = "careers_counsellor"
    MENTOR = "mentor"
    OTHER = "other"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.COORDINATOR: "Elevhälsosamordnare",
    Role.HEAD_TEACHER: "Rektor",
    Role.DEPUTY_HEAD: "Biträdande rektor",
    Role.SPECIAL_NEEDS_TEACHER: "Specialpedagog",
    Role.COUNSELLOR: "Kurator",
    Role.PSYCHOLOGIST: "Skolpsykolog",
    Role.CAREERS_COUNSELLOR: "Studie- och yrkesvägledare",
    Role.MENTOR: "Mentor",
    Role.OTHER: "Annan roll",
}
