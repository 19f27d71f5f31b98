"""General precision rules of the extractor (docs/methodology.md, "Background, context and namesakes"): each test
is a short invented article showing one rule, never a held-out article's sentence."""
from __future__ import annotations

import datetime as dt

import pytest

from conflictdata.extract import extract_events


def _events(text, published="2025-06-20", lang=None):
    return extract_events(text, published=published, lang=lang)


def _where(events):
    return sorted((e.location, e.event_type) for e in events)


def test_background_date_makes_no_event_and_does_not_carry_over():
    text = ("Russian drones struck Sumy overnight, killing two people.\n\n"
            "The town of Izium was recaptured by Ukrainian forces in September that year. "
            "Russian artillery shelled Kupiansk, wounding four civilians.")
    events = _events(text, published="2025-06-20", lang="en")
    assert ("Izium", "Battles") not in _where(events)
    kup = [e for e in events if e.location == "Kupiansk"]
    assert kup and kup[0].event_date != dt.date(2024, 9, 15)  # the background month is not carried over


def test_background_year_in_german():
    text = ("Russische Truppen hatten die Stadt Bachmut im Mai 2023 eingenommen. "
            "In der Nacht zu Freitag griff Russland Charkiw mit Drohnen an, zwei Menschen wurden verletzt.")
    events = _events(text, published="2025-06-20", lang="de")
    assert [e.location for e in events] == ["Kharkiv"]
    assert events[0].event_date == dt.date(2025, 6, 20)


def test_towns_outside_the_countries_at_war_are_context():
    text = ("Russian drones struck Kharkiv overnight, injuring five people. The strike was condemned in "
            "Berlin and Rome; NATO officials in Brussels called the attack a war crime.")
    assert [e.location for e in _events(text, lang="en")] == ["Kharkiv"]


def test_capital_as_government_is_no_incident_place():
    text = ("Die von Moskau eingesetzten Behörden in Donezk meldeten am Freitag einen Drohnenangriff "
            "ukrainischer Truppen, zwei Menschen wurden verletzt.")
    assert "Moscow" not in [e.location for e in _events(text, lang="de")]


def test_surname_after_title_and_first_name_is_a_person():
    text = ("In the city of Belgorod, a Ukrainian drone hit a car, injuring two people, regional governor "
            "Vyacheslav Gusev said.")
    assert [e.location for e in _events(text, lang="en")] == ["Belgorod"]


def test_place_before_a_lexicon_noun_is_not_a_first_name():
    text = "Am Freitag meldete die Verwaltung des Hafens Ismajil Einschläge russischer Kampfdrohnen."
    assert [e.location for e in _events(text, lang="de")] == ["Izmail"]


def test_namesake_in_the_region_the_clause_names():
    text = "Heavy fighting was reported near Lyman in the northern Donetsk region on Friday, the army said."
    events = _events(text, lang="en")
    assert [(e.location, e.admin1) for e in events] == [("Lyman", "Donetsk")]


def test_big_city_wins_over_a_village_namesake():
    text = ("Ukrainian drones attacked Kursk and Voronezh overnight. In Voronezh, debris hit a house, "
            "injuring two people.")
    places = {(e.location, e.country) for e in _events(text, lang="en")}
    assert ("Voronezh", "Russia") in places and not any(c == "Ukraine" for _, c in places)


def test_short_town_name_in_a_region_phrase():
    text = "In Uman im Gebiet Tscherkassy wurde am Freitag bei einem Drohnenangriff ein Mensch getötet."
    assert [e.location for e in _events(text, lang="de")] == ["Uman"]


def test_river_mouth_is_not_the_city():
    text = ("Russian forces shelled Ochakiv, a port town at the mouth of the Dnipro-Bug estuary, on Friday, "
            "injuring a man.")
    assert [e.location for e in _events(text, lang="en")] == ["Ochakiv"]


def test_modal_covers_a_list_of_names():
    text = "Von der Anhöhe aus könnten die Angreifer Kostjantyniwka, Druschkiwka und Kramatorsk unter Beschuss nehmen."
    assert _events(text, lang="de") == []


