"""factory_boy factories for the core apps; rows that need a service are made through it."""

from typing import Any

import factory
from django.utils import timezone

from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.org.models import Department, Location
from hrflow.org.services import department_create, location_create

DEFAULT_PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name", locale="zh_CN")
    password = factory.django.Password(DEFAULT_PASSWORD)
    # A test user has picked their language (the default, unless the test says), so
    # signing in keeps it whatever the browser's; pass None for someone who never chose.
    language_chosen_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def roles(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """`UserFactory(roles=[Role.RECRUITER])` puts the user in those role groups."""
        if not create or not extracted:
            return
        from django.contrib.auth.models import Group

        self.groups.set(Group.objects.filter(name__in=[Role(role).value for role in extracted]))


class DepartmentFactory(factory.Factory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"部门{n}")
    code = factory.Sequence(lambda n: f"dept-{n}")
    parent = None

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Department:
        # Departments need their tree path, which only the service keeps.
        return department_create(**kwargs)


class LocationFactory(factory.Factory):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"办公室{n}")
    code = factory.Sequence(lambda n: f"loc-{n}")
    city = "上海"

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> Location:
        return location_create(**kwargs)
