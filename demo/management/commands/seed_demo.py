"""`manage.py seed_demo`: the Genk pilot's demo data, idempotent, fast enough for a million challenges."""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from demo.seeder import DemoSizes, seed

PROGRESS_FROM = 5000  # rows; smaller runs finish before a progress bar would tell anything


class _RawStream:
    """tqdm redraws with carriage returns; Django's OutputWrapper would add a newline to each write
    and colour stderr as an error."""

    def __init__(self, wrapper) -> None:
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, style_func=_plain, ending="")

    def flush(self) -> None:
        self.wrapper.flush()


def _plain(text: str) -> str:
    return text


class Command(BaseCommand):
    help = (
        "Create the demo data of the Genk pilot (demo accounts with the DEMO_PASSWORD, families, coaches, "
        "supporters, challenges). Creates only what is missing, so it is safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        defaults = DemoSizes()
        parser.add_argument(
            "--families", type=int, default=defaults.families, help="families GEN-0001 … (20)"
        )
        parser.add_argument("--coaches", type=int, default=defaults.coaches, help="coach1 … coachN (25)")
        parser.add_argument("--supporters", type=int, default=defaults.supporters, help="supporter1 … (200)")
        parser.add_argument(
            "--challenges", type=int, default=defaults.challenges, help="challenges in all (300)"
        )
        parser.add_argument("--seed", type=int, default=defaults.seed, help="random seed (1)")
        parser.add_argument("--force", action="store_true", help="run even with DEBUG=False")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_demo creates accounts with a known password; it refuses to run with DEBUG=False. "
                "Pass --force if this really is a demo or test installation."
            )
        sizes = DemoSizes(
            families=options["families"],
            coaches=options["coaches"],
            supporters=options["supporters"],
            challenges=options["challenges"],
            seed=options["seed"],
        )
        if min(sizes.families, sizes.coaches, sizes.supporters, sizes.challenges) < 0:
            raise CommandError("Sizes cannot be negative.")
        interactive = self.stderr.isatty() and options["verbosity"] > 0

        def progress(total: int, description: str):
            return tqdm(
                total=total,
                desc=description,
                unit=" rows",
                file=_RawStream(self.stderr),
                disable=not interactive or total < PROGRESS_FROM,
                leave=False,
            )

        started = time.monotonic()
        created = seed(sizes, progress=progress)
        elapsed = time.monotonic() - started
        if options["verbosity"] == 0:
            return
        if not created:
            self.stdout.write(f"Nothing to create: the demo data is complete ({elapsed:.1f} s).")
            return
        self.stdout.write(f"Created in {elapsed:.1f} s:")
        for label, count in sorted(created.items()):
            self.stdout.write(f"  {label:<36} {count:>10,}")
        # the password itself stays out of the output, which may end up in logs
        self.stdout.write("Demo accounts sign in with the password in DEMO_PASSWORD (see the README).")
