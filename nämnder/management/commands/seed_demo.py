"""Load Stockholm stad's organisation and demo users. Idempotent; refuses with DEBUG off."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from isms import plugins
from nämnder import demo, services
from nämnder.models import Membership, OrganisationUnit, UnitKind, role_label


class Command(BaseCommand):
    help = "Läser in Stockholms stads organisation och demoanvändare (endast med DEBUG på)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo vägrar köras när DEBUG är avstängt (produktion).")
        with transaction.atomic():
            units = self._units()
            users = self._users(units)
        self.stdout.write(self.style.SUCCESS(f"{len(units)} enheter, {len(users)} demoanvändare."))
        self.stdout.write(f"Demoinloggningar (lösenord för alla: {demo.DEMO_PASSWORD}):")
        for username, _first, _last, short, role in demo.DEMO_USERS:
            self.stdout.write(f"  {username:28} {role_label(role, units[short].kind)}, {units[short].name}")
        for seed in plugins.demo_seeders():
            seed(units=units, users=users, stdout=self.stdout)

    def _unit(self, *, short_name, **fields) -> OrganisationUnit:
        unit = OrganisationUnit.objects.filter(short_name=short_name).first()
        if unit is None:
            unit = services.unit_create(actor=None, short_name=short_name, **fields)
        return unit

    def _units(self) -> dict[str, OrganisationUnit]:
        units = {"stad": self._unit(**demo.CITY_UNIT)}
        for short, name in demo.DISTRICTS:
            units[short] = self._unit(
                short_name=short, name=f"{name} stadsdelsnämnd",
                administration_name=f"{name} stadsdelsförvaltning", kind=UnitKind.DISTRICT_BOARD,
            )
        for short, name, admin_name in demo.SPECIALIST_BOARDS:
            units[short] = self._unit(
                short_name=short, name=name, administration_name=admin_name,
                kind=UnitKind.SPECIALIST_BOARD,
            )
        short, name, admin_name = demo.STADSHUS
        parent = units[short] = self._unit(
            short_name=short, name=name, administration_name=admin_name, kind=UnitKind.COMPANY
        )
        for short, name, admin_name in demo.COMPANIES:
            units[short] = self._unit(
                short_name=short, name=name, administration_name=admin_name,
                kind=UnitKind.COMPANY, parent=parent,
            )
        for short, holders in demo.ROLE_HOLDERS.items():
            unit = units[short]
            if not unit.chief_name:
                units[short] = services.unit_update(
                    actor=None, unit=unit, expected_version=None, **holders
                )
        return units

    def _users(self, units):
        User = get_user_model()
        users = {}
        for username, first, last, short, role in demo.DEMO_USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = services.user_create(
                    actor=None, username=username, first_name=first, last_name=last,
                    email=f"{username}@example.se", password=demo.DEMO_PASSWORD,
                )
            if not Membership.objects.filter(user=user, unit=units[short], role=role).exists():
                services.membership_add(actor=None, user=user, unit=units[short], role=role)
            users[username] = user
        return users
