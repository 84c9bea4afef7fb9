"""Notification e-mail through a real SMTP server (aiosmtpd), configured as EMAIL_URL would."""

import socket
from email import message_from_bytes
from email.policy import default as default_policy

import environ
import pytest
from django.core import mail

from notifieringar import services
from notifieringar.models import Notification, NotificationKind
from notifieringar.tasks import send_notification_emails

pytestmark = pytest.mark.django_db


class _Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    from aiosmtpd.controller import Controller

    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, server_hostname="localhost")
    controller.start()
    # The same parsing the settings apply to EMAIL_URL.
    for key, value in environ.Env.email_url_config(f"smtp://127.0.0.1:{port}").items():
        setattr(settings, key, value)
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    mail.outbox = []
    try:
        yield inbox
    finally:
        controller.stop()


def test_notification_arrives_through_a_real_smtp_server_once(smtp_server, farsta, chief):
    assert mail.get_connection().__class__.__module__ == "django.core.mail.backends.smtp"
    chief.email = "chef.farsta@stockholm.se"
    chief.save(update_fields=["email"])
    ids = services.notify(
        recipients=[chief], kind=NotificationKind.CLASSIFICATION_SUBMITTED, unit=farsta,
        title="Klassning att fastställa: Förskoleregister",
        body="Åsa Öberg har skickat in klassning 1 av informationsmängden Förskoleregister.",
        link="/klassningar/1/", dedupe_key="smtp:1",
    )
    assert send_notification_emails.apply(args=[ids]).get() == 1
    assert send_notification_emails.apply(args=[ids]).get() == 0  # a rerun sends nothing

    assert len(smtp_server.envelopes) == 1
    envelope = smtp_server.envelopes[0]
    assert envelope.rcpt_tos == ["chef.farsta@stockholm.se"]
    assert envelope.mail_from == "isms@stockholm.se"
    message = message_from_bytes(envelope.original_content, policy=default_policy)
    # Encoded as UTF-8 (RFC 2047) and folded; decoded it reads as written.
    headers = envelope.original_content.split(b"\r\n\r\n", 1)[0].decode("ascii")
    assert "=?utf-8?" in headers.lower()
    assert "charset=\"utf-8\"" in headers
    assert message["Subject"].strip() == "LIS: Klassning att fastställa: Förskoleregister"
    assert message["To"] == "chef.farsta@stockholm.se"
    text = message.get_content()
    assert "Hej Chef Farsta!" in text
    assert "Åsa Öberg har skickat in klassning 1" in text
    assert "http://localhost:8000/klassningar/1/" in text
    assert Notification.objects.get().email_sent_at is not None


def test_a_mail_server_that_is_down_leaves_the_notification_unsent(settings, farsta, chief):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _free_port()  # nobody listens
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    chief.email = "chef.farsta@stockholm.se"
    chief.save(update_fields=["email"])
    ids = services.notify(
        recipients=[chief], kind=NotificationKind.CLASSIFICATION_SUBMITTED, unit=farsta,
        title="Klassning att fastställa", body="Text", link="/", dedupe_key="down:1",
    )
    # Eager (embedded default): logged, not raised, nothing marked as sent: a later run sends it.
    assert send_notification_emails.apply(args=[ids]).get() == 0
    assert Notification.objects.get().email_sent_at is None
