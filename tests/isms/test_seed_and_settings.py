import pytest
from django.core.management import CommandError, call_command

from nämnder.models import Membership, OrganisationUnit

pytestmark = pytest.mark.django_db


def test_seed_demo_loads_real_organisation_and_is_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    names = set(OrganisationUnit.objects.values_list("name", flat=True))
    for district in ("Farsta", "Bromma", "Enskede-Årsta-Vantör", "Södermalm", "Järva"):
        assert f"{district} stadsdelsnämnd" in names
    assert OrganisationUnit.objects.filter(kind="district_board").count() == 11
    assert "Stockholms Stadshus AB" in names
    assert OrganisationUnit.objects.get(short_name="stokab").parent.short_name == "stadshus"
    assert Membership.objects.filter(user__username="chef.farsta", role="chief").count() == 1


def test_seed_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")


def test_database_is_postgresql_when_required(need_postgres):
    from django.db import connection

    assert connection.vendor == "postgresql"
