"""Casualty counts at the event level (docs/methodology.md §5): ages, single victims, vague counts, conflicting and
revised tolls, follow-up sentences, totals over places. Every text is an invented sentence, not a held-out one."""
from __future__ import annotations

import pytest

from conflictdata.extract import extract_events

PUB = "2025-06-20"


def _one(text, lang, location=None):
    events = [e for e in extract_events(text, published=PUB, lang=lang) if location is None or e.location == location]
    assert len(events) == 1, [(e.location, e.event_type) for e in events]
    return events[0]


@pytest.mark.parametrize("text, lang, killed, injured", [
    ("Bei einem russischen Raketenangriff auf Charkiw ist am Donnerstag ein 71 Jahre alter Mann getötet worden.",
     "de", 1, None),
    ("In Charkiw starb am Donnerstag ein 71 Jahre alter Mann durch russischen Artilleriebeschuss.", "de", 1, None),
    ("Bei einem russischen Drohnenangriff auf Sumy wurde am Donnerstag eine 45-Jährige verletzt.", "de", 0, 1),
    ("A Russian drone strike on Kherson killed a 71-year-old man on Thursday.", "en", 1, None),
    ("A Russian missile strike on Dnipro on Thursday killed a woman aged 34.", "en", 1, None),
    ("Russian shelling of Nikopol on Thursday killed two boys aged 9 and 12.", "en", 2, None),
])
def test_ages_are_not_counts(text, lang, killed, injured):
    event = _one(text, lang)
    assert (event.fatalities, event.injured) == (killed, injured)


@pytest.mark.parametrize("text, lang, killed", [
    ("Bei einem russischen Drohnenangriff auf Sumy wurde am Donnerstag ein älterer Passant getötet.", "de", 1),
    ("Bei einem russischen Drohnenangriff auf Sumy kam am Donnerstag ein Mensch ums Leben.", "de", 1),
    ("In Cherson wurde am Donnerstag ein Ehepaar durch russischen Beschuss getötet.", "de", 2),
    ("Bei einem russischen Raketenangriff auf Odessa wurde am Donnerstag eine vierköpfige Familie getötet.", "de", 4),
    ("Bei einem russischen Angriff auf Cherson wurden am Donnerstag beide Insassen eines Autos getötet.", "de", 2),
    ("Russische Drohnen trafen am Donnerstag Sumy, zwei Menschen wurden getötet.", "de", 2),
    ("A Russian drone hit a car in Kherson on Thursday, killing both drivers.", "en", 2),
    ("A Russian strike on Kherson on Thursday killed a family of four.", "en", 4),
    ("A Russian drone attack on Sumy on Thursday killed a child.", "en", 1),
    ("A Russian drone attack on Sumy on Thursday killed a young woman.", "en", 1),
])
def test_single_victims_and_small_groups(text, lang, killed):
    assert _one(text, lang).fatalities == killed


@pytest.mark.parametrize("text, lang, killed", [
    ("Bei einem russischen Luftangriff auf Odessa wurden am Donnerstag mehrere Menschen getötet.", "de", 3),
    ("Bei einem massiven russischen Luftangriff auf Odessa wurden am Donnerstag mehrere Menschen getötet.", "de", 10),
    ("Bei einem russischen Luftangriff auf Odessa wurden am Donnerstag Dutzende Menschen getötet.", "de", 12),
    ("Bei einem russischen Luftangriff auf Odessa wurden am Donnerstag hunderte Menschen getötet.", "de", 100),
    ("A Russian drone attack on Odesa on Thursday killed several people.", "en", 3),
    ("A large-scale Russian missile attack on Odesa on Thursday killed many people.", "en", 10),
    ("A Russian drone killed civilians in Kherson on Thursday.", "en", 3),
])
def test_vague_counts_follow_the_scale_of_the_attack(text, lang, killed):
    assert _one(text, lang).fatalities == killed


def test_a_real_three_is_no_placeholder_for_a_later_figure():
    text = ("Bei einem russischen Luftangriff auf Odessa sind am Donnerstag mindestens drei Menschen getötet worden. "
            "Die Stadtverwaltung sprach zunächst von sechs Toten.")
    event = _one(text, "de")
    assert (event.fatalities, event.fatalities_low, event.fatalities_high) == (3, 3, 6)


