from django.core.management.base import BaseCommand, CommandError

from coaching.athlete import AthleteProfile
from coaching.generator import WodGenerator
from coaching.season import season_generate, season_text
from coaching.vocabulary import BODYWEIGHT, Goal, Level
from exercises.selectors import equipment_list
from wods.selectors import wod_catalogue

MAX_DAYS = 365


class Command(BaseCommand):
    help = (
        "Print a season of WODs for an athlete as they would read it, each day's WOD with its "
        "expected time and fed back as history to the next, from the active catalogue."
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

    def handle(self, *args, goal, level, equipment, days, seed, **options):
        if not 1 <= days <= MAX_DAYS:
            raise CommandError(f"--days must be between 1 and {MAX_DAYS}")
        owned = frozenset(slug.strip() for slug in equipment.split(",") if slug.strip())
        known = set(equipment_list().values_list("slug", flat=True)) | {BODYWEIGHT}
        if unknown := sorted(owned - known):
            raise CommandError(f"Unknown equipment: {', '.join(unknown)} (known: {sorted(known)})")
        profile = AthleteProfile(goal=goal, level=level, equipment=owned - {BODYWEIGHT})
        try:
            wods = season_generate(
                generator=WodGenerator(wod_catalogue()), profile=profile, days=days, seed=seed
            )
        except ValueError as error:
            raise CommandError(f"No season for this athlete: {error}") from error
        owned_text = ", ".join(sorted(profile.equipment)) or "bodyweight only"
        article = "an" if level in (Level.INTERMEDIATE, Level.ADVANCED) else "a"
        self.stdout.write(
            f"{days} days for {article} {Level(level).label.lower()} athlete, goal "
            f"{Goal(goal).label.lower()}, equipment: {owned_text} (seed {seed})\n"
        )
        self.stdout.write(season_text(wods))
