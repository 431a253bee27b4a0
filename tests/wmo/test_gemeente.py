"""A file per gemeente (config/gemeenten/<slug>.yml), read completely and strictly: a missing or misspelled fact
stops the start, naming the file and the key. The two invented gemeenten differ in every fact, so a test can tell
whose facts a conversation or a page got."""

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from wmo import gemeente

REPO_DIR = Path(__file__).resolve().parents[2] / "config" / "gemeenten"


def write(folder: Path, data: dict, slug: str = "voorbeeldstad") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def valid(slug: str = "voorbeeldstad") -> dict:
    return yaml.safe_load((REPO_DIR / f"{slug}.yml").read_text(encoding="utf-8"))


def leaves(value, prefix=""):
    """Every fact of a loaded gemeente, by its key: ("loket.telefoon", "14 0999"), ..."""
    if dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from leaves(getattr(value, field.name), f"{prefix}{field.name}.")
    else:
        yield prefix.rstrip("."), value


def test_the_repository_serves_two_invented_gemeenten_with_every_fact_filled():
    served = gemeente.load_all(REPO_DIR)
    assert list(served) == ["oeverdam", "voorbeeldstad"], "sorted by name"
    for slug, config in served.items():
        assert config.slug == slug
        assert config.loket.email.endswith(".example"), "contact data of the example gemeenten must be invented"
        assert config.website.startswith("https://www.") and ".example" in config.website


def test_the_two_invented_gemeenten_differ_in_every_fact():
    served = gemeente.load_all(REPO_DIR)
    voorbeeldstad, oeverdam = dict(leaves(served["voorbeeldstad"])), dict(leaves(served["oeverdam"]))
    same = sorted(key for key in voorbeeldstad if voorbeeldstad[key] == oeverdam[key]
                  and key != "chat_met_medewerker.zondag")  # nobody chats on Sunday: a fact, not a mix-up
    assert same == [], f"a fact the two share cannot show whose facts a conversation got: {same}"


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d.pop("naam"), "missing naam"),
        (lambda d: d["loket"].pop("telefoon"), "missing loket.telefoon"),
        (lambda d: d["loket"].update(telefoon=""), "missing loket.telefoon"),
        (lambda d: d["loket"].update(telefoon=None), "missing loket.telefoon"),
        (lambda d: d["loket"].update(telefon="14 0999"), "loket: unknown key(s) telefon"),
        (lambda d: d.update(wethouder="A. Jansen"), "top level: unknown key(s) wethouder"),
        (lambda d: d.update(loket="14 0999"), "loket: expected a mapping"),
        (lambda d: d["loket"].update(email=["a@b.example"]), "loket.email: expected text"),
        (lambda d: d["bezwaar"].update(adviescommissie="ja"), "bezwaar.adviescommissie: expected true or false"),
        (lambda d: d["eigen_bijdrage"].update(abonnementstarief="gratis"), "expected maximum, geen or an amount"),
        (lambda d: d["eigen_bijdrage"].update(abonnementstarief="-5"), "cannot be negative"),
        (lambda d: d.pop("bezwaar"), "missing bezwaar"),
        (lambda d: d.pop("clientondersteuning"), "missing clientondersteuning"),
        (lambda d: d["clientondersteuning"].pop("telefoon"), "missing clientondersteuning.telefoon"),
        (lambda d: d["algemene_voorzieningen"].pop("maaltijdservice"),
         "missing algemene_voorzieningen.maaltijdservice"),
        (lambda d: d["algemene_voorzieningen"]["ontmoeting"].pop("bereikbaar"),
         "missing algemene_voorzieningen.ontmoeting.bereikbaar"),
        (lambda d: d["regiotaxi"].update(naam=None), "missing regiotaxi.naam"),
        (lambda d: d.update(slug="anders"), "top level: unknown key(s) slug"),
        (lambda d: d["chat_met_medewerker"].update(maandag="9 tot 5"),
         "chat_met_medewerker: expected hours such as 09:00-16:30, or gesloten"),
        (lambda d: d["chat_met_medewerker"].update(dinsdag="17:00-09:00"), "is not after its start"),
        (lambda d: d["chat_met_medewerker"].update(wachttijd_minuten="5"),
         "chat_met_medewerker.wachttijd_minuten: expected a whole number"),
        (lambda d: d["chat_met_medewerker"].update(wachttijd_minuten=0), "wachttijd_minuten must be 1 to 60"),
        (lambda d: d.pop("chat_met_medewerker"), "missing chat_met_medewerker"),
        (lambda d: d.pop("mail"), "missing mail"),
        (lambda d: d["mail"].update(registratie="zgw"), "mail.registratie: expected one of api, email"),
        (lambda d: d["mail"].pop("wmo_mailbox"), "missing mail.wmo_mailbox (mail.registratie is email)"),
        (lambda d: d["mail"].update(wmo_mailbox="wmo at voorbeeldstad"), "mail.wmo_mailbox: expected an e-mail"),
        (lambda d: d["mail"].update(afzender="Wmo <noreply@voorbeeldstad.example>"),
         "mail.afzender: expected an e-mail address"),
    ],
)
def test_an_incomplete_or_misspelled_file_names_the_file_and_the_key(tmp_path, change, message):
    data = valid()
    change(data)
    path = write(tmp_path, data)
    with pytest.raises(gemeente.GemeenteConfigError) as error:
        gemeente.load(path)
    assert message in str(error.value)
    assert str(path) in str(error.value), "the message names the file"


