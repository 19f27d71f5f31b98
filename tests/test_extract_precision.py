"""Precision rules for place names that are not incidents, casualty counts and event kinds on unseen wire
text (docs/methodology.md, "Places that are not incidents"). Every test is an invented article."""
from __future__ import annotations

import pytest

from conflictdata.extract import extract_events


def _events(text, lang, published="2025-06-20"):
    return extract_events(text, published=published, lang=lang)


def _places(events):
    return sorted({e.location for e in events})


def test_authorities_named_after_a_place_are_context_en():
    text = ("Russian drones attacked Odesa overnight, the Kharkiv Oblast Prosecutor's Office said. "
            "The Sumy Regional Military Administration and the Mayor of Kyiv Vitali Klitschko condemned it.")
    assert _places(_events(text, "en")) == ["Odesa"]


def test_authorities_named_after_a_place_are_context_de():
    text = ("Russische Drohnen haben in der Nacht die Stadt Charkiw angegriffen. Das teilte die "
            "Militärverwaltung des Gebiets Poltawa mit, auch der Bürgermeister von Kiew äußerte sich.")
    assert _places(_events(text, "de")) == ["Kharkiv"]


def test_streets_and_first_names_are_not_towns():
    text = "A Russian drone hit a house on Bohdan Khmelnytskyi Street in Dnipro, governor Serhiy Lysak said."
    assert _places(_events(text, "en")) == ["Dnipro"]


def test_a_first_name_starting_a_sentence_is_not_a_town_but_a_town_before_a_nationality_is():
    text = "Serhiy Lysak said Russian missiles struck Dnipro. In Kharkiv Russian drones hit a school."
    assert _places(_events(text, "en")) == ["Dnipro", "Kharkiv"]


def test_reservoirs_and_dams_are_not_the_town():
    assert _places(_events("Russian shelling hit Nikopol near the Kakhovka dam on Sunday.", "en")) == ["Nikopol"]
    assert _places(_events("Russische Artillerie beschoss Nikopol am Kachowka-Stausee.", "de")) == ["Nikopol"]


def test_an_office_gives_the_place_only_when_the_sentence_names_no_other():
    text = "Eine russische Drohne schlug in der Nacht ein, teilte der Bürgermeister von Konotop mit."
    events = _events(text, "de")
    assert [(e.location, e.geo_precision) for e in events] == [("Konotop", 1)]


def _tolls(text, lang):
    return [(e.location, e.fatalities) for e in _events(text, lang)]


def test_german_verb_first_toll():
    assert _tolls("Ein russischer Drohnenangriff tötete in Cherson am Montag zwei Zivilisten.", "de") == \
        [("Kherson", 2)]


def test_listed_people_are_counted():
    assert _tolls("A Russian missile strike on Kharkiv killed a 70-year-old man and his wife.", "en") == \
        [("Kharkiv", 2)]
    assert _tolls("A Russian drone attack on Kherson killed a woman and her two children.", "en") == \
        [("Kherson", 3)]
    assert _tolls("Bei einem russischen Angriff auf Sumy wurden ein Mann und seine Frau getötet.", "de") == \
        [("Sumy", 2)]


def test_durations_and_running_totals_are_no_tolls():
    assert _tolls("Russian shelling over the past 24 hours killed two civilians in Kherson.", "en") == \
        [("Kherson", 2)]
    text = ("Russian drones struck Izium on Monday. More than 400 civilians have been killed in the town "
            "since its liberation.")
    assert _tolls(text, "en") == [("Izium", 0)]


def test_a_government_protesting_is_no_protest_event():
    text = ("The Ukrainian foreign ministry protested against the Russian strikes on Sumy. "
            "Ukraine protested the shelling of Kherson.")
    assert all(e.event_type != "Protests" for e in _events(text, "en"))
    text = "Das ukrainische Außenministerium protestierte gegen die Angriffe auf Sumy. Polen protestiert scharf."
    assert all(e.event_type != "Protests" for e in _events(text, "de"))


def test_people_protesting_in_a_capital_still_protest():
    events = _events("In Kiew protestierten am Sonntag Hunderte Menschen gegen das Gesetz.", "de")
    assert [(e.location, e.event_type) for e in events] == [("Kyiv", "Protests")]
    events = _events("Hundreds of people protested in Kyiv on Sunday against the new law.", "en")
    assert [(e.location, e.event_type) for e in events] == [("Kyiv", "Protests")]


