"""config/gemeente.yml is read completely and strictly: a missing or misspelled fact stops the start."""

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from wmo import gemeente

REPO_CONFIG = Path(__file__).resolve().parents[2] / "config" / "gemeente.yml"


def write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "gemeente.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def valid() -> dict:
    return yaml.safe_load(REPO_CONFIG.read_text(encoding="utf-8"))


def test_the_repository_config_loads_with_every_fact_filled():
    config = gemeente.load(REPO_CONFIG)
    assert config.naam == "Voorbeeldstad"
    assert config.loket.telefoon == "14 0999"
    assert config.loket.email.endswith(".example"), "contact data of the example gemeente must be invented"


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
    ],
)
def test_an_incomplete_or_misspelled_config_names_the_key(tmp_path, change, message):
    data = valid()
    change(data)
    with pytest.raises(gemeente.GemeenteConfigError) as error:
        gemeente.load(write(tmp_path, data))
    assert message in str(error.value)
    assert str(tmp_path) in str(error.value), "the message names the file"


def test_the_config_file_can_be_chosen_by_environment(tmp_path, monkeypatch):
    data = valid()
    data["naam"] = "Anderdorp"
    monkeypatch.setenv(gemeente.PATH_ENV, str(write(tmp_path, data)))
    assert gemeente.load().naam == "Anderdorp"


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