def test_a_vague_count_gives_way_to_a_later_figure():
    text = ("Bei einem russischen Luftangriff auf Odessa sind am Donnerstag mehrere Menschen getötet worden. "
            "Die Stadtverwaltung sprach später von sechs Toten.")
    assert _one(text, "de").fatalities == 6


def test_a_regional_total_with_its_toll_is_not_the_town_event():
    text = ("In Cherson starb am Donnerstag ein Mann durch russischen Artilleriebeschuss. Insgesamt hätten russische "
            "Truppen binnen 24 Stunden 30 Ortschaften im Gebiet Cherson beschossen, dabei seien vier Menschen "
            "getötet worden.")
    events = extract_events(text, published=PUB, lang="de")
    assert [(e.location, e.fatalities) for e in events] == [("Kherson", 1)]


def test_revised_tolls_keep_the_lowest_with_the_range():
    text = ("A Russian missile struck an apartment block in Odesa, Ukraine, on Thursday, killing at least 9 people.\n\n"
            "The mayor initially said 7 people had died; by Friday the death toll had risen to 12. More than 40 "
            "people were injured.")
    event = _one(text, "en")
    assert (event.fatalities, event.fatalities_low, event.fatalities_high, event.injured) == (7, 7, 12, 40)


@pytest.mark.parametrize("text, lang", [
    ("Russian missiles hit Pavlohrad in Ukraine on Thursday. One man was killed and four were injured.", "en"),
    ("Russian missiles hit Pavlohrad in Ukraine on Thursday.\n\nThe mayor said one man was killed and four were "
     "injured.", "en"),
    ("Russische Raketen trafen am Donnerstag Pawlohrad. Ein Mann kam ums Leben, vier Menschen wurden verletzt.", "de"),
    ("In Pawlohrad schlug am Donnerstag eine russische Rakete in eine Fabrik ein. Ein Wachmann kam ums Leben, "
     "vier Menschen wurden verwundet.", "de"),
])
def test_deaths_in_the_next_sentence_belong_to_the_incident(text, lang):
    event = _one(text, lang)
    assert (event.location, event.fatalities, event.injured) == ("Pavlohrad", 1, 4)


def test_another_place_in_between_ends_the_incident():
    text = ("Russian missiles hit Pavlohrad in Ukraine on Thursday. In Dnipro, a Russian drone damaged a house. "
            "One man was killed.")
    events = {e.location: e.fatalities for e in extract_events(text, published=PUB, lang="en")}
    assert events["Pavlohrad"] == 0 and events["Dnipro"] == 1


def test_another_victim_elsewhere():
    text = ("One person was killed in Druzhkivka by a Russian drone on Thursday, and another in Kramatorsk when a "
            "glide bomb hit a garage.")
    events = {e.location: e.fatalities for e in extract_events(text, published=PUB, lang="en")}
    assert events == {"Druzhkivka": 1, "Kramatorsk": 1}


@pytest.mark.parametrize("text, lang, expected, split", [
    ("Russian strikes on Kharkiv and Sumy in Ukraine killed five people on Thursday.", "en",
     {"Kharkiv": 3, "Sumy": 2}, True),
    ("Russian strikes on Thursday killed five people across the region: four in Kharkiv and one in Sumy.", "en",
     {"Kharkiv": 4, "Sumy": 1}, False),
    ("Bei russischen Angriffen auf Charkiw und Sumy wurden am Donnerstag fünf Menschen getötet, vier in Charkiw "
     "und einer in Sumy.", "de", {"Kharkiv": 4, "Sumy": 1}, False),
])
def test_a_total_is_split_only_over_places_without_their_own_counts(text, lang, expected, split):
    events = extract_events(text, published=PUB, lang=lang)
    assert {e.location: e.fatalities for e in events} == expected
    assert all(("divided across" in e.notes) == split for e in events)