def test_german_singular_interception_per_region():
    text = ("Die Flugabwehr schoss in der Nacht 40 ukrainische Drohnen ab, davon 18 über dem Gebiet Rostow und "
            "elf über der Region Krasnodar.")
    events = _events(text, "de")
    assert sorted((e.admin1, e.sub_event_type, e.geo_precision) for e in events) == [
        ("Krasnodar", "Disrupted weapons use", 3), ("Rostov", "Disrupted weapons use", 3)]


def test_storming_positions_near_a_town_is_a_battle():
    events = _events("Russische Truppen stürmten Stellungen bei Pokrowsk.", "de")
    assert [(e.location, e.sub_event_type, e.geo_precision) for e in events] == [("Pokrovsk", "Armed clash", 2)]


@pytest.mark.parametrize("text, lang, expected", [
    ("Bei russischen Angriffen auf das Gebiet Dnipropetrowsk sind am Dienstag drei Zivilisten getötet worden. In "
     "Nikopol starben zwei Menschen durch Artilleriebeschuss, in Marhanez wurde ein Mann von einer Granate getötet.",
     "de", [("Marhanets", 1, 1), ("Nikopol", 2, 1)]),
    ("Russian attacks on the Sumy region killed two people on Tuesday, the governor said. One person was killed "
     "by shelling in Krasnopillia, and another died in a drone strike on Shostka.",
     "en", [("Krasnopillya", 1, 1), ("Shostka", 1, 1)]),
])
def test_a_region_level_attack_gives_way_to_the_towns_that_account_for_its_deaths(text, lang, expected):
    events = _events(text, lang)
    assert sorted((e.location, e.fatalities, e.geo_precision) for e in events) == expected


def test_a_region_level_death_the_towns_do_not_account_for_stays():
    text = ("Bei ukrainischen Drohnenangriffen auf die Region Kursk ist am Dienstag ein Mann getötet worden. "
            "In der Stadt Rylsk wurden zudem zwei Frauen verletzt, als eine Drohne ein Haus traf.")
    events = _events(text, "de")
    assert sorted((e.location, e.geo_precision) for e in events) == [("Kursk", 3), ("Ryl’sk", 1)]


@pytest.mark.parametrize("text, lang", [
    ("Russland meldete am Dienstag die vollständige Rückeroberung der Region Kursk. Bei Sudscha gab es am Dienstag "
     "noch Gefechte.", "de"),
    ("Russia said on Tuesday it had recaptured the whole Kursk region. Fighting continued near Sudzha on Tuesday.",
     "en"),
])
def test_a_region_taken_stays_beside_a_town_battle_in_it(text, lang):
    assert sorted((e.location, e.geo_precision, e.sub_event_type) for e in _events(text, lang)) == [
        ("Kursk", 3, "Government regains territory"), ("Sudzha", 2, "Armed clash")]


@pytest.mark.parametrize("text, expected", [
    ("Russische Raketen trafen am Montag Saporischschja, zwei Menschen wurden verletzt.\n\nIm Gebiet "
     "Dnipropetrowsk nahm die russische Armee am Montag die Stadt Marhanez unter Feuer.",
     {("Marhanets", "Explosions/Remote violence"), ("Zaporizhzhia", "Explosions/Remote violence")}),
    ("Russische Truppen nahmen Nikopol am Montag mit Artillerie unter Feuer, eine Frau wurde verletzt.",
     {("Nikopol", "Explosions/Remote violence")}),
    ("Eine ukrainische Patrouille geriet am Montag bei Kupjansk unter Feuer.", {("Kupiansk", "Battles")}),
])
def test_taking_a_town_under_fire_is_an_attack_and_coming_under_fire_a_clash(text, expected):
    assert {(e.location, e.event_type) for e in _events(text, "de")} == expected


def test_taking_full_control_is_a_capture_and_the_withdrawal_is_part_of_it():
    text = ("Russia's defence ministry said on Tuesday its troops had taken full control of Toretsk. Ukrainian "
            "commanders said their units had withdrawn from the town to avoid encirclement.")
    assert [(e.location, e.sub_event_type) for e in _events(text, "en")] == [
        ("Toretsk", "Non-state actor overtakes territory")]


_SR, _SD = "Explosions/Remote violence", "Strategic developments"


