"""The bot-level evaluation of issue 24: 300 questions as inwoners type them, through the real running bot.

Each question starts a new conversation; the first reply must contain what the set says (tests/e2e/sets/
eerste_antwoord.yml), or for a question with a date about the bezwaar or plan term, the exact last day that
wmo/termijnen.py computes. The share right is written to var/test-results/eerste_antwoord.json with every miss.
Done when at least 90% are right, and every dated bezwaar/plan question gives the exact day. The set is never
trained on (tests/tools/test_evaluation_sets.py).
"""

import json
from datetime import date
from pathlib import Path

import yaml

from tests.e2e.conftest import TODAY, Conversation
from wmo import termijnen
from wmo.datums import vind_datum
from wmo.kalender import datum_voluit

ROOT = Path(__file__).resolve().parents[2]
SET = Path(__file__).with_name("sets") / "eerste_antwoord.yml"
REPORT = ROOT / "var" / "test-results" / "eerste_antwoord.json"
VANDAAG = date.fromisoformat(TODAY)
TERMIJNEN = {"bezwaar": termijnen.bezwaartermijn, "plan": termijnen.plantermijn}
MIN_SHARE = 0.90


def questions():
    return yaml.safe_load(SET.read_text(encoding="utf-8"))["vragen"]


def expected(item) -> list:
    """What the reply must hold: every text of the list, or (for `een_van`) one of them."""
    if "termijn" in item:
        found = vind_datum(item["vraag"], VANDAAG)
        assert found is not None and found.datum is not None, f"no date to read in {item['vraag']!r}"
        return [datum_voluit(TERMIJNEN[item["termijn"]](found.datum, VANDAAG).laatste_dag)]
    return list(item.get("bevat") or item["een_van"])


def test_the_set_has_at_least_300_questions_each_with_what_the_reply_must_hold():
    items = questions()
    assert len(items) >= 300 and len({item["vraag"] for item in items}) == len(items)
    assert all(sum(key in item for key in ("bevat", "een_van", "termijn")) == 1 for item in items)


def test_the_first_reply_is_right_for_nine_in_ten_and_every_dated_term_is_exact(stack):
    results = []
    for item in questions():
        reply = Conversation(stack.settings.webhook_url).text(item["vraag"])
        wanted = expected(item)
        found = [text.lower() in reply.lower() for text in wanted]
        right = any(found) if "een_van" in item else all(found)
        results.append({"vraag": item["vraag"], "termijn": item.get("termijn"), "moet_bevatten": wanted,
                        "goed": right, "antwoord": reply})
    right = [r for r in results if r["goed"]]
    dated = [r for r in results if r["termijn"]]
    share = len(right) / len(results)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps({
        "vragen": len(results), "goed": len(right), "aandeel_goed": round(share, 3),
        "termijn_met_datum": len(dated), "termijn_met_datum_goed": sum(r["goed"] for r in dated),
        "fout": [r for r in results if not r["goed"]]}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nBot-level set: {len(right)} of {len(results)} right in the first reply ({share:.1%}); dated terms "
          f"{sum(r['goed'] for r in dated)} of {len(dated)}. Misses: {REPORT}")
    misses = [f"{r['vraag']!r} -> {r['antwoord'][:120]!r}" for r in results if not r["goed"]]
    assert all(r["goed"] for r in dated), "a dated term question without the exact day:\n" + "\n".join(
        m for m, r in zip(misses, [r for r in results if not r["goed"]]) if r["termijn"])
    assert share >= MIN_SHARE, f"{share:.1%} right, below {MIN_SHARE:.0%}:\n" + "\n".join(misses)
