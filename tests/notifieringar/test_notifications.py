"""Notifications: who is told what when a classification is submitted, approved or returned;
e-mail once (locmem backend); each person sees only their own in "Mina notiser"."""

import pytest
from django.core import mail
from django.urls import reverse

from klassning import services
from notifieringar import services as notification_services
from notifieringar.models import Notification, NotificationKind
from notifieringar.tasks import send_notification_emails
from nämnder.models import Role
from tests.klassning_helpers import draft, make_asset

pytestmark = pytest.mark.django_db

LEVELS = {"K": 3, "R": 2, "T": 2, "S": 3}


def _with_email(*users):
    for user in users:
        user.email = f"{user.username}@stockholm.se"
        user.save(update_fields=["email"])


@pytest.fixture
def people(official, coordinator, chief, outsider, security_function, make_person, bromma):
    bromma_chief = make_person("chef.bromma", bromma, Role.CHIEF)
    _with_email(official, coordinator, chief, outsider, security_function, bromma_chief)
    return bromma_chief


def _submit(actor, asset, capture):
    c = draft(asset, actor, LEVELS)
    with capture(execute=True):
        return services.classification_submit(
            actor=actor, classification=c, expected_version=c.version
        )


def _recipients(messages):
    return sorted(address for m in messages for address in m.to)


def test_submit_asks_the_units_approvers_but_not_the_submitter_or_others(
    farsta, official, coordinator, chief, people, django_capture_on_commit_callbacks
):
    asset = make_asset(farsta, official, name="Elevregister")
    c = _submit(official, asset, django_capture_on_commit_callbacks)
    assert _recipients(mail.outbox) == [
        "chef.farsta@stockholm.se", "samordnare.farsta@stockholm.se",
    ]
    message = mail.outbox[0]
    assert message.subject == "LIS: Klassning att fastställa: Elevregister"
    assert "har skickat in klassning 1 av informationsmängden Elevregister" in message.body
    assert f"http://localhost:8000/klassningar/{c.pk}/" in message.body
    assert message.from_email == "isms@stockholm.se"


def test_nobody_is_asked_to_approve_their_own_submission(
    farsta, coordinator, chief, people, django_capture_on_commit_callbacks
):
    asset = make_asset(farsta, coordinator)
    _submit(coordinator, asset, django_capture_on_commit_callbacks)
    assert _recipients(mail.outbox) == ["chef.farsta@stockholm.se"]
    assert not Notification.objects.filter(recipient=coordinator).exists()