@pytest.mark.parametrize("text, lang, expected", [
    # the launch of the weapons shot down is no strike on the regions
    ("The air force said it had shot down 40 of 52 drones launched overnight, mostly over the Poltava and Sumy "
     "regions.", "en", {("Poltava", _SD, "2025-06-19"), ("Sumy", _SD, "2025-06-19")}),
    ("Die Luftwaffe teilte mit, sie habe 40 von 52 in der Nacht abgefeuerten Drohnen abgeschossen, die meisten über "
     "den Gebieten Poltawa und Sumy.", "de", {("Poltava", _SD, "2025-06-19"), ("Sumy", _SD, "2025-06-19")}),
    # fighting along the front takes no place from another clause
    ("A Russian missile hit Dnipro on Tuesday, killing three people, as front-line fighting intensified.", "en",
     {("Dnipro", _SR, "2025-06-17")}),
    ("Eine russische Rakete traf am Dienstag Dnipro und tötete drei Menschen, während an der Front die Kämpfe "
     "andauerten.", "de", {("Dnipro", _SR, "2025-06-17")}),
    # an attack dated only to a month at a place coded on a known day is no second event
    ("Russische Drohnen griffen am Dienstag Odessa an, zwei Menschen wurden verletzt. Odessa war zuletzt Ende Mai "
     "Ziel eines schweren Angriffs, bei dem fünf Menschen starben.", "de", {("Odesa", _SR, "2025-06-17")}),
    ("Russian drones struck Odesa on Tuesday, injuring two people. Odesa was last hit in late May, when a missile "
     "attack killed five people.", "en", {("Odesa", _SR, "2025-06-17")}),
])
def test_interceptions_front_summaries_and_month_only_repeats_add_no_event(text, lang, expected):
    events = _events(text, lang)
    assert {(e.location, e.event_type, e.event_date.isoformat()) for e in events} == expected
    assert len(events) == len(expected)


@pytest.mark.parametrize("text, lang", [
    ("Russian forces attacked 23 settlements in Zaporizhzhia Oblast on Tuesday, killing one person, the governor "
     "said.", "en"),
    ("Russische Truppen griffen am Dienstag 23 Ortschaften im Gebiet Saporischschja an, ein Mensch wurde getötet.",
     "de"),
    ("Im Gebiet Saporischschja wurden am Dienstag 23 Ortschaften angegriffen, ein Mensch wurde getötet.", "de"),
])
def test_troops_attacking_settlements_shell_them(text, lang):
    assert [(e.event_type, e.geo_precision) for e in _events(text, lang)] == [("Explosions/Remote violence", 3)]


@pytest.mark.parametrize("text, lang, place", [
    ("Moskau griff am Dienstag Charkiw mit Drohnen an.", "de", "Kharkiv"),
    ("Kiew feuerte in der Nacht Drohnen auf Belgorod ab, ein Mann wurde verletzt.", "de", "Belgorod"),
    ("Moscow launched 50 drones at Odesa on Tuesday.", "en", "Odesa"),
])
def test_a_capital_as_the_subject_of_an_attack_verb_is_the_government(text, lang, place):
    assert _places(_events(text, lang)) == [place]


@pytest.mark.parametrize("text, lang, expected", [
    # where the weapons were launched from is not where they hit
    ("Russian drones struck Odesa overnight. The drones were launched from the Kursk region, the air force said.",
     "en", [("Odesa", 0)]),
    ("Russian forces launched 40 drones from the Bryansk and Kursk regions overnight. A drone hit a house in Sumy.",
     "en", [("Sumy", 0)]),
    ("Russia fired 12 missiles from Belgorod and Kursk at Kharkiv on Monday, killing two.", "en", [("Kharkiv", 2)]),
    ("Russland feuerte zwölf Raketen aus den Gebieten Belgorod und Kursk ab. Die Raketen trafen Charkiw, zwei "
     "Menschen wurden getötet.", "de", [("Kharkiv", 2)]),
    ("Russische Drohnen griffen in der Nacht Odessa an. Die Drohnen seien aus dem Gebiet Brjansk abgefeuert worden, "
     "teilte die Luftwaffe mit.", "de", [("Odesa", 0)]),
    # where something was said is not where it happened (and takes no share of the toll)
    ('"We will respond," Zelensky said in Kyiv after a Russian missile strike on Dnipro killed three people.', "en",
     [("Dnipro", 3)]),
    ("Nach dem Raketenangriff auf Dnipro mit drei Toten sagte Selenskyj in Kiew, man werde antworten.", "de",
     [("Dnipro", 3)]),
    ("Selenskyj sprach in Kiew von einem Kriegsverbrechen, nachdem russische Raketen am Montag Dnipro getroffen "
     "hatten.", "de", [("Dnipro", 0)]),
    ("Nach dem Angriff auf Dnipro erklärte der Außenminister am Montag in Kiew, Russland müsse bestraft werden.", "de",
     [("Dnipro", 0)]),
    ("Speaking to reporters in Kyiv, Zelensky condemned the Russian missile strike on Dnipro on Monday.", "en",
     [("Dnipro", 0)]),
    ("Zelensky spoke in Kyiv after Russian missiles hit Dnipro on Monday.", "en", [("Dnipro", 0)]),
    ("Der Gouverneur erklärte, in Charkiw seien bei einem Raketenangriff zwei Menschen getötet worden.", "de",
     [("Kharkiv", 2)]),
])
def test_launch_origins_and_places_of_statements_are_no_incidents(text, lang, expected):
    assert _tolls(text, lang) == expected


