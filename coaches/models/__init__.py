"""Coaches: screening, training, matches with families, contact logs and questions to the think tank."""

from .coaches import (
    EXTRACT_VALID_DAYS,
    TRANSLATED_INTRODUCTIONS,
    Attendance,
    Coach,
    SupportRequest,
    TrainingSession,
)
from .matches import (
    COACH_KINDS,
    COORDINATOR_KINDS,
    BatchRun,
    ContactLog,
    HealthCheckIn,
    Match,
    MatchingWishes,
    ProposalLink,
    Reminder,
    WaitingFamily,
)

__all__ = [
    "COACH_KINDS",
    "COORDINATOR_KINDS",
    "EXTRACT_VALID_DAYS",
    "TRANSLATED_INTRODUCTIONS",
    "Attendance",
    "BatchRun",
    "Coach",
    "ContactLog",
    "HealthCheckIn",
    "Match",
    "MatchingWishes",
    "ProposalLink",
    "Reminder",
    "SupportRequest",
    "TrainingSession",
    "WaitingFamily",
]
