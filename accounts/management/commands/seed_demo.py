"""Demo data for a first look: accounts for every role, locations and departments.

Each installed app may seed its own demo content in `<app>/demo.py` (a
`seed(stdout)` function); they are found by name and called after the accounts
exist, in the order of INSTALLED_APPS (accounts, cms, advocacy, realtime), so
accounts names none of the apps above it. Idempotent: running it again updates what
exists and creates what is missing.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import roles
from accounts.models import Department, Location
from accounts.services import user_create_verified
from core.discovery import app_modules

DEMO_PASSWORD = "boegbeeld-demo"  # noqa: S105 - documented demo password

LOCATIONS = [
    ("Rotterdam HQ", "rotterdam", "Rotterdam"),
    ("Utrecht", "utrecht", "Utrecht"),
    ("Eindhoven", "eindhoven", "Eindhoven"),
    ("Antwerpen", "antwerpen", "Antwerpen"),
]
DEPARTMENTS = [  # name, slug, name in Dutch
    ("Customer Service", "customer-service", "Klantenservice"),
    ("Sales", "sales", "Verkoop"),
    (
        "Marketing & Communications",
        "marketing-communications",
        "Marketing & Communicatie",
    ),
    ("IT", "it", "IT"),
    ("Logistics", "logistics", "Logistiek"),
    ("People & Culture", "people-culture", "HR"),
]
ACCOUNTS = [
    # email, first, last, roles, department slug, location slug
    ("employee@example.com", "Eva", "de Vries", (roles.EMPLOYEES,), "sales", "utrecht"),
    (
        "comms@example.com",
        "Chris",
        "Jansen",
        (roles.EMPLOYEES, roles.COMMUNICATIONS),
        "marketing-communications",
        "rotterdam",
    ),
    (
        "webcare@example.com",
        "Wessel",
        "Bakker",
        (roles.EMPLOYEES, roles.WEBCARE, roles.SCREEN_MANAGERS),
        "customer-service",
        "rotterdam",
    ),
    ("admin@example.com", "Anne", "Smit", (roles.EMPLOYEES,), "it", "rotterdam"),
]
# The administrator gives colleagues their roles (Django admin, CMS users).
ADMINISTRATORS = {"admin@example.com"}


class Command(BaseCommand):
    help = "Create or refresh the demo accounts, locations and departments."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        roles.sync_roles()
        locations = {}
        for name, slug, city in LOCATIONS:
            locations[slug], _ = Location.objects.update_or_create(
                slug=slug, defaults={"name": name, "city": city}
            )
        departments = {}
        for name, slug, name_nl in DEPARTMENTS:
            departments[slug], _ = Department.objects.update_or_create(
                slug=slug, defaults={"name": name, "name_nl": name_nl}
            )
        for email, first, last, role_names, dept, loc in ACCOUNTS:
            user_create_verified(
                email=email,
                password=DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                role_names=role_names,
                department=departments[dept],
                location=locations[loc],
                is_superuser=email in ADMINISTRATORS,
            )
        for module in app_modules("demo"):
            module.seed(self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(ACCOUNTS)} accounts "
                f"(password {DEMO_PASSWORD!r}), {len(LOCATIONS)} locations, "
                f"{len(DEPARTMENTS)} departments."
            )
        )
