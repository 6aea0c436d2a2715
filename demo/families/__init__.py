"""Demo families in every status, with their child, consents, checks, plan, casework and coach.

`specs` decides each family by its number alone, `matches` which coach it gets and its match rows,
`casework` what no service writes yet, and `paths` writes them through the services or as rows.
"""

from .paths import ensure_families

__all__ = ["ensure_families"]
