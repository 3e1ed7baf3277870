"""Test data factories (factory_boy)."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts import roles
from accounts.models import Department, Location, Profile, User

PASSWORD = "correct-horse-battery-staple"  # noqa: S105


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Office {n}")
    slug = factory.Sequence(lambda n: f"office-{n}")
    city = "Utrecht"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Department {n}")
    slug = factory.Sequence(lambda n: f"department-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    """A verified user in the Employees role, with a profile."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create: bool, extracted: bool | None, **kwargs) -> None:
        if not create:
            return
        self.save()
        EmailAddress.objects.update_or_create(
            user=self,
            email=self.email,
            defaults={"verified": extracted is not False, "primary": True},
        )
        Profile.objects.get_or_create(user=self)
        self.groups.add(Group.objects.get_or_create(name=roles.EMPLOYEES)[0])

    @factory.post_generation
    def roles(self, create: bool, extracted: tuple[str, ...] | None, **kwargs) -> None:
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get_or_create(name=name)[0])