def test_approve_tells_the_submitter(
    farsta, official, chief, people, django_capture_on_commit_callbacks
):
    asset = make_asset(farsta, official, name="Elevregister")
    c = _submit(official, asset, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.classification_approve(actor=chief, classification=c, expected_version=c.version)
    assert _recipients(mail.outbox) == ["handlaggare.farsta@stockholm.se"]
    message = mail.outbox[0]
    assert message.subject == "LIS: Klassningen är fastställd: Elevregister"
    assert "Chef Farsta har fastställt klassning 1" in message.body
    assert "Skyddsnivåer: K3 R2 T2 S3" in message.body
    notice = Notification.objects.get(recipient=official)
    assert notice.kind == NotificationKind.CLASSIFICATION_APPROVED
    assert notice.unit == farsta and notice.email_sent_at is not None


def test_return_tells_the_submitter_with_the_comment(
    farsta, official, chief, people, django_capture_on_commit_callbacks
):
    asset = make_asset(farsta, official, name="Elevregister")
    c = _submit(official, asset, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.classification_return(
            actor=chief, classification=c, expected_version=c.version,
            comment="Motivera tillgängligheten för skolorna.",
        )
    assert _recipients(mail.outbox) == ["handlaggare.farsta@stockholm.se"]
    message = mail.outbox[0]
    assert message.subject == "LIS: Klassningen har skickats tillbaka: Elevregister"
    assert "Kommentar: Motivera tillgängligheten för skolorna." in message.body
    assert f"/klassningar/{c.pk}/andra/" in message.body


def test_resubmission_after_return_asks_again(
    farsta, official, chief, coordinator, people, django_capture_on_commit_callbacks
):
    asset = make_asset(farsta, official)
    c = _submit(official, asset, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        c = services.classification_return(
            actor=chief, classification=c, expected_version=c.version, comment="Mer"
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.classification_submit(actor=official, classification=c, expected_version=c.version)
    assert _recipients(mail.outbox) == [
        "chef.farsta@stockholm.se", "samordnare.farsta@stockholm.se",
    ]
    assert Notification.objects.filter(
        recipient=chief, kind=NotificationKind.CLASSIFICATION_SUBMITTED
    ).count() == 2


def test_running_the_send_task_twice_sends_once(farsta, official, chief, people):
    ids = notification_services.notify(
        recipients=[official, chief], kind=NotificationKind.REQUIREMENT_ADDED,
        title="Nytt krav", body="Text", link="/", unit=farsta, dedupe_key="test:1",
    )
    assert len(ids) == 2
    assert send_notification_emails.apply(args=[ids]).get() == 2
    assert send_notification_emails.apply(args=[ids]).get() == 0
    assert len(mail.outbox) == 2


def test_a_repeated_notify_creates_no_duplicate(
    farsta, official, people, django_capture_on_commit_callbacks
):
    kwargs = {
        "recipients": [official], "kind": NotificationKind.REQUIREMENT_ADDED,
        "title": "Nytt krav", "body": "Text", "link": "/", "unit": farsta, "dedupe_key": "krav:7",
    }
    with django_capture_on_commit_callbacks(execute=True):
        first = notification_services.notify(**kwargs)
        second = notification_services.notify(**kwargs)
    assert len(first) == 1 and second == []
    assert Notification.objects.filter(recipient=official).count() == 1
    assert len(mail.outbox) == 1


def test_no_mail_when_the_transaction_rolls_back(farsta, official, people):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        notification_services.notify(
            recipients=[official], kind=NotificationKind.REQUIREMENT_ADDED, title="Nytt krav",
            body="Text", link="/", dedupe_key="krav:8",
        )
        raise RuntimeError
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_person_without_e_mail_gets_no_mail_but_sees_it_in_the_portal(
    farsta, official, chief, client_for, django_capture_on_commit_callbacks
):
    assert chief.email == ""
    asset = make_asset(farsta, official, name="Elevregister")
    _submit(official, asset, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    notice = Notification.objects.get(recipient=chief)
    assert notice.email_sent_at is None
    body = client_for(chief).get(reverse("notifieringar:notification_list")).content.decode()
    assert "Klassning att fastställa: Elevregister" in body


def test_links_must_stay_inside_the_portal(official):
    from django.core.exceptions import ValidationError

    for link in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        with pytest.raises(ValidationError):
            notification_services.notify(
                recipients=[official], kind=NotificationKind.REQUIREMENT_ADDED, title="x",
                body="x", link=link, dedupe_key=f"link:{link}",
            )


def test_two_workers_racing_send_each_mail_once(farsta, official, chief, people, monkeypatch):
    """A second worker runs the same task while the first is half-way through its batch."""
    ids = notification_services.notify(
        recipients=[official, chief], kind=NotificationKind.REQUIREMENT_ADDED,
        title="Nytt krav", body="Text", link="/", unit=farsta, dedupe_key="race:1",
    )
    real_email_for = notification_services._email_for
    raced = {}

    def email_for_with_a_racing_worker(notification, connection):
        if "sent" not in raced:
            raced["sent"] = None
            raced["sent"] = notification_services.notifications_send_email(notification_ids=ids)
        return real_email_for(notification, connection)

    monkeypatch.setattr(notification_services, "_email_for", email_for_with_a_racing_worker)
    first = notification_services.notifications_send_email(notification_ids=ids)
    assert (first, raced["sent"]) == (1, 1)
    assert _recipients(mail.outbox) == [
        "chef.farsta@stockholm.se", "handlaggare.farsta@stockholm.se",
    ]
