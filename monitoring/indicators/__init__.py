"""The steering group's indicators: one registry of definitions, and the aggregate queries that measure them.

`REGISTRY` (in `registry`) says what each indicator means (label, definition, numerator, denominator,
period, target). `measure(city=…, day=…)` (in `measuring`) computes every indicator for the city and each
of its districts as they stood at the end of `day`, in a fixed number of grouped queries whatever the size
of the data.
"""

from .measuring import measure
from .registry import (
    CLAIM_BUCKETS,
    COUNT,
    GROUPS,
    HOURS,
    RATE,
    REGISTRY,
    REGISTRY_LIST,
    RETENTION_MONTHS,
    SUM,
    SURVIVAL_KINDS,
    SURVIVAL_MONTHS,
    Indicator,
    Measure,
    Target,
)

__all__ = [
    "CLAIM_BUCKETS",
    "COUNT",
    "GROUPS",
    "HOURS",
    "RATE",
    "REGISTRY",
    "REGISTRY_LIST",
    "RETENTION_MONTHS",
    "SUM",
    "SURVIVAL_KINDS",
    "SURVIVAL_MONTHS",
    "Indicator",
    "Measure",
    "Target",
    "measure",
]