def test_repelled_ground_attacks_are_a_battle_not_an_interception():
    text = "Bei Kostjantyniwka und Torezk seien am Montag russische Angriffe abgewehrt worden, teilte der Generalstab mit."
    types = {(e.location, e.event_type) for e in _events(text, lang="de")}
    assert types == {("Kostiantynivka", "Battles"), ("Toretsk", "Battles")}


def test_repelled_drones_are_an_interception():
    text = "Die Flugabwehr habe am Montag über der Region Odessa zwölf Drohnen abgewehrt."
    (e,) = _events(text, lang="de")
    assert (e.event_type, e.sub_event_type, e.geo_precision) == ("Strategic developments", "Disrupted weapons use", 3)


def test_city_district_is_coded_as_the_city():
    text = ("In the city of Kherson, a Russian drone dropped explosives on a car in the Dniprovskyi district "
            "on Friday, killing a man.")
    assert [(e.location, e.fatalities) for e in _events(text, lang="en")] == [("Kherson", 1)]
    text = ("In Kiew wurden am Freitag zwei Menschen verletzt, als Trümmer einer Drohne auf ein Wohnhaus im "
            "Bezirk Schewtschenkiwskyj fielen.")
    assert [e.location for e in _events(text, lang="de")] == ["Kyiv"]


def test_weapon_noun_in_an_arrest_is_no_strike():
    text = ("Der Geheimdienst nahm am Dienstag in Saporischschja einen Mann fest, der Koordinaten für "
            "Raketenangriffe weitergegeben haben soll.")
    (e,) = _events(text, lang="de")
    assert (e.event_type, e.sub_event_type, e.location) == ("Strategic developments", "Arrests", "Zaporizhzhia")


def test_drones_destroyed_over_a_list_of_regions_are_region_interceptions():
    text = "Russia's Defense Ministry said on Friday that its forces had destroyed 30 Ukrainian drones over the Kursk and Oryol regions."
    events = _events(text, lang="en")
    assert {(e.location, e.sub_event_type, e.geo_precision) for e in events} == {
        ("Kursk", "Disrupted weapons use", 3), ("Oryol", "Disrupted weapons use", 3)}


def test_launched_assaults_are_a_battle_only():
    text = "Russian forces launched several assaults near Vovchansk on Friday, which were repelled."
    assert {(e.location, e.event_type) for e in _events(text, lang="en")} == {("Vovchansk", "Battles")}


def test_running_total_does_not_attach_to_the_last_strike():
    text = ("In Kramatorsk schlugen am Mittwoch zwei Gleitbomben ein; zwei Menschen starben. "
            "Seit 2014 sind im Donbass Zehntausende Menschen getötet worden.")
    (e,) = _events(text, lang="de")
    assert (e.location, e.sub_event_type, e.fatalities) == ("Kramatorsk", "Air/drone strike", 2)


def test_weapon_subject_with_a_damage_verb_is_a_strike():
    text = "In Ternopil zerstörte am Montag eine Rakete eine Lagerhalle."
    (e,) = _events(text, lang="de")
    assert (e.location, e.event_type) == ("Ternopil", "Explosions/Remote violence")


def test_unnamed_attacker_and_air_defence_are_the_war_parties():
    (strike,) = _events("In Kharkiv, a drone hit railway infrastructure on Friday.", lang="en")
    assert strike.actor1 == "Military Forces of Russia (2000-)"
    (dwu,) = _events("Über der Region Krasnodar seien am Freitag 28 Drohnen abgeschossen worden.", lang="de")
    assert (dwu.sub_event_type, dwu.actor1, dwu.actor2) == (
        "Disrupted weapons use", "Military Forces of Russia (2000-)", "Military Forces of Ukraine (2019-)")


def test_the_struck_country_named_in_a_dateline_is_not_the_attacker():
    text = "LUTSK, Ukraine — Russia struck Lutsk with missiles early on Friday, injuring seven people."
    assert {e.actor1 for e in _events(text, lang="en")} == {"Military Forces of Russia (2000-)"}


