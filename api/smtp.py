"""Sends one composed mail to one address over SMTP (issue 29), and says what kind of failure a failure is.

STARTTLS comes first, with the server's certificate checked: a mail with a melding's data never crosses the network
in clear text, and a server that offers no STARTTLS gets nothing. Then the login, when one is set.

A failure is either
- `Tijdelijk`: try again later. A 4xx answer (the server is busy, the mailbox is full for now), no answer at all, a
  broken connection, a certificate or login that does not work (the gemeente's configuration, not the mail, is
  wrong: once it is mended, the mail goes);
- `Blijvend`: a 5xx answer to this mail (the address does not exist, the server will never take it). Trying again
  would give the same answer: the mail is marked refused and shown to staff.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Optional

ANSWER_MAX = 300


class Tijdelijk(Exception):
    """The mail did not go now; it may go later."""


class Blijvend(Exception):
    """The mail server refused this mail for good."""


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int = 587
    starttls: bool = True
    ca_file: Optional[str] = None
    user: Optional[str] = None
    password: Optional[str] = None
    timeout: float = 20

    @classmethod
    def from_settings(cls, settings) -> Optional["SmtpServer"]:
        """The server of api/settings.py's WMO_SMTP_*; None when no host is set."""
        if not settings.wmo_smtp_host:
            return None
        password = settings.wmo_smtp_password.get_secret_value() if settings.wmo_smtp_password else None
        return cls(host=settings.wmo_smtp_host, port=settings.wmo_smtp_port, starttls=settings.wmo_smtp_starttls,
                   ca_file=settings.wmo_smtp_ca_file, user=settings.wmo_smtp_user, password=password,
                   timeout=settings.wmo_smtp_timeout)

    def tls_context(self) -> ssl.SSLContext:
        # made for each connection: a CA file that was replaced (a renewed certificate) is read again
        context = ssl.create_default_context()
        if self.ca_file:
            context.load_verify_locations(cafile=self.ca_file)
        return context


def _answer(code: int, message) -> str:
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)
    return f"{code} {' '.join(text.split())}"[:ANSWER_MAX]


def _by_code(code: int, message) -> Exception:
    answer = _answer(code, message)
    return Blijvend(answer) if 500 <= code <= 599 else Tijdelijk(answer)


def send(server: SmtpServer, mail: EmailMessage, afzender: str, aan: str) -> None:
    """Sends `mail` to `aan` (the envelope; the mail's own To is not read). Raises Tijdelijk or Blijvend."""
    try:
        with smtplib.SMTP(server.host, server.port, timeout=server.timeout) as smtp:
            smtp.ehlo()
            if server.starttls:
                if not smtp.has_extn("starttls"):
                    raise Tijdelijk("de mailserver biedt geen STARTTLS aan; zonder versleuteling wordt niets verstuurd")
                smtp.starttls(context=server.tls_context())
                smtp.ehlo()
            if server.user:
                try:
                    smtp.login(server.user, server.password or "")
                except smtplib.SMTPNotSupportedError:
                    raise Tijdelijk("de mailserver biedt geen login aan; klopt WMO_SMTP_USER?") from None
            smtp.send_message(mail, from_addr=afzender, to_addrs=[aan])
    except (Tijdelijk, Blijvend):
        raise
    except smtplib.SMTPAuthenticationError as error:
        raise Tijdelijk(f"inloggen bij de mailserver lukt niet: {_answer(error.smtp_code, error.smtp_error)}") from None
    except smtplib.SMTPRecipientsRefused as error:
        code, message = next(iter(error.recipients.values()))
        raise _by_code(code, message) from None
    except smtplib.SMTPResponseException as error:  # the sender or the data refused, or an answer out of turn
        raise _by_code(error.smtp_code, error.smtp_error) from None
    except smtplib.SMTPNotSupportedError as error:  # an address with non-ASCII letters, a server without SMTPUTF8
        raise Blijvend(f"de mailserver kan dit adres niet aan: {error}"[:ANSWER_MAX]) from None
    except ssl.SSLError as error:
        raise Tijdelijk(f"de versleutelde verbinding met de mailserver lukt niet: {error}"[:ANSWER_MAX]) from None
    except (OSError, smtplib.SMTPException) as error:
        raise Tijdelijk(f"de mailserver is niet bereikbaar: {error or type(error).__name__}"[:ANSWER_MAX]) from None
