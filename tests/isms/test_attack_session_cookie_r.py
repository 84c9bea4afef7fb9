"""Attack: a crafted session cookie.

The session engine (``isms.sessions``) reads the row of the key the cookie names. A key Django
never makes (a NUL byte, which PostgreSQL refuses in any query: a 500 on every request that
sends the cookie) is simply no session: the visitor is anonymous and sent to log in.
"""

import pytest
from django.urls import reverse

from isms.sessions import SessionStore

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("cookie", [
    'sessionid="\\000aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"',  # a NUL byte (quoted octal)
    "sessionid=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",  # not a key Django makes
    "sessionid=" + "a" * 33,
])
def test_a_forged_session_cookie_is_no_session(client, cookie):
    response = client.get(reverse("start"), HTTP_COOKIE=cookie)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_only_keys_django_makes_name_a_session(official):
    store = SessionStore()
    store["x"] = 1
    store.create()
    assert SessionStore(store.session_key).load() == {"x": 1}
    assert SessionStore("\x00" + store.session_key[1:]).session_key is None
    assert SessionStore(store.session_key.upper()).session_key is None