def test_civilian_targeting_needs_civilians_as_the_target_not_only_as_victims():
    # codebook: civilians were the main or only target; civilians killed in a strike on something else do not count
    (plant,) = _events("Russland hat am Freitag gezielt die Energieinfrastruktur in Charkiw angegriffen, zwei "
                       "Menschen wurden getötet.", lang="de")
    assert (plant.event_type, plant.location, plant.fatalities) == ("Explosions/Remote violence", "Kharkiv", 2)
    assert (plant.actor2, plant.civilian_targeting) == ("Civilians (Ukraine)", "")
    (bus,) = _events("Eine russische Drohne hat in Cherson gezielt Zivilisten an einer Bushaltestelle angegriffen.",
                     lang="de")
    assert (bus.sub_event_type, bus.location, bus.fatalities) == ("Air/drone strike", "Kherson", 0)
    assert (bus.actor2, bus.civilian_targeting) == ("Civilians (Ukraine)", "Civilian targeting")  # no one harmed
    (hunt,) = _events("Russian drones deliberately targeted civilians in Nikopol on Sunday, injuring three people.",
                      lang="en")
    assert (hunt.sub_event_type, hunt.location, hunt.injured) == ("Air/drone strike", "Nikopol", 3)
    assert (hunt.actor1, hunt.actor2, hunt.civilian_targeting) == (
        "Military Forces of Russia (2000-)", "Civilians (Ukraine)", "Civilian targeting")


# German verb brackets (`~~` in triggers.tsv): the particle closes the clause, however long its middle part
@pytest.mark.parametrize("text, lang, sub_event, places", [
    ("In der Nacht zum Donnerstag griffen russische Truppen die Städte Sumy und Konotop mit Kamikaze-Drohnen an.",
     "de", "Air/drone strike", ["Konotop", "Sumy"]),
    ("Am Donnerstag griffen russische Einheiten die Orte Charkiw, Tschuhujiw und Balaklija im Osten des Landes mit "
     "Artillerie an.", "de", "Shelling/artillery/missile attack", ["Balakliia", "Chuhuyiv", "Kharkiv"]),
    ("On Thursday Russian forces attacked Sumy and Konotop with drones.", "en", "Air/drone strike",
     ["Konotop", "Sumy"]),
])
def test_separable_attack_verb_with_a_long_middle_part(text, lang, sub_event, places):
    events = _events(text, lang=lang)
    assert sorted(e.location for e in events) == places
    assert {(e.event_type, e.sub_event_type, e.actor1) for e in events} == {
        ("Explosions/Remote violence", sub_event, "Military Forces of Russia (2000-)")}
    assert {e.event_date for e in events} == {dt.date(2025, 6, 19)}


@pytest.mark.parametrize("text, lang, place", [
    ("Am Donnerstag zogen die ukrainischen Streitkräfte ihre letzten Einheiten aus der Kleinstadt Welyka Nowosilka "
     "im Gebiet Donezk ab.", "de", "Velyka Novosilka"),
    ("Am Donnerstag zog sich die ukrainische Armee nach schweren Kämpfen aus dem Dorf Kurachowe im Gebiet Donezk "
     "zurück.", "de", "Kurakhove"),
    ("On Thursday Ukrainian forces withdrew their last units from the town of Velyka Novosilka in the Donetsk "
     "region.", "en", "Velyka Novosilka"),
])
def test_separable_withdrawal_verb_with_a_long_middle_part(text, lang, place):
    (e,) = _events(text, lang=lang)
    assert (e.event_type, e.sub_event_type, e.location, e.actor1, e.fatalities) == (
        "Strategic developments", "Change to group/activity", place, "Military Forces of Ukraine (2019-)", 0)


@pytest.mark.parametrize("text", [
    "Russische Truppen griffen Charkiw am Donnerstag entgegen ersten Meldungen nicht an.",
    "Die ukrainische Armee zog ihre Truppen aus der Stadt Pokrowsk am Donnerstag nicht ab.",
])
def test_a_cue_inside_a_verb_bracket_qualifies_it(text):
    assert _events(text, lang="de") == []


@pytest.mark.parametrize("text", [
    "Air raid alerts were declared in the Kyiv, Kharkiv and Poltava regions on Monday night.",
    "A drone attack warning was issued for Odesa on Monday.",
])
def test_a_warning_of_an_attack_is_no_attack(text):
    assert _events(text) == []


