"""The Dutch spaCy pipeline: domain tokens and lemmas, and a new directory whenever its content changes."""

import pytest
import spacy

from bot import spacy_pipeline
from bot.spacy_pipeline import Base, Domain

BLANK = Base(None, "test")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("spacy")
    result = spacy_pipeline.build(out, base=spacy_pipeline.detect_base())
    return result, spacy.load(result.path)


def tokens(nlp, text):
    return [t.text for t in nlp(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # Rasa's SpacyNLP lowercases first, so the lowercase forms are what the bot sees.
        ("hulp in de h.h. graag", ["hulp", "in", "de", "h.h.", "graag"]),
        ("kies pgb/natura", ["kies", "pgb", "/", "natura"]),
        ("Pgb/natura kiezen", ["Pgb", "/", "natura", "kiezen"]),
        ("wmo/wlz grens", ["wmo", "/", "wlz", "grens"]),
        ("incl. vervoer", ["incl.", "vervoer"]),
        ("bel het wmo-loket", ["bel", "het", "wmo-loket"]),
        ("m.v.g. mevrouw de vries", ["m.v.g.", "mevrouw", "de", "vries"]),
    ],
)
def test_domain_words_are_tokenized_as_the_bot_needs(built, text, expected):
    _, nlp = built
    assert tokens(nlp, text) == expected


@pytest.mark.parametrize(
    "word, lemma",
    [
        ("trapliften", "traplift"),
        ("pgb's", "pgb"),
        ("scootmobielen", "scootmobiel"),
        ("cliëntondersteuners", "cliëntondersteuner"),
        ("gemeenten", "gemeente"),
        ("woont", "wonen"),  # from spaCy's own lookup table, not ours
        ("meldingen", "melding"),
    ],
)
def test_lemmas_join_inflected_forms(built, word, lemma):
    _, nlp = built
    assert nlp(word)[0].lemma_ == lemma


def test_the_build_records_its_base(built):
    result, nlp = built
    assert (result.path / spacy_pipeline.BUILD_INFO).is_file()
    assert result.base.description in nlp.meta["description"]


def test_building_again_reuses_the_directory(built):
    result, _ = built
    again = spacy_pipeline.build(result.path.parent, base=result.base)
    assert again.path == result.path
    assert not again.built


def test_a_different_base_gives_a_new_directory_and_removes_the_old(tmp_path, monkeypatch):
    first = spacy_pipeline.build(tmp_path, base=Base(None, "1.0.5"))
    monkeypatch.setattr(spacy_pipeline, "fingerprint", lambda base, domain_file=None: "other-print")
    second = spacy_pipeline.build(tmp_path, base=Base(None, "1.0.5"))
    assert second.path != first.path and second.built
    assert not first.path.exists(), "stale pipelines are removed"


def test_fingerprint_follows_domain_file_and_base(tmp_path):
    domain = tmp_path / "domain.yml"
    domain.write_text(spacy_pipeline.DOMAIN_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    original = spacy_pipeline.fingerprint(BLANK, domain)
    assert spacy_pipeline.fingerprint(BLANK, domain) == original, "stable for the same input"
    domain.write_text(domain.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert spacy_pipeline.fingerprint(BLANK, domain) != original
    assert spacy_pipeline.fingerprint(Base("nl_core_news_md", "3.4.0"), spacy_pipeline.DOMAIN_FILE) != \
        spacy_pipeline.fingerprint(BLANK, spacy_pipeline.DOMAIN_FILE)


def test_base_is_nl_core_news_md_when_installed(monkeypatch):
    versions = {"nl_core_news_md": "3.4.0", "spacy-lookups-data": "1.0.5"}
    monkeypatch.setattr(spacy_pipeline.metadata, "version", lambda name: versions[name])
    assert spacy_pipeline.detect_base() == Base("nl_core_news_md", "3.4.0")


def test_base_is_blank_dutch_without_nl_core_news_md(monkeypatch):
    def version(name):
        if name == "nl_core_news_md":
            raise spacy_pipeline.metadata.PackageNotFoundError(name)
        return "1.0.5"

    monkeypatch.setattr(spacy_pipeline.metadata, "version", version)
    base = spacy_pipeline.detect_base()
    assert base.package is None
    assert "nl_core_news_md is not installed" in base.description


@pytest.mark.parametrize(
    "content, message",
    [
        ("split:\n  pgb/natura: [pgb, natura]\n", "do not spell"),
        ("lemmas:\n  eigen bijdrage: [eigen bijdragen]\n", "must be one token"),
        ("keep_whole: []\nextra: 1\n", "unknown keys"),
    ],
)
def test_domain_file_mistakes_are_reported(tmp_path, content, message):
    path = tmp_path / "domain.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        Domain.load(path)
