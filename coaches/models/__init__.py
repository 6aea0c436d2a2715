"""Coaches: screening, training, matches with families, contact logs and questions to the think tank."""

from .coaches import EXTRACT_VALID_DAYS, Attendance, Coach, SupportRequest, TrainingSession
from .matches import BatchRun, ContactLog, Match, MatchingWishes, ProposalLink, Reminder, WaitingFamily

__all__ = [
    "EXTRACT_VALID_DAYS",
    "Attendance",
    "BatchRun",
    "Coach",
    "ContactLog",
    "Match",
    "MatchingWishes",
    "ProposalLink",
    "Reminder",
    "SupportRequest",
    "TrainingSession",
    "WaitingFamily",
]
