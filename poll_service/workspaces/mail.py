"""Sending an invitation by e-mail over SMTP (POLL_SMTP_URL), with the standard library's client in
a worker thread: a slow or unreachable mail server never stalls the event loop."""

import asyncio
import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

log = logging.getLogger(__name__)
TIMEOUT_S = 15


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    implicit_tls: bool
    user: str | None
    password: str | None

    @classmethod
    def from_url(cls, url: str) -> "SmtpServer":
        """smtp://user:password@host:587 (STARTTLS when offered) or smtps://user:password@host:465."""
        parts = urlsplit(url)
        implicit_tls = parts.scheme == "smtps"
        return cls(
            host=parts.hostname or "localhost",
            port=parts.port or (465 if implicit_tls else 25),
            implicit_tls=implicit_tls,
            user=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
        )


def _send(server: SmtpServer, sender: str, mail: Mail) -> None:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    context = ssl.create_default_context()
    client: smtplib.SMTP = (
        smtplib.SMTP_SSL(server.host, server.port, timeout=TIMEOUT_S, context=context)
        if server.implicit_tls
        else smtplib.SMTP(server.host, server.port, timeout=TIMEOUT_S)
    )
    with client:
        if not server.implicit_tls:
            client.ehlo()
            if client.has_extn("starttls"):
                client.starttls(context=context)
                client.ehlo()
        if server.user is not None:
            client.login(server.user, server.password or "")
        client.send_message(message)


async def send(smtp_url: str, sender: str, mail: Mail) -> bool:
    """True once the server accepted the mail; False (logged, never raised) when it did not: the
    organiser still has the link to pass on by hand."""
    try:
        await asyncio.to_thread(_send, SmtpServer.from_url(smtp_url), sender, mail)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("invitation mail to the SMTP server failed: %s", type(exc).__name__)
        return False
    return True