def test_a_toll_over_unnamed_towns_is_a_total_and_the_itemised_towns_are_the_incidents():
    text = ("KRAMATORSK, Ukraine (AP) — Russian shelling killed at least three civilians in towns across the "
            "Donetsk region on Thursday, officials said. In Kostiantynivka, Russian artillery killed two people. "
            "One person was killed in Druzhkivka by a drone.")
    events = extract_events(text, published=PUB, lang="en")
    assert sorted((e.location, e.fatalities) for e in events) == [("Druzhkivka", 1), ("Kostiantynivka", 2)]


@pytest.mark.parametrize("text, lang, injured", [
    ("In Balaklija beschädigte eine russische Rakete am Donnerstag eine Schule und mehrere Häuser und verletzte "
     "zehn Menschen.", "de", 10),
    ("In Balakliia, a Russian missile damaged a school and several homes on Thursday and wounded 10 people.", "en", 10),
    ("Russian drones attacked Ukraine overnight on Thursday, injuring two people in Sumy and knocking out power "
     "in Kharkiv.", "en", 2),
    ("Bei einem russischen Drohnenangriff auf Sumy wurden am Donnerstag zwei Menschen leicht verwundet.", "de", 2),
    ("A Russian drone hit a bus in Sumy on Thursday; two passengers were hurt.", "en", 2),
])
def test_injured_the_same_way(text, lang, injured):
    assert _one(text, lang, "Sumy" if "Sumy" in text else None).injured == injured


def test_a_weapon_with_a_toll_after_a_battle_paragraph_is_a_strike():
    text = ("Fighting raged near Pokrovsk in Ukraine on Thursday, officials said.\n\n"
            "In Kramatorsk, Russian artillery killed two people and wounded three.")
    events = {e.location: (e.event_type, e.fatalities, e.injured)
              for e in extract_events(text, published=PUB, lang="en")}
    assert events["Kramatorsk"] == ("Explosions/Remote violence", 2, 3)


# the figure as the subject of the casualty word closing its clause ("Drei Menschen wurden bei … getötet")
@pytest.mark.parametrize("text, lang, event_type, place, killed, actor2", [
    ("Vier Menschen wurden am Donnerstag bei einem russischen Raketenangriff auf die Stadt Saporischschja getötet.",
     "de", "Explosions/Remote violence", "Zaporizhzhia", 4, "Civilians (Ukraine)"),
    ("Mindestens sieben Zivilisten sind in der Nacht zum Donnerstag bei einem russischen Drohnenangriff auf Odessa "
     "ums Leben gekommen.", "de", "Explosions/Remote violence", "Odesa", 7, "Civilians (Ukraine)"),
    ("In Cherson wurden am Donnerstag zwei Männer bei einem russischen Artillerieangriff auf einen Markt getötet.",
     "de", "Explosions/Remote violence", "Kherson", 2, "Civilians (Ukraine)"),
    ("Drei ukrainische Soldaten wurden am Donnerstag bei einem Angriff russischer Truppen nahe Pokrowsk getötet.",
     "de", "Battles", "Pokrovsk", 3, "Military Forces of Ukraine (2019-)"),
    ("Four people were killed on Thursday in a Russian missile strike on the city of Zaporizhzhia.", "en",
     "Explosions/Remote violence", "Zaporizhzhia", 4, "Civilians (Ukraine)"),
    ("At least seven civilians in the port city of Odesa were killed overnight in a Russian drone attack.", "en",
     "Explosions/Remote violence", "Odesa", 7, "Civilians (Ukraine)"),
])
def test_toll_told_before_the_attack_word_is_the_clause_subject(text, lang, event_type, place, killed, actor2):
    event = _one(text, lang)
    assert (event.event_type, event.location, event.fatalities, event.actor2) == (event_type, place, killed, actor2)
    assert event.actor1 == "Military Forces of Russia (2000-)"


@pytest.mark.parametrize("text, lang, killed, injured", [
    # a figure of another clause or another noun is no subject
    ("Die Behörden zählten 14 Einschläge, bei einem russischen Angriff auf Sumy am Donnerstag wurde ein Mensch "
     "getötet.", "de", 1, None),
    ("Zwölf Häuser wurden am Donnerstag bei einem russischen Drohnenangriff auf Sumy beschädigt und zwei Menschen "
     "verletzt.", "de", 0, 2),
    ("Russia launched 14 missiles at Sumy on Thursday, and one person was killed.", "en", 1, None),
])
def test_figures_of_other_clauses_are_no_subject(text, lang, killed, injured):
    event = _one(text, lang)
    assert (event.fatalities, event.injured) == (killed, injured)


