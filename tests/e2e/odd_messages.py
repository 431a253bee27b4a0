"""Messages nobody should send but somebody will: generated, seeded, for the bad-input test of the REST channel."""

import json
import random
from typing import Iterator

KINDS = {
    "empty": lambda r: "",
    "whitespace": lambda r: r.choice([" ", "\n", "\t", "   \n\t ", "\u00a0", "\u2003\u2003", "\r\n" * 5]),
    "very long": lambda r: r.choice(["hulp ", "a", "traplift ", "ik wil een melding doen. "]) * r.randint(4000, 20000),
    "long word": lambda r: "x" * 20000,
    "emoji": lambda r: "".join(r.choice("😀🙏🏽👩‍🦽♿️🚕🏠❤️🇳🇱") for _ in range(r.randint(1, 60))),
    "rtl": lambda r: r.choice(["مرحبا، أحتاج مساعدة في المنزل", "שלום, אני צריך עזרה", "\u202eeslaf\u202c hallo",
                                "أريد كرسي متحرك \u200f٠١٢٣٤٥٦٧٨٩"]),
    "control": lambda r: "".join(chr(r.randint(0, 31)) for _ in range(r.randint(1, 40))) + "hallo\x7f\x00",
    "zero width": lambda r: "h\u200ba\u200cl\u200dl\ufeffo \u2060traplift",
    "surrogate": lambda r: "hallo \ud800 \udfff traplift",
    "html": lambda r: r.choice(["<script>alert('x')</script>", "<img src=x onerror=alert(1)>hallo",
                                "<b>vet</b><!-- commentaar -->", "</div></body></html>", "&lt;&amp;&#0;&#x110000;"]),
    "sql": lambda r: r.choice(["'; DROP TABLE events; --", "1 OR 1=1", "\" OR \"\"=\"", "admin'--",
                               "SELECT * FROM melding WHERE 1=1; DELETE FROM melding;"]),
    "json": lambda r: r.choice(['{"sender": "ander", "message": "hallo"}', "[1, 2, {", '{"$where": "1"}', "null",
                                '{"intent": {"name": "melding_doen"}}', "\\u0000\\ud800"]),
    "slash": lambda r: r.choice(["/", "/melding_doen", '/melding_doen{"hulpvraag": "x"}', "/restart", "/session_start",
                                 "/action_listen", "/ja{", "/" + "a" * 300, "/uitleg/wat_is_wmo", "/nlu_fallback"]),
    "other language": lambda r: r.choice(["I need help with cleaning my house", "Potrzebuję pomocy w domu",
                                          "Evde yardıma ihtiyacım var", "我需要家里的帮助", "Мне нужна помощь дома",
                                          "Necesito ayuda en casa", "Ich brauche Hilfe im Haushalt"]),
    "numbers": lambda r: r.choice(["31-02-2026", "99-99-9999", "00-00-0000", "1e308", "-0", "NaN", "€ -5,00",
                                   "€ 99999999999999999999", "0" * 500, "12345678901234567890", "3/3/3",
                                   "gisteren over 3000 jaar", "29 februari 2027"]),
    "format strings": lambda r: r.choice(["{slot}", "{{melding}}", "%s %d %n", "${jndi:ldap://x}", "{0!r}", "\\n\\t"]),
}


def odd_messages(count: int, seed: int = 2015) -> Iterator[tuple]:
    """(kind, message) pairs, the kinds in turn, each message drawn with a seeded generator."""
    r = random.Random(seed)
    kinds = sorted(KINDS)
    for number in range(count):
        kind = kinds[number % len(kinds)]
        yield kind, KINDS[kind](r)


def as_body(sender: str, message: str, gemeente: str = "voorbeeldstad") -> bytes:
    """The request body, as the chat widget on the gemeente's page sends it; json.dumps escapes a lone surrogate as
    JSON allows (\\ud800)."""
    return json.dumps({"sender": sender, "message": message, "metadata": {"gemeente": gemeente}}).encode("utf-8")
