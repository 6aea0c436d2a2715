"""Jobs of the whole platform; each is safe to run twice."""

from celery import shared_task

from .privacy import anonymise_expired_files


@shared_task
def anonymise_expired_family_files() -> int:
    """Retention: anonymise closed family files past the retention period; erased files are skipped."""
    return anonymise_expired_files()
