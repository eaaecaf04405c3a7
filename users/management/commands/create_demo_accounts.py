import environ
from django.core.management.base import BaseCommand

from exercises.models import Equipment
from users.models import Goal, Level
from users.services import user_ensure, user_update_profile

env = environ.Env()

DEMO_EQUIPMENT = ["barbell", "dumbbell", "kettlebell", "pull_up_bar", "box", "jump_rope", "rower"]


class Command(BaseCommand):
    help = "Create (or reset) the demo athlete and the admin superuser, and print how to log in."

    def handle(self, *args, **options):
        demo_email = env("DEMO_USER_EMAIL", default="demo@coach.local")
        demo_password = env("DEMO_USER_PASSWORD", default="demo-athlete-2026")
        admin_email = env("DJANGO_SUPERUSER_EMAIL", default="admin@coach.local")
        admin_password = env("DJANGO_SUPERUSER_PASSWORD", default="admin-coach-2026")

        demo, _ = user_ensure(email=demo_email, password=demo_password)
        user_update_profile(
            user=demo,
            goal=Goal.GENERAL_FITNESS,
            level=Level.INTERMEDIATE,
            equipment=Equipment.objects.filter(slug__in=DEMO_EQUIPMENT),
        )
        user_ensure(email=admin_email, password=admin_password, is_superuser=True)
        self.stdout.write(f"Demo athlete: {demo_email} / {demo_password}")
        self.stdout.write(f"Admin (http://127.0.0.1:8000/admin/): {admin_email} / {admin_password}")
