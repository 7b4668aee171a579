"""A real SMTP server and the background worker, for notification tests."""

import contextlib
import socket
from email import message_from_bytes
from email.header import decode_header, make_header
from unittest import mock

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command


class Inbox:
    """What the SMTP server received."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            (envelope.rcpt_tos, message_from_bytes(envelope.original_content))
        )
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    settings.SITE_URL = "https://www.example.org"
    inbox.controller = controller
    inbox.port = port
    yield inbox
    with contextlib.suppress(AssertionError):  # a test may have stopped it
        inbox.controller.stop()


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def body(message) -> str:
    return message.get_payload(decode=True).decode()


def run_worker():
    """The background worker, as `manage.py db_worker` runs it, in this
    process (it must not close the connection holding the test's data; the
    separate process is tested on PostgreSQL, in test_notifications.py)."""
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections"
    ):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
