"""End to end on short articles: extract_events codes type, place, actors, casualties and date (de and en)."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conflictdata.extract import extract_events
from conflictdata.schema import Event

PUB = "2025-02-12"
RU, UA, KP = "Military Forces of Russia (2000-)", "Military Forces of Ukraine (2019-)", \
    "Military Forces of North Korea (2011-)"
CIV = "Civilians (Ukraine)"


def _events(text, published=PUB, lang=None):
    return extract_events(text, published=published, lang=lang)


def _by_place(events):
    return {e.location: e for e in events}


# --- English -------------------------------------------------------------------------------------------------

def test_en_drone_strike_with_casualties_and_civilians():
    (e,) = _events("Russian drones struck Kharkiv overnight, killing three people and injuring 12, "
                   "regional governor Oleh Syniehubov said.")
    assert (e.event_type, e.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert (e.location, e.admin1, e.country, e.geo_precision) == ("Kharkiv", "Kharkiv", "Ukraine", 1)
    assert (e.actor1, e.inter1, e.actor2, e.inter2) == (RU, "External/Other forces", CIV, "Civilians")
    assert (e.fatalities, e.injured) == (3, 12)
    assert e.civilian_targeting == ""  # harmed, not targeted
    assert e.evidence == ("Russian drones struck Kharkiv overnight, killing three people and injuring 12, "
                          "regional governor Oleh Syniehubov said.",)
    assert e.language == "en" and e.notes.startswith("On ") and "Kharkiv" in e.notes


@pytest.mark.parametrize("text, lang", [("Russische Drohnen trafen Charkiw.", "de"),
                                        ("Russian drones struck Kharkiv.", "en")])
def test_events_of_a_text_too_short_to_detect_say_which_rules_coded_them(text, lang):
    (e,) = _events(text)
    assert (e.location, e.language) == ("Kharkiv", lang)  # not "und"


def test_en_missile_attack_uses_the_sentence_date():
    (e,) = _events("A Russian missile attack on Odesa killed two civilians on Tuesday, local authorities said.")
    assert e.sub_event_type == "Shelling/artillery/missile attack"
    assert (e.location, e.fatalities, e.actor1, e.actor2) == ("Odesa", 2, RU, CIV)
    assert e.event_date == dt.date(2025, 2, 11) and e.time_precision == 1


def test_en_shelling_names_the_attacker_by_its_adjective():
    (e,) = _events("Russian shelling of Kherson killed one man and wounded four people.")
    assert (e.location, e.actor1, e.fatalities, e.injured) == ("Kherson", RU, 1, 4)


def test_en_list_of_places_gives_one_event_per_place_and_splits_the_toll():
    events = _by_place(_events("Russian glide bombs hit Zaporizhzhia and Kramatorsk, injuring at least 10 people."))
    assert len(events) == 2 and "Kramatorsk" in events and any(p.startswith("Zaporizh") for p in events)
    assert sorted(e.injured for e in events.values()) == [5, 5]
    assert all(e.sub_event_type == "Air/drone strike" for e in events.values())


def test_en_capture_by_external_forces_is_non_state_actor_overtakes_territory():
    (e,) = _events("Russian forces captured the village of Novoselivka in Donetsk region, "
                   "the Russian defence ministry claimed.")
    assert (e.event_type, e.sub_event_type) == ("Battles", "Non-state actor overtakes territory")
    assert (e.admin1, e.actor1, e.actor2) == ("Donetsk", RU, UA)  # the village, or the region if unknown
    assert e.confidence < 0.75  # "claimed" lowers it


def test_en_region_alone_is_geo_precision_3():
    (e,) = _events("Russian troops advanced in the Kursk region, the Ukrainian General Staff said.")
    assert (e.event_type, e.admin1, e.geo_precision, e.country) == ("Battles", "Kursk", 3, "Russia")


def test_en_battle_near_a_town_is_geo_precision_2():
    (e,) = _events("Fighting continued near Pokrovsk, where Ukrainian troops repelled 25 Russian assaults, "
                   "the General Staff said.")
    assert (e.event_type, e.sub_event_type, e.location, e.geo_precision) == ("Battles", "Armed clash", "Pokrovsk", 2)
    assert {e.actor1, e.actor2} == {RU, UA}
    assert e.fatalities == 0


def test_en_deployment_outside_home_is_external_forces():
    (e,) = _events("North Korean troops have returned to the front in Russia's Kursk region, Zelensky said.")
    assert (e.event_type, e.sub_event_type) == ("Strategic developments", "Change to group/activity")
    assert (e.actor1, e.inter1, e.actor2, e.admin1, e.geo_precision) == (KP, "External/Other forces", "", "Kursk", 3)


@pytest.mark.parametrize("text", [
    "Russia denied that its troops attacked Kupiansk.",
    "Russia could launch a new offensive on Zaporizhzhia, Zelensky warned.",
    "Russia plans to attack Kharkiv again, officials said.",
    "If Russian forces attack Sumy, the city will be evacuated.",
    "Ministers met in Paris on Monday to discuss the war in Ukraine.",
    "Since the start of the full-scale invasion, more than 12,000 civilians have been killed in Ukraine.",
    "Ukrainian air defences shot down 40 of 70 Russian drones overnight, the air force said.",
    "Did Russian troops attack Kharkiv?",
])
def test_en_negation_modality_context_and_aggregates_code_nothing(text):
    assert _events(text) == []


# --- German --------------------------------------------------------------------------------------------------

def test_de_casualties_in_the_next_sentence_belong_to_the_strike():
    (e,) = _events("Russische Drohnen haben in der Nacht die Stadt Sumy angegriffen. Dabei wurden zwei Menschen "
                   "getötet.")
    assert (e.sub_event_type, e.location, e.actor1, e.actor2, e.fatalities) == (
        "Air/drone strike", "Sumy", RU, CIV, 2)
    assert len(e.evidence) == 2


def test_de_missile_attack_with_casualties():
    (e,) = _events("Bei einem russischen Raketenangriff auf Dnipro sind nach Angaben des Gouverneurs mindestens "
                   "vier Menschen ums Leben gekommen und 20 verletzt worden.")
    assert (e.sub_event_type, e.location, e.fatalities, e.injured, e.actor1) == (
        "Shelling/artillery/missile attack", "Dnipro", 4, 20, RU)


def test_de_casualty_sentence_inherits_the_paragraphs_attack_type_and_attacker():
    text = ("Russland hat seine Luftangriffe auf ukrainische Städte intensiviert. Über ein Dutzend Menschen kamen "
            "dabei ums Leben. In Poltawa wurden 14 Tote und 17 Verletzte gemeldet. Auch andere Städte wie Sumy "
            "und Charkiw wurden betroffen.")
    events = _by_place(_events(text))
    assert set(events) == {"Poltava", "Sumy", "Kharkiv"}  # the total over unnamed cities is not an incident
    poltava = events["Poltava"]
    assert (poltava.sub_event_type, poltava.actor1, poltava.actor2, poltava.fatalities, poltava.injured) == (
        "Air/drone strike", RU, CIV, 14, 17)
    assert events["Sumy"].actor2 == "" and events["Sumy"].fatalities == 0


def test_de_battles_with_direction_and_date():
    (e,) = _events("Laut ukrainischem Militär fanden am 3. Februar 53 Gefechte mit den russischen Truppen statt, "
                   "darunter 25 Angriffe in Richtung Pokrowsk.")
    assert (e.event_type, e.location, e.geo_precision, e.actor1, e.actor2) == ("Battles", "Pokrovsk", 2, RU, UA)
    assert (e.event_date, e.time_precision, e.fatalities) == (dt.date(2025, 2, 3), 1, 0)


def test_de_territory_taken_in_ukraine_and_retaken_at_home():
    (taken,) = _events("Die russischen Streitkräfte haben die Kontrolle über die Stadt Toretsk übernommen.")
    assert (taken.sub_event_type, taken.location, taken.actor1, taken.actor2) == (
        "Non-state actor overtakes territory", "Toretsk", RU, UA)
    (retaken,) = _events("Generalstabschef Gerassimow informierte über die Rückeroberung der Region Kursk durch "
                         "Russland.")
    assert (retaken.sub_event_type, retaken.admin1, retaken.geo_precision, retaken.actor1, retaken.inter1) == (
        "Government regains territory", "Kursk", 3, RU, "State forces")


def test_de_withdrawal_of_external_forces_in_a_border_region():
    (e,) = _events("Nordkoreanische Soldaten, die an der Seite der russischen Armee in der Grenzregion Kursk "
                   "kämpften, wurden abgezogen.")
    assert (e.event_type, e.sub_event_type, e.actor1, e.inter1) == (
        "Strategic developments", "Change to group/activity", KP, "External/Other forces")
    assert (e.admin1, e.geo_precision) == ("Kursk", 3)


def test_de_battle_victims_name_the_other_side_and_vague_counts_follow_acled():
    (e,) = _events("In der russischen Grenzregion Kursk sollen bei Kämpfen Dutzende nordkoreanische Soldaten "
                   "gefallen sein.")
    assert (e.event_type, e.actor1, e.actor2, e.fatalities) == ("Battles", UA, KP, 12)


def test_de_attack_on_a_power_plant_with_unknown_attacker():
    (e,) = _events("Die IAEO berichtete von Angriffen auf das Kernkraftwerk Saporischschja, ohne Informationen "
                   "darüber, welche Seite verantwortlich ist.")
    assert (e.event_type, e.geo_precision, e.actor1) == ("Explosions/Remote violence", 2, "")


def test_de_conflicting_counts_keep_the_lowest_and_the_range():
    events = _events("Bei einem russischen Drohnenangriff auf Cherson wurden 5 Menschen getötet. "
                     "Später meldeten die Behörden in Cherson 7 Tote nach dem Drohnenangriff.")
    (e,) = events
    assert (e.fatalities, e.fatalities_low, e.fatalities_high) == (5, 5, 7)


@pytest.mark.parametrize("text", [
    "Das ukrainische Militär bestritt, dass russische Truppen Kupjansk erobert hätten.",
    "Russland plant einen neuen Angriff auf Charkiw.",
    "Selenskyj warnte vor einem russischen Angriff auf Odessa.",
    "Russland könnte Saporischschja angreifen.",
    "Seit Herbst 2024 hatte Nordkorea mehr als 12.000 Soldaten nach Russland entsandt.",
    "Das Regime in Pjöngjang gibt erstmals zu, Truppen nach Russland entsandt zu haben.",
    "In den kommenden Tagen ist ein Treffen europäischer Außenminister in Paris geplant.",
    "Kiew hat eine Gegenoffensive gestartet.",
    "Grund für diesen Rückzug aus Kursk könnten die hohen Verluste sein.",
    "Es gab keine Angriffe auf Charkiw.",
])
def test_de_negation_modality_context_and_aggregates_code_nothing(text):
    assert _events(text) == []


# --- properties ------------------------------------------------------------------------------------------------

def test_every_event_validates_and_carries_its_evidence():
    events = _events("Russische Drohnen griffen Charkiw an, drei Menschen wurden getötet. In Sumy wurden zwei "
                     "Menschen verletzt.")
    assert events
    for e in events:
        assert isinstance(e, Event) and e.evidence and e.document_ids == ("text",)
        Event.from_record(e.to_record())  # validates


def test_undated_articles_give_undated_events():
    (e,) = _events("Russische Drohnen griffen Charkiw an, drei Menschen wurden getötet.", published=None)
    assert e.event_date is None and "undated" in e.tags


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400), st.sampled_from(["de", "en", None]))
def test_extract_events_is_total(text, lang):
    for e in extract_events(text, published=PUB, lang=lang):
        assert isinstance(e, Event)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([
    "Russische Drohnen griffen Charkiw an.", "Dabei wurden drei Menschen getötet.", "In Sumy gab es Explosionen.",
    "Die russischen Truppen haben Toretsk erobert.", "Russland bestreitet das.", "Es gab keine Toten.",
    "In Poltawa wurden 14 Tote gemeldet.", "Laut ukrainischem Militär gab es 20 Gefechte bei Pokrowsk.",
]), max_size=6))
def test_rules_hold_on_any_sequence_of_sentences(sentences):
    for e in _events(" ".join(sentences)):
        assert e.fatalities >= 0 and e.latitude is not None and e.country == "Ukraine"
        assert e.actor1 != e.actor2 or not e.actor1
        if e.event_type == "Strategic developments" and e.sub_event_type == "Change to group/activity":
            assert e.actor1


def test_de_total_over_a_list_is_split_with_the_remainder_first():
    events = _by_place(_events("Bei russischen Luftangriffen auf Sumy und Charkiw wurden 5 Menschen getötet."))
    assert sorted(e.fatalities for e in events.values()) == [2, 3]
    assert all("divided across 2 places" in e.notes for e in events.values())


def test_de_range_and_plural_without_figure():
    (ranged,) = _events("Bei einem russischen Raketenangriff auf Cherson wurden 10 bis 12 Menschen getötet.")
    assert (ranged.fatalities, ranged.fatalities_low, ranged.fatalities_high) == (10, 10, 12)
    (plural,) = _events("Bei einem russischen Raketenangriff auf Cherson gab es Tote.")
    assert plural.fatalities == 3  # ACLED: plural fatalities without a figure


def test_de_civilians_as_target():
    (e,) = _events("Russische Truppen haben Zivilisten in Cherson gezielt mit Drohnen angegriffen, zwei Menschen "
                   "starben.")
    assert (e.civilian_targeting, e.actor2, e.fatalities) == ("Civilian targeting", CIV, 2)


LONG_EN = """Russia pounds Ukrainian cities with drones and missiles, killing at least 9

