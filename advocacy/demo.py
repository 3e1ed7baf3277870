"""Demo data of the advocacy app, called by `manage.py seed_demo`.

Idempotent: demo colleagues are found by email, shares by their fixed link code,
click counts by (share, day); running it again changes nothing.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Department, Location, User
from accounts.services import user_onboard


def seed(stdout) -> None:
    seed_guidelines(stdout)
    seed_sharing(stdout)


DEMO_COMPANY = "Stroomwijs"
# (list, term, severity, replacement, note)
DEMO_TERMS = [
    ("confidential", "Project Zeus", "", "", "Codename of the 2027 tariff app."),
    ("confidential", "Energiebeheer BV", "", "", "Client under NDA."),
    ("competitor", "Vattenfall", "", "", ""),
    ("competitor", "Eneco", "", "", ""),
    ("claims", "goedkoopste energieleverancier", "block", "", "Not substantiated."),
    ("claims", "cheapest energy supplier", "block", "", "Not substantiated."),
]


def seed_guidelines(stdout) -> None:
    """The demo company's name and a few terms, so the checks speak about it."""
    from advocacy.guidelines.models import GuidelineSettings, GuidelineTerm

    settings_row = GuidelineSettings.load()
    if not settings_row.company_name:
        settings_row.company_name = DEMO_COMPANY
        settings_row.allowed_link_domains = "stroomwijs.nl\nexample.com"
        settings_row.save()
    for term_list, text, severity, replacement, note in DEMO_TERMS:
        GuidelineTerm.objects.get_or_create(
            list=term_list,
            text=text,
            defaults={"severity": severity, "replacement": replacement, "note": note},
        )
    stdout.write(f"Guidelines: company {settings_row.company_name!r}, demo terms.")


# Demo colleagues: (first, last, department slug, location slug, on leaderboard)
COLLEAGUES = [
    ("Sanne", "Bos", "sales", "utrecht", True),
    ("Daan", "Visser", "sales", "utrecht", False),
    ("Fleur", "Smit", "sales", "rotterdam", True),
    ("Bram", "Meijer", "sales", "eindhoven", False),
    ("Lotte", "Mulder", "sales", "utrecht", False),
    ("Noah", "de Boer", "customer-service", "rotterdam", True),
    ("Emma", "Dekker", "customer-service", "rotterdam", False),
    ("Lucas", "Peters", "customer-service", "rotterdam", False),
    ("Julia", "Hendriks", "customer-service", "utrecht", False),
    ("Milan", "van Dijk", "customer-service", "eindhoven", True),
    ("Tess", "Koster", "it", "eindhoven", False),
    ("Sem", "Vos", "logistics", "antwerpen", False),
]
NETWORKS = ["linkedin", "linkedin", "x", "facebook", "whatsapp", "bluesky"]
TEXTS = [
    "Proud of what my colleagues pulled off here. I work at Stroomwijs.",
    "This is why I like working here — have a look. I work at Stroomwijs.",
    "Een mooi verhaal van mijn collega's. Ik werk bij Stroomwijs.",
    "Worth two minutes of your time. I work at Stroomwijs.",
]


@transaction.atomic
def seed_sharing(stdout) -> None:
    from advocacy.sharing import analytics, points
    from advocacy.sharing.models import ClickDaily, Share, SharingSettings
    from cms.selectors import live_stories
    from cms.services import story_share_counted

    SharingSettings.load()
    stories = list(live_stories().order_by("pk"))
    if not stories:
        stdout.write("No live stories: skipped demo shares.")
        return
    departments = {d.slug: d for d in Department.objects.all()}
    locations = {loc.slug: loc for loc in Location.objects.all()}
    people = []
    for n, (first, last, dept, loc, board) in enumerate(COLLEAGUES):
        email = f"colleague{n + 1}@example.com"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, first_name=first, last_name=last
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
        profile = user_onboard(user=user)
        profile.display_name = f"{first} {last}"
        profile.department = departments.get(dept)
        profile.location = locations.get(loc)
        profile.leaderboard_opt_in = board
        profile.save()
        people.append(user)
    employee = User.objects.filter(email="employee@example.com").first()
    if employee is not None:
        employee.profile.leaderboard_opt_in = True
        employee.profile.save(update_fields=["leaderboard_opt_in"])
        people.insert(0, employee)

    rng = random.Random(2026)  # noqa: S311 - demo numbers, not secrets
    now = timezone.now()
    created = 0
    days = set()
    for n in range(60):
        user = people[0] if n % 6 == 0 else rng.choice(people)
        story = rng.choice(stories)
        network = rng.choice(NETWORKS)
        code = f"Demo{n:04d}"
        shared_at = now - timedelta(days=rng.randint(0, 27), hours=rng.randint(0, 9))
        profile = user.profile
        share, was_created = Share.objects.get_or_create(
            code=code,
            defaults={
                "user": user,
                "story": story,
                "network": network,
                "text": rng.choice(TEXTS),
                "guideline_report": {
                    "counts": {"block": 0, "warn": 0, "info": 0},
                    "rules": [],
                },
                "campaign_id": story.campaign_id,
                "department_id": profile.department_id,
                "location_id": profile.location_id,
                "created_at": shared_at,
                "handed_off_at": shared_at,
                "hand_off": Share.HandOff.INTENT,
            },
        )
        if not was_created:
            days.add(timezone.localdate(share.created_at))
            continue
        created += 1
        # "Shared by N colleagues": people, so only someone's first share counts.
        if not (
            Share.objects.handed_off()
            .filter(user=user, story=story)
            .exclude(pk=share.pk)
            .exists()
        ):
            story_share_counted(story_id=story.pk)
        points.points_award_share(share=share)
        first_day = timezone.localdate(shared_at)
        days.add(first_day)
        for offset in range(rng.randint(1, 5)):
            day = first_day + timedelta(days=offset)
            if day > timezone.localdate():
                break
            ClickDaily.objects.get_or_create(
                share=share, day=day, defaults={"count": rng.randint(1, 12)}
            )
            days.add(day)
    analytics.rollup_days(days)
    points.points_award_clicks(days=days)
    stdout.write(f"Demo shares: {created} new, {Share.objects.count()} in total.")
