"""The mails of a melding (issue 29): how long the plan's PDF/A takes, and how fast the mail outbox empties.

    .venv/api/bin/python bench/mail.py [--meldingen 20] [--output bench/results/mail.json]

1. The plan's PDF/A-2b (api/plan_pdf.py): an ordinary plan and one with a 4,000-character answer: pages, size,
   the first render in the process and the median of five after it.
2. The outbox: the gemeente API (in-process, a throw-away SQLite database, its own background worker) gets N
   meldingen with a plan, one after another, for Voorbeeldstad (which registers by e-mail); an aiosmtpd server on
   127.0.0.1 demands STARTTLS (trustme CA) and a login, as the development catcher does. Timed: each POST, and from
   the first POST until all 2N mails (registration with PDF, confirmation) were accepted by the server.
Results: bench/results/mail.json.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from api import migrate, plan_pdf, schemas  # noqa: E402
from api.app import create_app  # noqa: E402
from bench.machine import machine  # noqa: E402
from scripts.api_server import free_port  # noqa: E402
from scripts.mail_catcher import Catcher, Tls, smtp_controller  # noqa: E402
from tests import pdfa_check  # noqa: E402
from tests.api.factories import melding_body, plan_body  # noqa: E402
from tests.api.support import BOT, settings_for  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "mail.json"
MOMENT = datetime(2026, 11, 23, 13, 0, tzinfo=timezone.utc)


def pdf_figures() -> dict:
    melding = schemas.Melding(
        id="bench", gemeente="voorbeeldstad", referentie="WMO-2026-000123", status="nieuw", ingediend_op=MOMENT,
        bijgewerkt_op=MOMENT, kanaal="chat",
        inwoner=schemas.InwonerUit(naam="Truus Voorbeeld", adres="Lindelaan 12", postcode="9999 ZZ",
                                   woonplaats="Voorbeeldstad", telefoon=None, email="truus@voorbeeld.example"),
        namens=None, hulpvraag="Douchen lukt niet meer.", levensgebieden=["wonen"],
        toestemming=schemas.ToestemmingUit(gegeven=True, moment=MOMENT),
        termijnen=schemas.Termijnen(plan_uiterlijk=date(2026, 11, 30), onderzoek_uiterlijk=date(2027, 1, 4)),
        toegewezen_aan=None, plan_versie=1, plan=None)
    figures = {}
    for label, body in (("ordinary", plan_body()),
                        ("long", plan_body(ondersteuningsvraag="Hulp bij het douchen en de trap. " * 125))):
        plan = schemas.PersoonlijkPlan(**schemas.PersoonlijkPlanIn(**body).model_dump(), version=1,
                                       updated_at=MOMENT)
        started = time.perf_counter()
        plan_pdf.render(melding, plan, "Voorbeeldstad")
        first = time.perf_counter() - started
        times = []
        for _ in range(5):
            started = time.perf_counter()
            pdf = plan_pdf.render(melding, plan, "Voorbeeldstad")
            times.append(time.perf_counter() - started)
        figures[label] = {"pages": len(PdfReader(io.BytesIO(pdf)).pages), "kb": round(len(pdf) / 1024, 1),
                          "first_ms": round(first * 1000), "median_ms": round(statistics.median(times) * 1000),
                          "pdfa_problems": pdfa_check.problems(pdf)}
    return figures


def outbox_figures(meldingen: int) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="wmo-mail-bench-"))
    url = f"sqlite:///{folder / 'gemeente.db'}"
    migrate.upgrade(url)
    catcher, tls, port = Catcher(), Tls(), free_port()
    tls.write_ca(folder / "ca.pem")
    controller = smtp_controller(catcher, port, tls, "bench", "bench-password")
    controller.start()
    settings = settings_for(url, None, wmo_smtp_host="127.0.0.1", wmo_smtp_port=port,
                            wmo_smtp_ca_file=str(folder / "ca.pem"), wmo_smtp_user="bench",
                            wmo_smtp_password="bench-password")
    try:
        with TestClient(create_app(settings)) as client:
            posts = []
            started = time.perf_counter()
            for _ in range(meldingen):
                before = time.perf_counter()
                answer = client.post("/api/v1/meldingen", json=melding_body(plan=plan_body()), headers=BOT)
                posts.append(time.perf_counter() - before)
                assert answer.status_code == 201, answer.text
            while len(catcher.mails) < 2 * meldingen and time.perf_counter() - started < 300:
                time.sleep(0.02)
            total = time.perf_counter() - started
    finally:
        controller.stop()
    return {"meldingen": meldingen, "mails": len(catcher.mails),
            "post_median_ms": round(statistics.median(posts) * 1000), "post_max_ms": round(max(posts) * 1000), "all_sent_s": round(total, 1),
            "per_melding_ms": round(total / meldingen * 1000)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meldingen", type=int, default=20)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    result = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "machine": machine(),
              "pdf": pdf_figures(), "outbox": outbox_figures(args.meldingen)}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({key: result[key] for key in ("pdf", "outbox")}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