KYIV, March 7 (Reuters) - Russia launched a massive drone and missile attack on Ukraine overnight, targeting energy \
facilities in several regions and killing at least nine people, Ukrainian officials said on Friday.

In the central city of Dnipro, a missile hit a five-storey apartment building, killing four people and injuring 19, \
regional governor Serhiy Lysak said on Telegram. Rescue workers were still searching the rubble.

In Kharkiv, Mayor Ihor Terekhov said a drone struck a residential district, wounding six people, including a child. \
Three people were killed in the Odesa region, where Russian drones damaged port infrastructure, Governor Oleh Kiper said.

Ukraine's air force said it had shot down 58 of 96 drones and 25 of 34 missiles.

President Volodymyr Zelensky, speaking in Brussels where he met EU leaders, called for more air defence systems.
"""

LONG_DE = """Russische Angriffe auf Charkiw und Saporischschja: Mehrere Tote

Charkiw (dpa) - Bei massiven russischen Luftangriffen auf die Ukraine sind in der Nacht zum Dienstag mindestens sechs \
Menschen getötet worden. Russland habe das Land mit 120 Drohnen und 15 Raketen angegriffen, teilte die Luftwaffe mit.

In Charkiw schlugen nach Angaben von Bürgermeister Ihor Terechow mehrere Drohnen in Wohnhäuser ein. Vier Menschen seien \
getötet und 23 verletzt worden, darunter drei Kinder. In der Stadt Saporischschja wurde ein Industriebetrieb getroffen; \
zwei Arbeiter kamen ums Leben.