@pytest.mark.parametrize("text, lang, expected", [
    # an attack or a toll told with a past year and no date of its own is history
    ("Russian shelling hit Kherson on Monday. The city marks the anniversary of the strike on Kramatorsk railway "
     "station, which killed 61 people in 2022.", "en", [("Kherson", 0)]),
    ("Rescuers are rebuilding the school in Irpin, destroyed by Russian shelling in 2022. On Monday Russian drones "
     "hit Chernihiv.", "en", [("Chernihiv", 0)]),
    ("Russische Artillerie beschoss am Montag Cherson. In Kramatorsk wurde des Raketenangriffs auf den Bahnhof "
     "gedacht, bei dem 2022 61 Menschen getötet worden waren.", "de", [("Kherson", 0)]),
    ("In Irpin wird die Schule wieder aufgebaut, die 2022 durch russischen Beschuss zerstört worden war. Am Montag "
     "griffen russische Drohnen Tschernihiw an.", "de", [("Chernihiv", 0)]),
    # a past year in a clause without an attack or a toll, or a count, leaves the news alone
    ("Russian drones struck Kharkiv, a city that was partly occupied in 2022, killing two.", "en", [("Kharkiv", 2)]),
    ("Russische Drohnen griffen Charkiw an, das 2022 teilweise besetzt war, zwei Menschen wurden getötet.", "de",
     [("Kharkiv", 2)]),
    ("Russische Truppen griffen mit 2000 Soldaten Pokrowsk an.", "de", [("Pokrovsk", 0)]),
])
def test_an_attack_told_with_a_past_year_is_history(text, lang, expected):
    assert _tolls(text, lang) == expected


@pytest.mark.parametrize("text, lang", [
    # a purpose ("to protect … from attacks"): weapons deliveries, air defence, no attack
    ("Germany delivered more Patriot systems to Ukraine to protect Kyiv and Odesa from Russian missile attacks. "
     "Russian drones hit Kharkiv on Monday.", "en"),
    ("The systems give protection against Russian air strikes on Kyiv. Russian drones hit Kharkiv on Monday.", "en"),
    ("Deutschland liefert weitere Patriot-Systeme, um Kiew und Odessa vor russischen Raketenangriffen zu schützen. "
     "Russische Drohnen trafen am Montag Charkiw.", "de"),
    ("Die Systeme dienen zum Schutz vor russischen Luftangriffen auf Kiew. Russische Drohnen trafen am Montag "
     "Charkiw.", "de"),
])
def test_protection_against_attacks_is_no_attack(text, lang):
    assert _places(_events(text, lang)) == ["Kharkiv"]


@pytest.mark.parametrize("text, places", [
    # a capital right before another place name is the government; the place after it is the one attacked
    ("Russische Truppen beschossen Charkiw, nachdem Moskau Kiew angegriffen hatte.", ["Kharkiv", "Kyiv"]),
    ("Am Montag wurde Charkiw beschossen, nachdem Moskau Sumy angegriffen hatte.", ["Kharkiv", "Sumy"]),
    ("Die ukrainische Armee meldete, dass Kiew Belgorod mit Drohnen angegriffen habe.", ["Belgorod"]),
    # a capital attacked is still the place
    ("Nachdem Kiew angegriffen worden war, schlugen Raketen in Charkiw ein.", ["Kharkiv", "Kyiv"]),
])
def test_a_capital_as_the_subject_of_a_subordinate_clause_is_the_government(text, places):
    assert _places(_events(text, "de")) == places


