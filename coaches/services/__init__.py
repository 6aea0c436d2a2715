"""Every write about coaches, one module per seam; `from coaches.services import X` works for all of them."""

from .batches import batch_run_apply, batch_run_execute, batch_run_start
from .errors import CoachError
from .matches import (
    contact_log_record,
    match_activate,
    match_choose,
    match_close,
    match_decline,
    match_notify_chosen_coach,
    match_propose,
    match_record_choice,
    match_validate_proposal,
    support_request_answer,
    support_request_ask,
)
from .proposals import (
    PROPOSAL_LINK_DAYS,
    PROPOSAL_LINK_SALT,
    match_propose_shortlist,
    proposal_link_choose,
    proposal_link_create,
    proposal_link_resolve,
)
from .reminders import (
    NO_CONTACT_DAYS,
    SCREENING_WARN_DAYS,
    coordinator_digest_lines,
    coordinator_digests_send,
    reminders_send_no_contact,
    reminders_send_screening_lapse,
)
from .screening import (
    attendance_record,
    coach_apply,
    coach_approve_screening,
    coach_is_ready,
    coach_record_screening,
    coach_reject_screening,
)

__all__ = [
    "NO_CONTACT_DAYS",
    "PROPOSAL_LINK_DAYS",
    "PROPOSAL_LINK_SALT",
    "SCREENING_WARN_DAYS",
    "CoachError",
    "attendance_record",
    "batch_run_apply",
    "batch_run_execute",
    "batch_run_start",
    "coach_apply",
    "coach_approve_screening",
    "coach_is_ready",
    "coach_record_screening",
    "coach_reject_screening",
    "contact_log_record",
    "coordinator_digest_lines",
    "coordinator_digests_send",
    "match_activate",
    "match_choose",
    "match_close",
    "match_decline",
    "match_notify_chosen_coach",
    "match_propose",
    "match_propose_shortlist",
    "match_record_choice",
    "match_validate_proposal",
    "proposal_link_choose",
    "proposal_link_create",
    "proposal_link_resolve",
    "reminders_send_no_contact",
    "reminders_send_screening_lapse",
    "support_request_answer",
    "support_request_ask",
]