def test_a_strike_during_an_air_raid_alert_is_kept():
    (e,) = _events("An air raid alert was in effect in Sumy as Russian drones struck the city, killing two.")
    assert (e.sub_event_type, e.location, e.fatalities) == ("Air/drone strike", "Sumy", 2)


@pytest.mark.parametrize("text", [
    "Die Beerdigung der Opfer des Angriffs auf Sumy fand am Freitag statt.",
    "The funeral of the victims of the Russian missile strike on Sumy took place on Friday.",
    "A memorial service for those killed in the strike on Kramatorsk was held on Sunday.",
])
def test_a_ceremony_for_the_victims_dates_no_attack(text):
    assert _events(text) == []


@pytest.mark.parametrize("text, place", [
    ("Am Jahrestag des Angriffs auf Kramatorsk wurde am Montag erneut Charkiw beschossen.", "Kharkiv"),
    ("Russian missiles hit Dnipro on Monday two weeks after a similar attack on Kryvyi Rih.", "Dnipro"),
    ("Kharkiv declared a day of mourning after a Russian strike killed 14 people on Tuesday.", "Kharkiv"),
])
def test_the_target_of_a_past_attack_is_no_place_of_todays(text, place):
    assert [e.location for e in _events(text)] == [place]


@pytest.mark.parametrize("text, lang", [
    ("Die Ukraine griff nach russischen Angaben in der Nacht die Region Brjansk mit 30 Drohnen an. Alle seien "
     "abgefangen worden, teilte das Verteidigungsministerium in Moskau mit.", "de"),
    ("Ukraine attacked the Bryansk region with 30 drones overnight, the Russian Defense Ministry said. All of them "
     "were shot down.", "en"),
])
def test_an_attack_wholly_shot_down_is_its_interception_only(text, lang):
    events = _events(text, lang=lang)
    assert [(e.sub_event_type, e.admin1) for e in events] == [("Disrupted weapons use", "Bryansk")]


def test_a_strike_with_casualties_stays_although_the_drones_were_shot_down():
    text = "Russia attacked Kyiv with drones overnight, injuring two people. All drones were shot down, officials said."
    assert {e.sub_event_type for e in _events(text)} == {"Air/drone strike", "Disrupted weapons use"}


@pytest.mark.parametrize("text, place", [
    ("Russische Truppen nahmen nach eigenen Angaben das Dorf Andrijiwka im Gebiet Donezk ein.", "Andriyivka"),
    ("Russland nimmt nach Angaben aus Moskau die Stadt Tschassiw Jar ein.", "Chasiv Yar"),
])
def test_separable_einnehmen_of_a_settlement_is_a_capture(text, place):
    (e,) = _events(text, lang="de")
    assert (e.sub_event_type, e.location) == ("Non-state actor overtakes territory", place)


@pytest.mark.parametrize("text", ["Die Soldaten nahmen ihre Stellungen bei Pokrowsk ein.",
                                  "Die Verletzten nahmen Schmerzmittel ein."])
def test_einnehmen_without_a_settlement_is_no_capture(text):
    assert _events(text, lang="de") == []


@pytest.mark.parametrize("text", [
    "Die russische Flugabwehr habe in der Nacht insgesamt 45 Drohnen über den Gebieten Kursk, Belgorod und Woronesch "
    "abgeschossen, hieß es aus Moskau.",
    "Russian air defences shot down a total of 45 drones over the Kursk, Belgorod and Voronezh regions overnight.",
])
def test_a_nights_total_shot_down_over_named_regions_is_one_interception_per_region(text):
    assert sorted((e.sub_event_type, e.admin1) for e in _events(text)) == [
        ("Disrupted weapons use", "Belgorod"), ("Disrupted weapons use", "Kursk"), ("Disrupted weapons use", "Voronezh")]


@pytest.mark.parametrize("text", [
    "Since 2022, air defences have shot down more than 500 drones over the Kursk region.",
    "Seit 2022, so das Ministerium, wurden über der Region Kursk mehr als 500 Drohnen abgeschossen.",
])
def test_a_running_total_since_a_year_is_no_event_across_a_comma(text):
    assert _events(text) == []
