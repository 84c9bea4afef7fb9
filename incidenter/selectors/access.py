"""Who sees which incident, and how much of it: the one place (need-to-know).

Three answers per person and incident:

- **not at all** (404): the incident's unit is not one the person may view (``nämnder.access``),
  and they are neither its handler nor granted access to it;
- **that it exists**: a confidential incident, for anyone in its unit (or city-wide) but the
  people below: they see its unit, dates, status and the status of its obligations, never its
  title, description, category or anything else;
- **its content**: a non-confidential incident seen through its unit; a confidential one for
  its handler, the unit's informationssäkerhetssamordnare and förvaltnings-/bolagschef (a role
  in that unit itself), and people granted the object permission
  ``incidenter.view_confidential_incident`` on it (django-guardian, ``services.incident_grant``),
  who then see it even from another unit. Superusers see everything.

Every list, page, export, panel and report section of the app reads through
:func:`visible_incidents` (``content_visible`` annotated on each row) or
:func:`incident_get`.
"""

from __future__ import annotations

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from isms import prepared
from nämnder import access
from nämnder.models import Role

from ..models import Incident

GRANT_PERM = "incidenter.view_confidential_incident"
CONTENT_ROLES = (Role.COORDINATOR, Role.CHIEF)


def _granted_ids(user) -> RawSQL:
    """The ids of the incidents ``user`` is granted (``GRANT_PERM`` on the incident, to them or
    to a group of theirs): the rows guardian's ``get_objects_for_user`` reads, as a subquery
    written once. Guardian's built a nested queryset on every call (~1–2 ms of Python a page)
    and compared every incident's id, cast to text, with the permission rows; this casts the
    person's few permission rows instead."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from guardian.models import GroupObjectPermission, UserObjectPermission

    quote = connection.ops.quote_name
    sql = _GRANTED_SQL.get(connection.alias)
    if sql is None:
        perm = quote(Permission._meta.db_table)
        members = quote(user.groups.through._meta.db_table)
        sql = _GRANTED_SQL[connection.alias] = (
            f"SELECT CAST(o.object_pk AS BIGINT) FROM {quote(UserObjectPermission._meta.db_table)} o "  # noqa: S608 - model tables
            f"JOIN {perm} p ON p.id = o.permission_id "
            "WHERE o.user_id = %s AND p.content_type_id = %s AND p.codename = %s "
            "UNION "
            f"SELECT CAST(o.object_pk AS BIGINT) FROM {quote(GroupObjectPermission._meta.db_table)} o "
            f"JOIN {perm} p ON p.id = o.permission_id "
            f"JOIN {members} m ON m.group_id = o.group_id "
            "WHERE m.user_id = %s AND p.content_type_id = %s AND p.codename = %s"
        )
    content_type = ContentType.objects.get_for_model(Incident).pk
    codename = GRANT_PERM.split(".", 1)[1]
    return RawSQL(sql, [user.pk, content_type, codename, user.pk, content_type, codename])  # noqa: S611 - table names from the models, values as parameters


_GRANTED_SQL: dict[str, str] = {}


def granted_incident_ids(user) -> list[int]:
    """The ids of the incidents ``user`` is granted (``_granted_ids``' rows): one small query,
    made by each list read (``visible_incidents``, ``deadline_rows``) for both its conditions.
    Not kept on the user object: a grant or its revocation counts on the very next read. The
    lists' visibility condition compares the incident's id with this short list instead of the
    subquery: ``unit IN (…) OR handler = … OR id IN (subquery)`` made PostgreSQL scan every
    incident (an OR with a subquery cannot use an index), ``unit IN (…) OR handler = … OR id IN
    (1, 2)`` is a BitmapOr of three indexes."""
    if not user.is_authenticated or not user.is_active or user.is_superuser:
        return []
    from django.db import connection

    granted = _granted_ids(user)
    with connection.cursor() as cursor:  # on every incident page and the start page: prepared
        prepared.execute_sql(cursor, granted.sql, granted.params)
        return sorted({row[0] for row in cursor.fetchall()})


def _content_unit_ids(user) -> list[int]:
    """The units where ``user`` is samordnare or chef: from their memberships, read once per
    request (``access.own_memberships``), deactivated units' included."""
    return sorted({m.unit_id for m in access.own_memberships(user) if m.role in CONTENT_ROLES})


def content_q(user, prefix: str = "", *, granted: RawSQL | list[int] | None = None) -> Q:
    """Incidents whose content ``user`` may see (within those visible to them). ``prefix``:
    the path to the incident from another model's query (``"incident__"``); ``granted``: the
    person's granted incidents, the ids read (``granted_incident_ids``) or the subquery
    (``_granted_ids``, the default: the audit log's label compiles this SQL once per
    ``audit_label_key``, which does not name the grants)."""
    if user.is_superuser:
        return Q(**{f"{prefix}pk__isnull": False})
    q = (
        Q(**{f"{prefix}confidential": False}) | Q(**{f"{prefix}handler": user.pk})
        | Q(**{f"{prefix}unit__in": _content_unit_ids(user)})
    )
    granted = _granted_ids(user) if granted is None else granted
    if isinstance(granted, list) and not granted:
        return q
    return q | Q(**{f"{prefix}pk__in": granted})


def visible_q(user, prefix: str = "", *, granted: list[int] | None = None) -> Q | None:
    """Incidents ``user`` may know exist; None for every incident (the city-wide roles).
    Call only for an active, signed-in person (``visible_incidents`` decides the others).
    ``granted``: ``granted_incident_ids(user)``, read here when not given."""
    if access.sees_all_units(user):
        return None
    granted = granted_incident_ids(user) if granted is None else granted
    return visible_among_q(prefix, unit_ids=access.unit_ids_for(user, access.VIEW),
                           handler_id=user.pk, granted=granted)


def visible_among_q(prefix: str = "", *, unit_ids, handler_id, granted) -> Q:
    """``visible_q``'s rule on the person's values read: an incident of one of ``unit_ids``,
    handled by ``handler_id``, or among ``granted`` (left out when empty). For a read compiled
    once with sentinels in their place (the start page's counts)."""
    q = Q(**{f"{prefix}unit__in": unit_ids}) | Q(**{f"{prefix}handler": handler_id})
    if not granted:
        return q
    return q | Q(**{f"{prefix}pk__in": granted})


def audit_label(user):
    """What the audit log (``isms.audit.register_object_label``) shows ``user`` as an incident's
    name: its title where they may see its content, else that it is confidential."""
    from django.db.models import CharField, F
    from django.utils.translation import gettext

    return Case(
        When(content_q(user), then=F("title")),
        default=Value(gettext("Konfidentiell incident")), output_field=CharField(),
    )


def audit_label_key(user) -> tuple:
    """What :func:`audit_label`'s SQL depends on besides the incident (``isms.audit``'s label
    key): the person (their id as handler and in the grants' subquery), whether they are a
    superuser, and the units where they see content. The grants themselves are read by SQL."""
    return (user.pk, user.is_superuser, tuple(_content_unit_ids(user)))


def visible_incidents(user, queryset: QuerySet | None = None) -> QuerySet[Incident]:
    """The incidents ``user`` may know exist, each with ``content_visible``."""
    qs = Incident.objects.all() if queryset is None else queryset
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    # The city-wide roles see every incident: their grants decide only the content, a
    # subquery PostgreSQL runs once (no query before); the others' grants are read once, as
    # ids, for both conditions.
    granted = None
    if not access.sees_all_units(user):
        granted = granted_incident_ids(user)
        qs = qs.filter(visible_q(user, granted=granted))
    return qs.annotate(content_visible=Case(
        When(content_q(user, granted=granted), then=Value(True)), default=Value(False),
        output_field=BooleanField(),
    ))


def _is_granted(user, incident_id) -> bool:
    """Whether ``user`` is granted the incident (``_granted_ids``' rows): one query."""
    from django.db import connection

    granted = _granted_ids(user)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 WHERE %s IN ({granted.sql})", [incident_id, *granted.params])  # noqa: S608 - _granted_ids' SQL
        return cursor.fetchone() is not None


def visibility_of(user, incident: Incident) -> tuple[bool, bool]:
    """:func:`visible_incidents`' two answers for one incident already read: whether ``user``
    may know it exists (``visible_q``) and see its content (``content_q``), the same rules
    decided on the row. The person's grants are read only when they decide (a confidential
    incident neither theirs to handle nor of a unit where they hold a content role)."""
    if not user.is_authenticated or not user.is_active:
        return False, False
    if user.is_superuser:
        return True, True
    granted = None

    def is_granted() -> bool:
        nonlocal granted
        if granted is None:
            granted = _is_granted(user, incident.pk)
        return granted

    handles = incident.handler_id is not None and incident.handler_id == user.pk
    if not (
        access.sees_all_units(user) or handles
        or incident.unit_id in access.unit_ids_for(user, access.VIEW) or is_granted()
    ):
        return False, False
    content = (
        not incident.confidential or handles
        or incident.unit_id in _content_unit_ids(user) or is_granted()
    )
    return True, content


def may_see_content(user, incident: Incident) -> bool:
    value = getattr(incident, "content_visible", None)
    if value is not None:
        return bool(value)
    return visible_incidents(user, Incident.objects.filter(pk=incident.pk)).filter(
        content_visible=True).exists()


def may_edit(user, incident: Incident) -> bool:
    """Change the incident: its content visible and records editable in its unit (or its
    handler). A closed incident is changed by nobody (it can be reopened by the same people)."""
    if not may_see_content(user, incident):
        return False
    if access.unit_is_read_only_for(user, incident.unit):
        return False
    return incident.handler_id == user.pk or access.can(user, access.EDIT_RECORDS, incident.unit)


def may_grant(user, incident: Incident) -> bool:
    """Grant others access to a confidential incident: its handler, the unit's samordnare and
    chef (whoever sees its content through their role, not through a grant)."""
    if user.is_superuser:
        return True
    # From the memberships the request has read already (``_content_unit_ids``): no query.
    return incident.handler_id == user.pk or incident.unit_id in _content_unit_ids(user)


def granted_users(incident):
    """The people explicitly granted this confidential incident (the object permission), by
    username: shown to those who may grant, each with a button to take it back."""
    from django.contrib.auth import get_user_model
    from guardian.shortcuts import get_users_with_perms

    users = get_users_with_perms(
        incident, only_with_perms_in=[GRANT_PERM.split(".")[1]], with_group_users=False,
        with_superusers=False,
    )
    return get_user_model().objects.filter(pk__in=[u.pk for u in users]).order_by("username")
