"""Establishments, the SIECLE roster (pupils, guardians, staff), the accounts built from it, the
imports and the audit trail."""

from .audit import AuditAction, AuditEvent
from .establishments import Division, Establishment, uai_validator
from .imports import JobStatus, PrivatePdf, ProgressMixin, RosterImport
from .roster import (
    Guardian,
    GuardianLink,
    GuardianLinkQuerySet,
    Pupil,
    PupilQuerySet,
    StaffMember,
    current_pupil_q,
)
from .teaching import Subject, TeachingGroup, TeachingService, TeachingServiceQuerySet
from .users import NoticeOptOut, ReservedIdentifier, User, UserManager, new_session_stamp

__all__ = [
    "AuditAction",
    "AuditEvent",
    "Division",
    "Establishment",
    "Guardian",
    "GuardianLink",
    "GuardianLinkQuerySet",
    "NoticeOptOut",
    "JobStatus",
    "PrivatePdf",
    "ProgressMixin",
    "Pupil",
    "PupilQuerySet",
    "ReservedIdentifier",
    "RosterImport",
    "StaffMember",
    "Subject",
    "TeachingGroup",
    "TeachingService",
    "TeachingServiceQuerySet",
    "uai_validator",
    "User",
    "UserManager",
    "current_pupil_q",
    "new_session_stamp",
]