@pytest.mark.parametrize("text, lang, expected", [
    # an attack weeks or months earlier, told for comparison, is neither an event nor the toll of today's
    ("A Russian strike on Dnipro on Monday killed four people, two weeks after a similar attack on Kryvyi Rih.",
     "en", [("Dnipro", 4)]),
    ("Russian drones hit Kharkiv on Monday, a week after a missile strike on Sumy killed five.", "en",
     [("Kharkiv", 0)]),
    ("Bei einem russischen Angriff auf Dnipro wurden am Montag vier Menschen getötet, zwei Wochen nach einem "
     "ähnlichen Angriff auf Krywyj Rih.", "de", [("Dnipro", 4)]),
    ("Russische Drohnen trafen am Montag Charkiw, eine Woche nach einem Raketenangriff auf Sumy mit fünf Toten.",
     "de", [("Kharkiv", 0)]),
    # the news after such a phrase stays
    ("Zwei Wochen nach dem Beginn der Offensive griffen russische Drohnen am Montag Sumy an.", "de", [("Sumy", 0)]),
    ("Russian drones hit Kharkiv on Monday, killing two, weeks after the city's liberation anniversary.", "en",
     [("Kharkiv", 2)]),
])
def test_earlier_attacks_are_no_events(text, lang, expected):
    assert _tolls(text, lang) == expected


@pytest.mark.parametrize("text, lang", [
    # attacks told as a habit ("regularly", "almost daily", "immer wieder") are background, not one incident
    ("Russian drones hit Odesa on Monday. Russia has been attacking Kharkiv almost daily.", "en"),
    ("Russian drones hit Odesa on Monday. Kharkiv, which has come under frequent attack, was spared.", "en"),
    ("Russian drones hit Odesa on Monday. Kherson regularly comes under Russian shelling.", "en"),
    ("Russische Drohnen griffen am Montag Odessa an. Cherson wird regelmäßig von russischer Artillerie beschossen.",
     "de"),
    ("Russische Drohnen griffen am Montag Odessa an. Die Stadt Nikopol wird immer wieder beschossen.", "de"),
])
def test_attacks_told_as_a_habit_are_no_events(text, lang):
    assert _places(_events(text, lang)) == ["Odesa"]


@pytest.mark.parametrize("text, lang", [
    # a possibility or a time still to come is no event (cues.tsv: may, could, könnten; future)
    ("Russian troops may attack Zaporizhzhia in the coming weeks, a Ukrainian general told reporters.", "en"),
    ("Russian forces may launch a new offensive on Kharkiv.", "en"),
    ("Russische Truppen könnten in den kommenden Wochen eine neue Offensive auf Saporischschja beginnen.", "de"),
    ("Laut dem Geheimdienst sind in den kommenden Tagen weitere Luftangriffe auf Kiew zu befürchten.", "de"),
    ("Experten erwarten eine russische Offensive auf Sumy.", "de"),
])
def test_possible_and_future_attacks_are_no_events(text, lang):
    assert _events(text, lang) == []


@pytest.mark.parametrize("text, lang, sub_event", [
    # the future cue qualifies the attack next to it, not the strike told before "and"
    ("Russian drones struck Kharkiv on Thursday and more attacks are expected in the coming days.", "en",
     "Air/drone strike"),
    ("Russische Drohnen griffen am Donnerstag Charkiw an und in den kommenden Tagen sind weitere Luftangriffe zu "
     "befürchten.", "de", "Air/drone strike"),
])
def test_a_future_cue_leaves_the_strike_told_before_it(text, lang, sub_event):
    (e,) = _events(text, lang)
    assert (e.event_type, e.sub_event_type, e.location, e.actor1) == (
        "Explosions/Remote violence", sub_event, "Kharkiv", "Military Forces of Russia (2000-)")


def test_may_have_lowers_and_the_month_may_is_no_modal():
    (maybe,) = _events("Two people may have been killed in a Russian strike on Odesa on Thursday.", "en")
    (sure,) = _events("Two people were killed in a Russian strike on Odesa on Thursday.", "en")
    assert (maybe.location, maybe.fatalities, maybe.actor1) == ("Odesa", 2, "Military Forces of Russia (2000-)")
    assert maybe.confidence < sure.confidence
    (may,) = _events("Russian drones struck Odesa on 3 May, injuring two people.", "en", published="2025-05-10")
    (april,) = _events("Russian drones struck Odesa on 3 April, injuring two people.", "en", published="2025-04-10")
    assert (may.sub_event_type, may.location, may.injured) == ("Air/drone strike", "Odesa", 2)
    assert may.confidence == april.confidence
