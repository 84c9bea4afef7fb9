"""The organisation's part of ``manage.py seed_scale``: 30 members in every unit.

Registered in ``NamnderConfig.ready()`` (``isms.plugins.register_scale_seeder``). The units are
seed_demo's (the city's real organisation). Rows are inserted in bulk but are the rows
``services.membership_add`` would write: the membership with its historical record, and the user
in the group that holds the role's permissions on the unit (or the city-wide group).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from simple_history.utils import bulk_create_with_history

from . import demo, services
from .models import Membership, Role, UnitKind

MEMBERS_PER_UNIT = 30
USERNAME_PREFIX = "skala."  # every scale user; also the marker that the city is seeded

# The first roles of each unit (the rest are handläggare): at --scale 0.1 a unit still gets a
# chief, a coordinator and an official.
UNIT_ROLES = [Role.CHIEF, Role.COORDINATOR, Role.OFFICIAL, Role.AUDITOR, Role.COORDINATOR]
CITY_ROLES = [Role.SECURITY_FUNCTION, Role.AUDITOR, Role.OFFICIAL, Role.CHIEF, Role.COORDINATOR]

FIRST_NAMES = [
    "Anna", "Erik", "Maria", "Lars", "Karin", "Ali", "Sara", "Johan", "Fatima", "Per", "Eva",
    "Mohammed", "Lena", "Anders", "Åsa", "Björn", "Ingrid", "Özlem", "Jonas", "Elin", "Nils",
    "Hanna", "Yusuf", "Sofia", "Mikael", "Ebba", "Olle", "Amina", "Gustav", "Linnéa",
]
LAST_NAMES = [
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
    "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Hassan", "Lindberg", "Åberg", "Öberg",
    "Ek", "Holm", "Berg", "Lundqvist", "Yilmaz", "Haddad", "Sandberg", "Ström", "Mattsson",
]


def is_seeded() -> bool:
    return get_user_model().objects.filter(username__startswith=USERNAME_PREFIX).exists()


def chief_username(short_name: str) -> str:
    """The scale user who is chief of a unit (``make bench`` logs in as one)."""
    return f"{USERNAME_PREFIX}{short_name}.01"


def security_username() -> str:
    return f"{USERNAME_PREFIX}stad.01"


def seed(*, ctx) -> None:
    User = get_user_model()
    rng = ctx.rng
    password = make_password(demo.DEMO_PASSWORD)  # hashed once: every scale user shares it
    units = sorted(ctx.units.values(), key=lambda u: u.short_name)
    per_unit = ctx.scaled(MEMBERS_PER_UNIT, minimum=3)
    users, planned = [], []  # planned: (user, unit, role, joined)
    for unit in units:
        head = CITY_ROLES if unit.kind == UnitKind.CITY else UNIT_ROLES
        for i in range(per_unit):
            role = head[i] if i < len(head) else Role.OFFICIAL
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            joined = ctx.now - dt.timedelta(days=rng.randint(30, 3 * 365), minutes=rng.randint(0, 600))
            username = f"{USERNAME_PREFIX}{unit.short_name}.{i + 1:02}"
            user = User(
                username=username, first_name=first, last_name=last,
                email=f"{username}@example.se", password=password, date_joined=joined,
                is_staff=role == Role.SECURITY_FUNCTION,
            )
            users.append(user)
            planned.append((user, unit, role, joined))
    User.objects.bulk_create(users, batch_size=1000)

    memberships = []
    for user, unit, role, joined in planned:
        m = Membership(user=user, unit=unit, role=role, created_at=joined)
        m._history_date = joined
        m._history_user = None  # added by the system, as seed_demo does
        memberships.append(m)
    created_field = Membership._meta.get_field("created_at")
    created_field.auto_now_add = False  # keep the joining dates (restored below)
    try:
        bulk_create_with_history(memberships, Membership, batch_size=1000)
    finally:
        created_field.auto_now_add = True

    groups: dict[tuple[int, str], int] = {}
    links = []
    for m in memberships:
        key = (m.unit_id, m.role)
        if key not in groups:
            groups[key] = services._group_for(m).pk  # the group membership_add would use
        links.append(User.groups.through(user_id=m.user_id, group_id=groups[key]))
    User.groups.through.objects.bulk_create(links, batch_size=1000, ignore_conflicts=True)

    members: dict[int, dict[str, list[int]]] = {}
    for m in memberships:
        members.setdefault(m.unit_id, {}).setdefault(m.role, []).append(m.user_id)
    ctx.shared["members"] = members
    ctx.counts["användare"] = len(users)
    ctx.counts["medlemskap"] = len(memberships)