Auch im Gebiet Sumy gab es Einschläge. Dort wurde nach Behördenangaben niemand verletzt.

An der Front im Osten meldete der Generalstab 150 Gefechte. Besonders heftig seien die Kämpfe bei Kostjantyniwka und \
Torezk gewesen.

Der ukrainische Außenminister Andrij Sybiha verurteilte die Angriffe bei einem Treffen in Warschau scharf.
"""


def test_long_english_report_codes_each_town_once():
    events = _by_place(_events(LONG_EN, published="2025-03-07"))
    assert set(events) == {"Dnipro", "Kharkiv", "Odesa"}  # no Kyiv (dateline), no Brussels (a meeting)
    assert (events["Dnipro"].fatalities, events["Dnipro"].injured) == (4, 19)  # "five-storey" is no toll
    assert (events["Kharkiv"].fatalities, events["Kharkiv"].injured) == (0, 6)
    assert (events["Odesa"].fatalities, events["Odesa"].geo_precision) == (3, 3)
    assert all(e.actor1 == RU for e in events.values())


def test_long_german_report_with_strikes_battles_and_a_meeting_abroad():
    events = _events(LONG_DE, published="2025-05-13")
    places = {(e.event_type, e.location): e for e in events}
    assert set(places) == {("Explosions/Remote violence", "Kharkiv"), ("Explosions/Remote violence", "Zaporizhzhia"),
                           ("Explosions/Remote violence", "Sumy"), ("Battles", "Kostiantynivka"),
                           ("Battles", "Toretsk")}
    kharkiv = places[("Explosions/Remote violence", "Kharkiv")]
    assert (kharkiv.fatalities, kharkiv.injured, kharkiv.actor2) == (4, 23, CIV)
    assert places[("Explosions/Remote violence", "Sumy")].injured == 0  # "niemand verletzt": an explicit zero
    assert all(e.event_date == dt.date(2025, 5, 13) for e in events)  # "in der Nacht zum Dienstag"
    assert places[("Battles", "Toretsk")].geo_precision == 2  # "bei X und Y"


# --- returns to the front, violence against civilians ------------------------------------------------------------

@pytest.mark.parametrize("text, lang", [
    ("Nordkoreanische Soldaten sind nach Angaben aus Kiew im Gebiet Kursk an die Front zurückgekehrt.", "de"),
    ("Nordkoreanische Einheiten kehrten am Wochenende an die Front in der Region Kursk zurück.", "de"),
    ("North Korean troops have returned to the front line in the Kursk region, Ukraine's intelligence said.", "en"),
])
def test_return_to_the_front_in_the_war_theatre_codes_without_the_host_state_named(text, lang):
    # North Korea's war against Ukraine is fought in Russia (dyads.tsv theatre): Kursk is no foreign town
    (e,) = _events(text, lang=lang)
    assert (e.event_type, e.sub_event_type) == ("Strategic developments", "Change to group/activity")
    assert (e.location, e.admin1, e.country, e.geo_precision) == ("Kursk", "Kursk", "Russia", 3)
    assert (e.actor1, e.inter1, e.actor2) == (KP, "External/Other forces", "")


@pytest.mark.parametrize("text, lang, place, precision, dead", [
    ("Russian soldiers executed three Ukrainian prisoners of war near Vuhledar, prosecutors said.", "en",
     "Vuhledar", 2, 3),
    ("Russian troops shot dead a Ukrainian prisoner of war in Kurakhove on Sunday.", "en", "Kurakhove", 1, 1),
    ("Russische Soldaten sollen bei Torezk vier ukrainische Kriegsgefangene erschossen haben.", "de",
     "Toretsk", 2, 4),
    ("In Wuhledar wurden zwei Kriegsgefangene von russischen Soldaten hingerichtet.", "de", "Vuhledar", 1, 2),
])
def test_execution_of_prisoners_is_violence_against_civilians_with_the_victims_as_actor2(
        text, lang, place, precision, dead):
    (e,) = _events(text, lang=lang)
    assert (e.event_type, e.sub_event_type) == ("Violence against civilians", "Attack")
    assert (e.location, e.geo_precision, e.fatalities) == (place, precision, dead)
    assert (e.actor1, e.inter1, e.actor2, e.inter2) == (RU, "External/Other forces", CIV, "Civilians")
    assert e.civilian_targeting == "Civilian targeting"  # the victims are the target, by definition


@pytest.mark.parametrize("text, lang, place", [
    ("Russische Soldaten haben in Nowa Kachowka zwei Zivilisten verschleppt.", "de", "Nova Kakhovka"),
    ("Russian forces abducted five civilians in Oleshky on Thursday, the regional administration said.", "en",
     "Oleshky"),
])
def test_abduction_of_civilians(text, lang, place):
    (e,) = _events(text, lang=lang)
    assert (e.event_type, e.sub_event_type) == ("Violence against civilians", "Abduction/forced disappearance")
    assert (e.location, e.geo_precision, e.fatalities) == (place, 1, 0)  # the abducted are not dead
    assert (e.actor1, e.actor2, e.inter2, e.civilian_targeting) == (RU, CIV, "Civilians", "Civilian targeting")
