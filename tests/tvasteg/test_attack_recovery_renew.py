"""Attack/review (issue 14): a person who passed the second step with a recovery code (a lost
phone) and then asks for new recovery codes must see them, and stay signed in."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken

from tests.tvasteg_helpers import app_for
from tvasteg import services

pytestmark = pytest.mark.django_db

VERIFY = reverse("tvasteg:verify")


def test_new_codes_after_a_recovery_code_login_are_shown_and_the_session_stays_verified(
    client, chief
):
    app_for(chief)
    codes = services.recovery_codes_renew(user=chief, actor=chief)
    client.force_login(chief)
    assert client.post(VERIFY, {"code": codes[0]})["Location"] == "/"
    response = client.post(reverse("tvasteg:recovery_codes_renew"), follow=True)
    new = set(StaticToken.objects.filter(device__user=chief).values_list("token", flat=True))
    assert len(new) == 10 and not new & set(codes)
    # Before the fix: the old recovery device (the one that verified this session) was
    # deleted, so the session fell back to the verification page and the new codes, held in
    # the session until shown, were never shown: the person had no way back in but the app.
    assert response.redirect_chain[-1][0] == reverse("tvasteg:recovery_codes")
    page = response.content.decode()
    assert all(f"{c[:4]} {c[4:]}" in page for c in new)
    assert client.get("/").status_code == 200
