from django.core.management.base import BaseCommand, CommandError

from coaching.athlete import AthleteProfile, needs_met
from coaching.day import TRAINING_WEEKDAYS
from coaching.generator import WodGenerator
from coaching.season import SEASON_START, season_generate, season_text
from coaching.vocabulary import BODYWEIGHT, Goal, Level
from exercises.selectors import equipment_list
from wods.selectors import wod_catalogue

MAX_DAYS = 365
SESSION_MINUTES = (20, 120)


class Command(BaseCommand):
    help = (
        "Print a season of daily sessions for an athlete as they would read it, from Monday "
        f"{SEASON_START:%d %B %Y}: each day's date, intensity and length, and every part (warm-up, "
        "strength or skill, the metcon with its expected time, cool-down; a rest day's recovery), "
        "each session fed back as history to the next, from the active catalogue."
    )

    def add_arguments(self, parser):
        parser.add_argument("--goal", required=True, choices=[goal.value for goal in Goal])
        parser.add_argument("--level", required=True, choices=[level.value for level in Level])
        parser.add_argument(
            "--equipment",
            default="",
            help="Comma-separated equipment slugs the athlete owns (bodyweight always counts).",
        )
        parser.add_argument("--days", type=int, default=30, help=f"1 to {MAX_DAYS} (30).")
        parser.add_argument("--seed", type=int, default=0, help="Another seed, another season.")
        parser.add_argument(
            "--days-per-week",
            type=int,
            default=5,
            help=f"Training days a week, {min(TRAINING_WEEKDAYS)} to {max(TRAINING_WEEKDAYS)} (5).",
        )
        parser.add_argument(
            "--minutes",
            type=int,
            default=60,
            help=f"Session length, {SESSION_MINUTES[0]} to {SESSION_MINUTES[1]} minutes (60).",
        )
        parser.add_argument("--no-wall", action="store_true", help="The athlete has no wall.")
        parser.add_argument(
            "--no-open-space", action="store_true", help="No room to run, shuttle or jump rope."
        )

    def handle(self, *args, goal, level, equipment, days, seed, days_per_week, minutes, **options):
        if not 1 <= days <= MAX_DAYS:
            raise CommandError(f"--days must be between 1 and {MAX_DAYS}")
        if days_per_week not in TRAINING_WEEKDAYS:
            raise CommandError(
                f"--days-per-week must be between {min(TRAINING_WEEKDAYS)} and "
                f"{max(TRAINING_WEEKDAYS)}"
            )
        if not SESSION_MINUTES[0] <= minutes <= SESSION_MINUTES[1]:
            raise CommandError(
                f"--minutes must be between {SESSION_MINUTES[0]} and {SESSION_MINUTES[1]}"
            )
        owned = frozenset(slug.strip() for slug in equipment.split(",") if slug.strip())
        known = set(equipment_list().values_list("slug", flat=True)) | {BODYWEIGHT}
        if unknown := sorted(owned - known):
            raise CommandError(f"Unknown equipment: {', '.join(unknown)} (known: {sorted(known)})")
        profile = AthleteProfile(
            goal=goal,
            level=level,
            equipment=owned - {BODYWEIGHT},
            session_minutes=minutes,
            training_days_per_week=days_per_week,
            space=needs_met(
                has_wall=not options["no_wall"], has_open_space=not options["no_open_space"]
            ),
        )
        try:
            wods = season_generate(
                generator=WodGenerator(wod_catalogue()), profile=profile, days=days, seed=seed
            )
        except ValueError as error:
            raise CommandError(f"No season for this athlete: {error}") from error
        owned_text = ", ".join(sorted(profile.equipment)) or "bodyweight only"
        article = "an" if level in (Level.INTERMEDIATE, Level.ADVANCED) else "a"
        space = [
            lacking
            for lacking, flag in (("no wall", "no_wall"), ("no open space", "no_open_space"))
            if options[flag]
        ]
        self.stdout.write(
            f"{days} days for {article} {Level(level).label.lower()} athlete, goal "
            f"{Goal(goal).label.lower()}, equipment: {owned_text}; {days_per_week} training days "
            f"a week, {minutes}-minute sessions{''.join(f', {s}' for s in space)} (seed {seed})\n"
        )
        self.stdout.write(season_text(wods, start=SEASON_START))
