from django.core.management.base import BaseCommand, CommandError

from coaching.audit import RULES
from coaching.generator import WodGenerator
from coaching.season import AUDIT_ATHLETES, AUDIT_PROFILES, season_audit, season_figures
from wods.selectors import wod_catalogue

MAX_DAYS = 365
EXAMPLES_PER_RULE = 3


class Command(BaseCommand):
    help = (
        "Audit the generator as a coach would: a season of daily sessions for every goal x "
        "level x equipment profile (bodyweight, dumbbell only, a garage gym, a full gym), and "
        "for athletes training 3, 4 or 6 days a week, without a wall, without open space, with "
        "20- or 120-minute sessions at every level x equipment profile, from the active "
        "catalogue; a table of broken rules and the week's figures. Exits non-zero when any "
        "rule is broken."
    )
    # What writes the WODs; a test swaps in one that breaks a rule.
    generator_class = WodGenerator

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help=f"1 to {MAX_DAYS} (30).")
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, days, seed, **options):
        if not 1 <= days <= MAX_DAYS:
            raise CommandError(f"--days must be between 1 and {MAX_DAYS}")
        try:
            audit = season_audit(
                generator=self.generator_class(wod_catalogue()), days=days, seed=seed
            )
        except ValueError as error:
            raise CommandError(f"A season could not be generated: {error}") from error
        counts = dict.fromkeys(RULES, 0)
        examples: dict[str, list[str]] = {rule: [] for rule in RULES}
        for profile, name, defect in audit.defects:
            counts[defect.rule] += 1
            if len(examples[defect.rule]) < EXAMPLES_PER_RULE:
                examples[defect.rule].append(
                    f"{profile.goal}, {profile.level}, {name}, day {defect.day + 1}: "
                    f"{defect.detail}"
                )
        others = ", ".join(list(AUDIT_ATHLETES)[1:])
        self.stdout.write(
            f"{audit.wods} sessions: {len(audit.seasons)} seasons of {days} days (every goal x "
            f"level x {len(AUDIT_PROFILES)} equipment profiles; {others}: every level x "
            f"equipment profile), seed {seed}\n"
        )
        self.stdout.write("| rule | what a coach checks | defects |")
        self.stdout.write("|---|---|---|")
        for rule, meaning in RULES.items():
            self.stdout.write(f"| {rule} | {meaning} | {counts[rule]} |")
        self.stdout.write("\nThe week's figures:")
        for line in season_figures(audit):
            self.stdout.write(f"  {line}")
        broken = [rule for rule, count in counts.items() if count]
        for rule in broken:
            self.stdout.write(f"\n{rule}:")
            for example in examples[rule]:
                self.stdout.write(f"  {example}")
        if broken:
            raise CommandError(f"{len(broken)} rule(s) broken: {', '.join(broken)}")
        self.stdout.write("\n0 rules broken.")
