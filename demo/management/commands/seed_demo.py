"""`manage.py seed_demo`: the Genk pilot's demo data (or another city's), idempotent, fast enough for a
million challenges."""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from demo.cities import DemoCity
from demo.seeder import EXTRA_CITY_SIZES, DemoSizes, seed

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
        "supporters, challenges), or with --city NAME that of another city. Creates only what is missing, "
        "so it is safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        pilot, extra = DemoSizes(), EXTRA_CITY_SIZES
        parser.add_argument(
            "--families",
            type=int,
            help=f"families GEN-0001 … ({pilot.families}; {extra.families} with --city)",
        )
        parser.add_argument(
            "--coaches", type=int, help=f"coach1 … coachN ({pilot.coaches}; {extra.coaches} with --city)"
        )
        parser.add_argument(
            "--supporters",
            type=int,
            help=f"supporter1 … ({pilot.supporters}; {extra.supporters} with --city)",
        )
        parser.add_argument(
            "--challenges",
            type=int,
            help=f"challenges in all ({pilot.challenges}; {extra.challenges} with --city)",
        )
        parser.add_argument("--seed", type=int, default=pilot.seed, help=f"random seed ({pilot.seed})")
        parser.add_argument(
            "--history-days",
            type=int,
            default=pilot.history_days,
            help=f"days of indicator history rebuilt up to yesterday ({pilot.history_days}; 0 for none)",
        )
        parser.add_argument(
            "--city",
            metavar="NAME",
            help=(
                "seed another city (Genk when left out): its own districts, families HAS-0001 … and "
                "people at <role>@<slug>.example.org (coordinator@hasselt.example.org, coach1@…); "
                "the other cities' rows are left alone"
            ),
        )
        parser.add_argument("--force", action="store_true", help="run even with DEBUG=False")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_demo creates accounts with a known password; it refuses to run with DEBUG=False. "
                "Pass --force if this really is a demo or test installation."
            )
        try:
            site = DemoCity.named(options["city"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        defaults = DemoSizes() if site.is_pilot else EXTRA_CITY_SIZES

        def size(name: str) -> int:
            given = options[name]
            return getattr(defaults, name) if given is None else given

        sizes = DemoSizes(
            families=size("families"),
            coaches=size("coaches"),
            supporters=size("supporters"),
            challenges=size("challenges"),
            seed=options["seed"],
            history_days=options["history_days"],
        )
        if min(sizes.families, sizes.coaches, sizes.supporters, sizes.challenges, sizes.history_days) < 0:
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
        created = seed(sizes, site=site, progress=progress)
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
