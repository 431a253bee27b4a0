"""api/gesprekken.py: what the review pages and the dashboard count in one conversation of the tracker store."""

from api.gesprekken import beurten, samenvatting
from tests.api.tracker_events import Gesprek


def test_a_form_stopped_with_stop_and_what_was_sent():
    g = (Gesprek().user("/greet", "greet").bot("Welkom")
         .user("ik wil een melding doen", "melding_doen").action("melding_form").loop("melding_form")
         .bot("Wat is uw naam?").user("stop", "stop").action("action_deactivate_loop").loop(None)
         .user("bel mij terug", "terugbelverzoek").loop("terugbel_form").slot("terugbel_akkoord", "ja").loop(None)
         .user("wat kost het", "abonnementstarief").slot("overdracht_id", "abc"))
    s = samenvatting(g.events)
    assert s.berichten == 4, "the widget's own /greet is no message of the inwoner"
    assert s.formulier_gestopt and s.terugbelverzoek and s.overgedragen and s.overdracht_gevraagd
    assert not s.melding and not s.plan
    assert s.onderwerpen == ["melding_doen", "terugbelverzoek", "abonnementstarief"], "stop is no topic"
    assert s.gemeente == "voorbeeldstad"


def test_a_form_that_ends_by_itself_is_not_stopped_but_one_left_while_asking_is():
    klaar = (Gesprek().user("melding", "melding_doen").loop("melding_form").user("Jan", "affirm")
             .slot("melding_akkoord", "ja").loop(None).action("action_versturen"))
    s = samenvatting(klaar.events)
    assert not s.formulier_gestopt and s.melding and s.onderwerpen == ["melding_doen"]
    verlaten = Gesprek().user("plan maken", "persoonlijk_plan_maken").loop("plan_form").bot("Wat lukt niet?")
    assert samenvatting(verlaten.events).formulier_gestopt


def test_bedoelt_u_and_not_understood_are_counted_with_the_message_that_was_not_understood():
    g = (Gesprek().user("hmm ja die brief", "nlu_fallback", 0.3).bot("Bedoelt u ...?", soort="bedoelt_u")
         .user("blabla", "nlu_fallback", 0.1).bot("Ik begreep u niet", soort="niet_begrepen")
         .user("mijn nummer is 0612345678 en nu?", "nlu_fallback", 0.1).bot("Het lukt niet", soort="twee_keer")
         .user("wat is de wmo", "uitleg", 0.95, answer="uitleg/wat_is_wmo").bot("De Wmo is ..."))
    s = samenvatting(g.events)
    assert (s.bedoelt_u, s.niet_begrepen) == (1, 2)
    assert s.niet_begrepen_teksten == ["blabla", "mijn nummer is [telefoonnummer] en nu?"]
    assert s.onderwerpen == ["uitleg/wat_is_wmo"]
    turns = beurten(g.events)
    assert [(t.intent, t.soort) for t in turns] == [("nlu_fallback", "bedoelt_u"), ("nlu_fallback", "niet_begrepen"),
                                                     ("nlu_fallback", "twee_keer"), ("uitleg/wat_is_wmo", None)]
    assert turns[3].antwoorden == ["De Wmo is ..."] and turns[0].zekerheid == 0.3
