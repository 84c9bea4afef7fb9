"""The one-statement append (``sparbarhet.chain``, PostgreSQL) refuses a value longer than its
column, as the other path does: a cast to ``varchar(n)`` would cut it silently after it was
hashed, and the next verification would report a break at that event."""

import pytest
from django.db import DataError

from sparbarhet import chain
from sparbarhet.models import AuditEvent, ChainHead
from tests.sparbarhet_helpers import chain_event as _event

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_an_over_long_value_is_refused_not_cut(need_postgres):
    chain.append([_event(1)])  # the process learns the head: the next append is one statement
    assert chain._known_head is not None
    too_long = "x" * (AuditEvent._meta.get_field("object_type").max_length + 1)
    with pytest.raises(DataError):
        chain.append([_event(2, object_type=too_long)])
    assert list(AuditEvent.objects.values_list("object_id", flat=True)) == [1]
    assert ChainHead.objects.get(pk=1).seq == 1
    chain.append([_event(3)])
    assert chain.verify().ok