@pytest.mark.parametrize("text", [
    "Bei russischen Angriffen auf die Ukraine sind in der Nacht zum Mittwoch mindestens fünf Menschen getötet "
    "worden.\n\nIn Saporischschja starben nach Behördenangaben drei Menschen, zwölf wurden verletzt.",
    "Russian attacks on Ukraine killed at least five people overnight.\n\nIn Zaporizhzhia, three people were "
    "killed and twelve injured, officials said.",
])
def test_a_countrywide_toll_is_itemised_by_the_places_told_next(text):
    (e,) = extract_events(text, published="2025-03-05")
    assert (e.event_type, e.location, e.fatalities, e.injured) == ("Explosions/Remote violence", "Zaporizhzhia", 3, 12)


def test_a_battle_lead_itemises_nothing_as_a_strike():
    text = "Russian troops attacked near Pokrovsk, killing two Ukrainian soldiers.\n\nIn Kostiantynivka, three soldiers were wounded."
    assert [(e.sub_event_type, e.location) for e in extract_events(text, published="2025-03-05")] == [
        ("Armed clash", "Pokrovsk")]


@pytest.mark.parametrize("text, expected", [
    ("Elsewhere, Russian shelling killed a 64-year-old man in the Kherson region village of Bilozerka, and a drone "
     "attack on the town of Nikopol wounded three people, local officials reported.",
     {"Bilozerka": (1, None), "Nikopol": (0, 3)}),
    ("Russische Artillerie beschoss Cherson, dabei wurde ein Mann getötet, und eine Drohne traf Nikopol, drei "
     "Menschen wurden verletzt.", {"Kherson": (1, None), "Nikopol": (0, 3)}),
    ("A drone hit Sumy on Monday, and the attack killed two people.", {"Sumy": (2, None)}),  # 'the attack' refers back
    ("One person was killed by Russian shelling in Kherson, and another died in a drone strike on Nikopol.",
     {"Kherson": (1, None), "Nikopol": (1, None)}),
])
def test_each_attack_of_a_sentence_owns_the_toll_of_its_clause(text, expected):
    events = extract_events(text, published="2025-03-07")
    assert {e.location: (e.fatalities, e.injured) for e in events} == expected


def test_a_running_total_with_a_thousands_separator_is_no_follow_up_toll():
    text = ("A Russian missile and drone barrage on Kyiv killed at least 21 people overnight, officials said Tuesday."
            "\n\nThe U.N. says more than 13,300 civilians have been killed since the full-scale invasion.")
    (e,) = extract_events(text, published="2025-06-17")
    assert (e.fatalities, e.fatalities_low, e.fatalities_high) == (21, None, None)


def test_a_summary_over_unnamed_towns_then_a_place_only_toll():
    # regression: the summary flag of the first sentence was taken for a countrywide toll's type (a crash)
    text = "Russian attacks hit towns across the Donetsk region, killing two civilians. In Kramatorsk, one person was injured."
    events = extract_events(text, published="2025-03-07")
    assert [(e.admin1, e.geo_precision, e.fatalities) for e in events] == [("Donetsk", 3, 2)]


@pytest.mark.parametrize("text, place, toll", [
    ("The death toll from Saturday's missile strike on Sumy rose to 35, officials said on Monday.", "Sumy", 35),
    ("The death toll from the Russian missile strike on Sumy has risen to 35.", "Sumy", 35),
    ("Die Zahl der Toten nach dem russischen Raketenangriff auf Sumy ist auf 35 gestiegen.", "Sumy", 35),
    ("Die Zahl der Todesopfer des Angriffs auf Charkiw stieg am Montag auf 12.", "Kharkiv", 12),
])
def test_a_death_toll_that_rose_to_a_figure(text, place, toll):
    (e,) = extract_events(text, published="2025-04-14")
    assert (e.location, e.fatalities) == (place, toll)