@pytest.mark.parametrize("name", ["Voorbeeldstad.yml", "voorbeeld_stad.yml", "1stad.yml", "stad--west.yml",
                                  "stad-.yml", "v.yml"])
def test_the_file_name_is_a_slug(tmp_path, name):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(valid()), encoding="utf-8")
    with pytest.raises(gemeente.GemeenteConfigError, match="the file name is the gemeente's slug"):
        gemeente.load(path)


def test_a_slug_with_a_hyphen_is_a_slug(tmp_path):
    assert gemeente.load(write(tmp_path, valid(), "sudwest-fryslan")).slug == "sudwest-fryslan"


def test_the_directory_is_chosen_by_environment_and_read_whole(tmp_path, monkeypatch):
    data = valid()
    data["naam"] = "Anderdorp"
    write(tmp_path, data, "anderdorp")
    write(tmp_path, valid("oeverdam"), "oeverdam")
    (tmp_path / "LEESMIJ.txt").write_text("not a gemeente", encoding="utf-8")
    monkeypatch.setenv(gemeente.DIR_ENV, str(tmp_path))
    served = gemeente.load_all()
    assert [config.naam for config in served.values()] == ["Anderdorp", "Oeverdam"]


def test_an_empty_directory_or_two_gemeenten_of_one_name_stop_the_start(tmp_path):
    with pytest.raises(gemeente.GemeenteConfigError, match="no gemeente"):
        gemeente.load_all(tmp_path)
    write(tmp_path, valid(), "voorbeeldstad")
    write(tmp_path, valid(), "voorbeeldstad-oud")
    with pytest.raises(gemeente.GemeenteConfigError, match="both have the naam 'Voorbeeldstad'"):
        gemeente.load_all(tmp_path)
    with pytest.raises(gemeente.GemeenteConfigError, match="no such directory"):
        gemeente.load_all(tmp_path / "missing")


def test_a_gemeente_is_found_by_its_slug_and_by_its_name_as_typed(monkeypatch):
    monkeypatch.setattr(gemeente, "alle", lambda: gemeente.load_all(REPO_DIR))
    assert gemeente.get("oeverdam").naam == "Oeverdam"
    with pytest.raises(gemeente.OnbekendeGemeente):
        gemeente.get("amsterdam")
    with pytest.raises(gemeente.OnbekendeGemeente):
        gemeente.get(None)
    for typed in ("Oeverdam", "oeverdam", " OEVERDAM. ", "gemeente Oeverdam", "oeverdam!"):
        assert gemeente.bij_naam(typed).slug == "oeverdam", typed
    for typed in ("", None, "ik woon in Oeverdam", "Oeverdam of Voorbeeldstad", "Amsterdam"):
        assert gemeente.bij_naam(typed) is None, typed
    assert gemeente.enige() is None, "two gemeenten: no single one"


def test_a_deployment_of_one_gemeente_has_an_only_one(tmp_path, monkeypatch):
    write(tmp_path, valid("oeverdam"), "oeverdam")
    monkeypatch.setattr(gemeente, "alle", lambda: gemeente.load_all(tmp_path))
    assert gemeente.enige().slug == "oeverdam"


def test_the_check_command_names_each_complete_file_and_fails_on_a_broken_one(tmp_path, capsys):
    assert gemeente.check([str(REPO_DIR / "oeverdam.yml")]) == 0
    assert "oeverdam: gemeente Oeverdam, Sociaal Wijkteam" in capsys.readouterr().out
    data = valid()
    data["loket"].pop("email")
    assert gemeente.check([str(write(tmp_path, data))]) == 1
    assert "missing loket.email" in capsys.readouterr().err


def test_numbers_written_without_quotes_are_kept_as_text(tmp_path):
    data = valid()
    data["loket"]["telefoon"] = 140999
    assert gemeente.load(write(tmp_path, data)).loket.telefoon == "140999"


@pytest.mark.parametrize(
    "choice, per_month",
    [("maximum", None), ("geen", Decimal("0")), ("15,00", Decimal("15.00")), ("€ 12,50", Decimal("12.50")),
     (10, Decimal("10"))],
)
def test_the_gemeente_chooses_its_abonnementstarief(tmp_path, choice, per_month):
    data = valid()
    data["eigen_bijdrage"]["abonnementstarief"] = choice
    config = gemeente.load(write(tmp_path, data))
    assert config.eigen_bijdrage.tarief_per_maand() == per_month
    assert gemeente.tarief_keuzes(config).abonnementstarief == per_month


def test_a_false_flag_is_a_value_not_a_missing_key(tmp_path):
    data = valid()
    data["bezwaar"]["adviescommissie"] = False
    assert gemeente.load(write(tmp_path, data)).bezwaar.adviescommissie is False
