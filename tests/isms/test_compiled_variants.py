"""``isms.compiled.CompiledVariants``: one read in a few shapes, chosen by which of its values a
call gives (``None``: not given). Each shape's SQL is built once and reused, the shapes differ
in their SQL, the rows are those of the queryset built from the values given, an empty list of
ids runs no query, and with ``prepare=True`` PostgreSQL runs prepared statements."""

import itertools
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from isms.compiled import CompiledRows, CompiledVariants, Ids
from nämnder.models import Membership, Role

pytestmark = pytest.mark.django_db

SENTINELS = {"unit_ids": Ids(-2_000_000_961), "user_id": -2_100_000_951,
             "role": "sentinel-role-951"}


def _memberships(*, key=None, unit_ids=None, user_id=None, role=None):
    rows = Membership.objects.all()
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    if user_id is not None:
        rows = rows.filter(user_id=user_id)
    if role is not None:
        rows = rows.filter(role=role)
    if key == "newest":
        return rows.order_by("-pk").values_list("pk", "unit_id", "role")
    return rows.order_by("pk").values_list("pk", "unit_id", "role")


class _Recorded:
    """``_memberships``, keeping the names each build was given."""

    def __init__(self):
        self.builds = []

    def __call__(self, **given):
        self.builds.append(frozenset(given))
        return _memberships(**given)


@pytest.fixture
def world(farsta, bromma, official, coordinator, outsider):
    Membership.objects.create(user=official, unit=bromma, role=Role.COORDINATOR)
    return {"units": [farsta.pk, bromma.pk], "user": official.pk}


def _run(read, **values):
    with CaptureQueriesContext(connection) as queries:
        rows = read.rows(**values)
    return rows, [q["sql"] for q in queries.captured_queries]


def test_every_shape_reads_the_rows_of_its_queryset(world):
    read = CompiledVariants(_memberships, prepare=True, **SENTINELS)
    values = {"unit_ids": world["units"][:1], "user_id": world["user"], "role": Role.OFFICIAL}
    shapes = [dict(c) for n in range(4) for c in itertools.combinations(values.items(), n)]
    for given in shapes:
        rows, sql = _run(read, **given)
        assert rows == list(_memberships(**given)), given
        assert len(sql) == 1
    assert read.rows(user_id=world["user"])  # the official's memberships: some rows
    assert read.rows(user_id=world["user"], role="okänd roll") == []


def test_a_shape_is_built_once_and_reused(world, chief):
    build = _Recorded()
    read = CompiledVariants(build, **SENTINELS)
    for user_id in (world["user"], chief.pk, world["user"]):
        assert read.rows(user_id=user_id) == list(_memberships(user_id=user_id))
        assert read.rows(user_id=user_id, unit_ids=world["units"][1:]) == list(
            _memberships(user_id=user_id, unit_ids=world["units"][1:]))
    assert sorted(build.builds, key=len) == [{"user_id"}, {"user_id", "unit_ids"}]
    assert read.variant({"user_id"}) is read.variant(["user_id"])
    assert isinstance(read.variant({"user_id"}), CompiledRows)


def test_the_names_not_given_are_not_passed_to_the_build(world):
    build = _Recorded()
    read = CompiledVariants(build, **SENTINELS)
    assert read.rows(user_id=world["user"], unit_ids=None, role=None) == read.rows(
        user_id=world["user"])
    assert build.builds == [{"user_id"}]


def test_different_names_given_give_different_sql(world):
    read = CompiledVariants(_memberships, **SENTINELS)
    texts = {}
    for given in ({}, {"user_id": world["user"]}, {"unit_ids": world["units"]},
                  {"user_id": world["user"], "unit_ids": world["units"]}):
        _rows, [texts[frozenset(given)]] = _run(read, **given)
    assert len(set(texts.values())) == 4
    assert " IN (" not in texts[frozenset({"user_id"})]
    assert " IN (" in texts[frozenset({"user_id", "unit_ids"})]


def test_a_key_tells_apart_shapes_without_a_sentinel(world):
    build = _Recorded()
    read = CompiledVariants(build, **SENTINELS)
    oldest, [plain] = _run(read, unit_ids=world["units"])
    newest, [reversed_] = _run(read, key="newest", unit_ids=world["units"])
    assert newest == oldest[::-1] == list(_memberships(key="newest", unit_ids=world["units"]))
    assert len(newest) > 1
    assert plain != reversed_
    assert build.builds == [{"unit_ids"}, {"key", "unit_ids"}]


def test_an_empty_list_of_ids_runs_no_query(world):
    read = CompiledVariants(_memberships, prepare=True, **SENTINELS)
    rows, sql = _run(read, unit_ids=[], user_id=world["user"])
    assert rows == [] and sql == []
    assert read.rows(unit_ids=None, user_id=world["user"])  # not given: every unit


def test_a_name_without_a_sentinel_is_refused(world):
    read = CompiledVariants(_memberships, **SENTINELS)
    with pytest.raises(TypeError):
        read.rows(user_id=world["user"], unit=1)


def test_threads_share_one_compiled_read_per_shape():
    read = CompiledVariants(_memberships, **SENTINELS)
    start, got = threading.Barrier(8), []

    def variant():
        start.wait()
        got.append(read.variant({"unit_ids", "role"}))

    threads = [threading.Thread(target=variant) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(got) == 8 and all(one is got[0] for one in got)


@pytest.mark.parametrize("prepare", [True, False])
def test_prepared_statements_on_postgresql(prepare, world):
    read = CompiledVariants(_memberships, prepare=prepare, **SENTINELS)
    postgres = connection.vendor == "postgresql"
    for _ in range(2):
        for given in ({"user_id": world["user"]},
                      {"user_id": world["user"], "unit_ids": world["units"]}):
            rows, [sql] = _run(read, **given)
            assert rows == list(_memberships(**given))
            assert ("prepared statement" in sql) is (prepare and postgres), sql
