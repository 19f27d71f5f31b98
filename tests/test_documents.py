"""Tests for conflictdata.documents: article structure (seeds, English fixtures), feeds, and every bad input."""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictdata import documents
from conflictdata.documents import (
    MAX_ARTICLE_CHARS,
    MAX_LINE_BYTES,
    Document,
    Problem,
    decode_bytes,
    parse_article,
    read_documents,
)
from conflictdata.errors import InputError

FIXTURES = Path(__file__).resolve().parent / "data" / "documents"
TODAY = dt.date(2025, 3, 1)


def read_all(paths, **kwargs):
    stream = read_documents(paths, today=kwargs.pop("today", TODAY), **kwargs)
    docs = list(stream)
    return docs, stream.problems


def one(paths, **kwargs) -> tuple[Document, list[Problem]]:
    docs, problems = read_all(paths, **kwargs)
    assert len(docs) == 1, problems
    return docs[0], problems


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def jsonl(tmp_path: Path, *records, name="feed.jsonl") -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    return write(tmp_path, name, "\n".join(lines) + "\n")


def assert_maps_back(doc: Document) -> None:
    """Every character of text (but quotes and whitespace the cleaner normalises) comes from the same raw char."""
    for i, ch in enumerate(doc.text):
        if not ch.isspace() and ch not in "\"'":
            assert doc.raw[doc.to_raw(i)] == ch, (doc.id, i, doc.text[max(0, i - 20) : i + 20])


ARTICLE = (
    "Russische Drohnen treffen Odessa\n\n"
    "Bei einem Angriff auf Odessa wurden zwei Menschen verletzt, teilten die Behörden mit.\n\n"
    "Die Luftwaffe meldete den Abschuss von 40 Drohnen über der Südukraine.\n"
)


# --- seeds --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds(seeds_dir) -> dict[str, Document]:
    docs, problems = read_all(seeds_dir)
    assert problems == []
    return {d.id[:3]: d for d in docs}


def test_seed_ids_are_file_names_in_order(seeds):
    assert [d.id for d in seeds.values()] == [
        "000_d48cd53c69df454b",
        "001_0e9341f471240bd9",
        "002_ec286561ea468a82",
        "003_f1b10fb3713ca5b6",
        "004_5ab651bbbf76d87f",
    ]


def test_seed_000_dateline_details_and_sources(seeds):
    doc = seeds["000"]
    assert doc.title == "Kampf im Osten: Nordkorea zieht Truppen ab - Der Kreml unter Druck!"
    assert doc.lead.startswith("Nordkoreanische Truppen ziehen sich aus der Ukraine zurück.")
    assert (doc.dateline_place, doc.dateline_country) == ("Poltawa", "Ukraine")
    assert (doc.published, doc.published_from) == (dt.date(2025, 2, 4), "dateline")
    assert doc.language == "de"
    assert doc.hints == (
        ("incident", "Terrorismus, Raub"),
        ("cause", "Luftangriffe"),
        ("place", "Poltawa, Ukraine"),
        ("injured", "34"),
        ("arrests", "1"),
        ("sources", "www.op-online.de; www.sueddeutsche.de; www.focus.de"),
    )
    assert doc.hint("injured") == "34" and doc.hint("killed") is None
    assert doc.source_urls == ("www.op-online.de", "www.sueddeutsche.de", "www.focus.de")
    assert doc.source == "op-online; Focus; Süddeutsche Zeitung"
    # the footer, its sign-off and the bold markers are not text
    assert "Vorfall" not in doc.text and "n-ag.de" not in doc.text and "**" not in doc.text
    assert "berichten op-online." in doc.text
    assert doc.text.startswith(doc.title + "\n\n" + doc.lead + "\n\n")
    assert doc.text[doc.body_offset :].startswith("Poltawa, Ukraine - Am 4. Februar 2025 kommt es")
    # a sentence broken by a blank line is one again
    assert "In Poltawa wurden 14 Tote und 17 Verletzte gemeldet, was die Behörden" in doc.text


def test_seed_001_lead_date_tags_and_references(seeds):
    doc = seeds["001"]
    assert doc.title == "Nordkoreanische Truppen kehren an die Front: Ukraine steht vor neuen Bedrohungen!"
    assert doc.lead.startswith("Am 8. Februar 2025, dem 1.080. Tag des Ukraine-Kriegs")
    assert (doc.published, doc.published_from) == (dt.date(2025, 2, 8), "dateline")
    assert doc.dateline_place == ""
    assert doc.hint("tags") == "Paris, Russland, Spanien, Ukraine"
    assert "ParisRussland" not in doc.text
    assert doc.source_urls == ("www.aljazeera.com", "en.m.wikipedia.org", "www.europarl.europa.eu")
    assert doc.source == "Al Jazeera; Wikipedia; European Parliament"
    for gone in ("Referenz", "Quellen gesamt", "Social: 139"):
        assert gone not in doc.text


def test_seed_002_dateline_alone_url_line_and_space_footer(seeds):
    doc = seeds["002"]
    assert doc.title == "Nordkorea zieht Soldaten aus Kursk ab – Sind die Verluste zu hoch?"
    assert doc.lead == "Nordkorea zieht offenbar Soldaten aus der Region Kursk ab, während die Ukraine russische Drohnen abwehrt."
    assert (doc.dateline_place, doc.dateline_country) == ("Kursk", "Russland")
    assert doc.published is None and doc.published_from == ""
    assert doc.hints == (
        ("incident", "Militär"),
        ("cause", "hohe Verluste"),
        ("place", "Kursk, Russland"),
        ("injured", "2700"),
    )
    assert doc.source_urls == ("https://www.tagesschau.de/newsticker/liveblog-ukraine-dienstag-426.html",)
    assert doc.source == "Tagesschau"
    assert "https://" not in doc.text and "Kursk, Russland -" not in doc.text
    # the body line starting with "Details" is text, the footer's "Details" is not
    assert "Details über den Abzug und die Verluste werden weiterhin beobachtet, da die internationalen " \
        "Spannungen und die Dynamik des Konflikts weiterhin anhalten." in doc.text
    assert "etwa 300 Soldaten getötet und weitere 2.700 verwundet worden sein, was die Notwendigkeit eines " \
        "Abzugs verdeutlicht." in doc.text


def test_seed_003_duplicate_title_captions_and_quelle(seeds):
    doc = seeds["003"]
    assert doc.title == "Ukraine-Krieg: Nordkorea bestätigt Militäreinsatz in Russland"
    assert doc.text.count("Nordkorea bestätigt Militäreinsatz") == 1
    assert doc.lead.startswith("Das Regime in Pjöngjang gibt erstmals zu")
    assert doc.published is None
    assert doc.source == "AFP; AP; dpa; Reuters"
    assert "13.01.2025 | 1:27 min" in doc.text  # dated video captions stay
    assert "In der russischen Grenzregion Kursk sollen bei Kämpfen viele nordkoreanische Soldaten gefallen" in doc.text
    # the liveblog teaser after "... in unserem Liveblog:" is cut, with the scraper's junk
    for gone in ("Liveblog", "Seit Februar 2022", "OSZAR", "Quelle:", "Maidan", "\n|\n"):
        assert gone not in doc.text


def test_seed_004_bold_sources(seeds):
    doc = seeds["004"]
    assert (doc.dateline_place, doc.dateline_country) == ("Kursk", "Russland")
    assert doc.published is None
    assert doc.source == "Al Jazeera; Jacobin"
    assert doc.source_urls == ("www.aljazeera.com", "jacobin.de")
    assert doc.hints[0] == ("incident", "Sonstiges")
    assert doc.text.endswith("Mehr Details dazu sind in den Berichten von Al Jazeera und Jacobin zu finden.")


def test_seed_offsets_point_into_raw(seeds):
    for doc in seeds.values():
        assert_maps_back(doc)
        start, end = doc.raw_span(doc.body_offset, doc.body_offset + 10)
        assert doc.raw[start:end] == doc.text[doc.body_offset : doc.body_offset + 10]


def test_published_fallback_is_the_cli_date_and_never_invented(seeds_dir):
    docs, _ = read_all(seeds_dir, published="2025-02-10")
    by_id = {d.id[:3]: d for d in docs}
    assert (by_id["000"].published, by_id["000"].published_from) == (dt.date(2025, 2, 4), "dateline")
    assert (by_id["002"].published, by_id["002"].published_from) == (dt.date(2025, 2, 10), "cli")
    docs, _ = read_all(seeds_dir)
    assert {d.id[:3]: d.published for d in docs}["003"] is None


# --- English and other fixtures -------------------------------------------------------------------------------


def test_english_ap_dateline():
    doc, problems = one(FIXTURES / "en_ap_kyiv.txt")
    assert problems == []
    assert doc.language == "en"
    assert (doc.dateline_place, doc.dateline_country) == ("Kyiv", "Ukraine")
    assert doc.source == "AP"
    assert doc.lead == ""  # the first paragraph after the title is the dateline paragraph: body, not lead
    assert doc.text[doc.body_offset :].startswith("KYIV, Ukraine (AP) — Russian missiles struck")
    assert "Follow AP" not in doc.text and "apnews.com" not in doc.text
    assert doc.published is None
    assert_maps_back(doc)


def test_english_reuters_header_date_credit_line_and_sources_block():
    doc, _ = one(FIXTURES / "en_reuters_kharkiv.txt")
    assert (doc.published, doc.published_from) == (dt.date(2025, 2, 4), "header")
    assert (doc.dateline_place, doc.dateline_country) == ("Zaporizhzhia", "Ukraine")
    assert doc.source == "Reuters"
    assert doc.source_urls == ("https://www.reuters.com/world/europe/ukraine-zaporizhzhia-glide-bombs-2025-02-04/",)
    for gone in ("Published:", "Reporting by", "Sources:", "- Reuters"):
        assert gone not in doc.text
    assert doc.text.endswith("Russia's defence ministry did not comment on the report.")


def test_markdown_front_matter_links_and_english_details_footer():
    doc, _ = one(FIXTURES / "en_markdown_footer.md")
    assert doc.title == "Drone strike on Sumy injures 12"
    assert doc.text.count("Drone strike on Sumy injures 12") == 1
    assert (doc.published, doc.published_from) == (dt.date(2025, 2, 5), "header")
    assert doc.url == "https://example.org/news/sumy-drone-strike"
    assert doc.source_urls[0] == doc.url
    assert doc.hints == (
        ("incident", "Drone strike"),
        ("place", "Sumy, Ukraine"),
        ("killed", "0"),
        ("injured", "12"),
        ("sources", "www.kyivindependent.com; www.ukrinform.net"),
    )
    assert doc.source == "Kyiv Independent; Ukrinform"
    assert "according to Ukrinform." in doc.text and "](" not in doc.text and "#" not in doc.text
    assert doc.lead.startswith("A Russian drone hit a residential area of Sumy")


def test_footer_place_stands_in_for_a_missing_dateline():
    doc, _ = one(FIXTURES / "en_markdown_footer.md")
    assert (doc.dateline_place, doc.dateline_country) == ("Sumy", "Ukraine")
    text = ("Drohnenangriff in der Nacht\n\nBei einem russischen Drohnenangriff wurden in der Nacht zum Montag zwei "
            "Menschen verletzt, teilten die Behörden mit.\n\nDetails\nVorfall\tMilitär\nOrt\tCharkiw, Ukraine\n")
    doc = parse_article(text, "footer", default_published="2025-03-04")
    assert (doc.dateline_place, doc.dateline_country) == ("Charkiw", "Ukraine")
    from conflictdata.extract import extract_events

    (event,) = extract_events(doc)  # the sentence names no place: the footer's is the incident's
    assert (event.location, event.country, event.injured) == ("Kharkiv", "Ukraine", 2)


def test_dpa_dateline_with_two_places_and_stand_header():
    doc, _ = one(FIXTURES / "de_dpa_header.txt")
    assert (doc.published, doc.published_from) == (dt.date(2025, 2, 4), "header")
    assert doc.dateline_place == "Kiew" and doc.dateline_country == ""
    assert doc.source == "dpa; Reuters"
    assert "Stand:" not in doc.text


def test_jsonl_feed_fixture():
    docs, problems = read_all(FIXTURES / "feed.jsonl")
    assert problems == []
    assert [d.id for d in docs] == ["feed-de-1", "feed-en-1", "7"]
    de, en, seven = docs
    assert (de.published, de.published_from, de.language, de.source) == (dt.date(2025, 2, 3), "feed", "de", "Tagesschau")
    assert de.title == "Angriff auf Charkiw" and de.url.startswith("https://www.tagesschau.de/")
    assert de.raw.startswith("Angriff auf Charkiw\n\nBei einem")  # the title is put in front of the text
    assert de.line == 1 and en.line == 2 and seven.line == 4
    assert (en.published, en.language, en.title) == (dt.date(2025, 2, 2), "en", "")
    assert seven.title == "Kämpfe bei Pokrowsk" and seven.text.count("Kämpfe bei Pokrowsk") == 1
    for doc in docs:
        assert doc.path == str(FIXTURES / "feed.jsonl")
        assert_maps_back(doc)


def test_lang_argument_forces_language(tmp_path):
    doc, _ = one(write(tmp_path, "a.txt", ARTICLE), lang="en")
    assert doc.language == "en"
    doc, _ = one(write(tmp_path / "b", "a.txt", ARTICLE), lang="auto")
    assert doc.language == "de"
    with pytest.raises(ValueError):
        read_documents(tmp_path, lang="fr")


def test_parse_article_directly():
    doc = parse_article(ARTICLE, "x", published="2025-02-04", source="dpa", url="https://example.org/a")
    assert doc.id == "x" and doc.title == "Russische Drohnen treffen Odessa"
    assert (doc.published, doc.published_from) == (dt.date(2025, 2, 4), "feed")
    assert doc.source == "dpa" and doc.source_urls == ("https://example.org/a",)
    assert doc.path is None and doc.line is None
    empty = parse_article("", "e")
    assert (empty.text, empty.language, empty.published) == ("", "und", None)


def test_single_paragraph_is_body_not_title():
    doc = parse_article("Russian shelling killed two civilians in Kherson on Sunday.", "k")
    assert doc.title == "" and doc.body_offset == 0
    assert doc.text == "Russian shelling killed two civilians in Kherson on Sunday."


def test_lowercase_words_ending_a_title_are_not_glued_to_the_lead():
    doc = parse_article("Nordkorea zieht Truppen ab\n\nDie Soldaten kehren zurück.\n\nMehr Text folgt hier.", "t")
    assert doc.title == "Nordkorea zieht Truppen ab"
    assert doc.lead == "Die Soldaten kehren zurück."


def test_html_article(tmp_path):
    page = (
        "<!DOCTYPE html><html><head><title>Angriff | Seite</title><style>p{color:red}</style>"
        "<script>var x = '<p>nicht</p>';</script></head><body>"
        "<h1>Angriff auf Charkiw</h1><p>Bei dem Angriff wurden drei Menschen get&ouml;tet &amp; zw&ouml;lf verletzt.</p>"
        "<p>Die Beh&ouml;rden meldeten Sch&auml;den.<br>Mehr folgt.</p><!-- Kommentar --></body></html>"
    )
    doc, problems = one(write(tmp_path, "page.html", page))
    assert doc.title == "Angriff auf Charkiw"
    assert "getötet & zwölf verletzt" in doc.text
    assert "<" not in doc.text and "color" not in doc.text and "nicht" not in doc.text and "Kommentar" not in doc.text
    assert [str(p) for p in problems] == [f"{tmp_path / 'page.html'}: warning: HTML markup converted to text"]
    # HTML inside a .txt file and inside a feed's text is converted too
    doc, _ = one(write(tmp_path / "t", "page.txt", page))
    assert "getötet" in doc.text
    doc, _ = one(jsonl(tmp_path / "f", {"id": "h", "text": page}))
    assert "getötet" in doc.text


def test_unclosed_html_is_linear_and_total():
    page = "<p>" + "<script>" * 2000 + "<" * 5000 + "Text"
    doc = parse_article(page, "h")
    assert isinstance(doc.text, str)


# --- reading files: bad inputs ----------------------------------------------------------------------------------


def test_empty_and_whitespace_files_are_skipped(tmp_path):
    write(tmp_path, "a_empty.txt", "")
    write(tmp_path, "b_blank.txt", "  \n\t\n  ")
    write(tmp_path, "c_good.txt", ARTICLE)
    docs, problems = read_all(tmp_path)
    assert [d.id for d in docs] == ["c_good"]
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'a_empty.txt'}: empty file; skipped",
        f"{tmp_path / 'b_blank.txt'}: only whitespace; skipped",
    ]
    assert all(p.skipped for p in problems)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file (PNG image); skipped"),
        (b"Text\x00mit\x00NUL", "binary data (NUL bytes); skipped"),
        (b"%PDF-1.7\n...", "binary file (PDF document); skipped"),
        (bytes(range(1, 32)) * 20, "binary data (control bytes); skipped"),
    ],
)
def test_binary_files_are_skipped(tmp_path, content, reason):
    path = write(tmp_path, "bin.txt", content)
    write(tmp_path, "good.txt", ARTICLE)
    docs, problems = read_all(tmp_path)
    assert [d.id for d in docs] == ["good"]
    assert problems == [Problem(str(path), None, reason)]


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_non_utf8_is_decoded_with_one_warning(tmp_path, encoding):
    text = "Angriff auf Saporischschja\n\nÜber zwölf Menschen wurden getötet, hieß es. Größere Schäden „überall“.\n"
    if encoding == "latin-1":
        text = text.replace("„", '"').replace("“", '"')
    path = write(tmp_path, "alt.txt", text.encode(encoding))
    doc, problems = one(path)
    assert "Über zwölf Menschen wurden getötet, hieß es." in doc.text
    assert len(problems) == 1 and problems[0].severity == "warning"
    assert "not valid UTF-8" in problems[0].reason and "Windows-1252" in problems[0].reason


def test_bom_and_crlf(tmp_path):
    path = write(tmp_path, "bom.txt", "\ufeff" + ARTICLE.replace("\n", "\r\n"))
    doc, problems = one(path)
    assert problems == []
    assert doc.title == "Russische Drohnen treffen Odessa"
    assert "\r" not in doc.raw and "\ufeff" not in doc.raw and "\r" not in doc.text
    assert_maps_back(doc)


def test_utf16_with_bom(tmp_path):
    doc, problems = one(write(tmp_path, "u16.txt", ARTICLE.encode("utf-16")))
    assert problems == [] and doc.title == "Russische Drohnen treffen Odessa"


def test_ten_megabyte_line_is_truncated_with_a_warning(tmp_path):
    path = write(tmp_path, "long.txt", ("Angriff auf Charkiw gemeldet. " * 350_000).encode())  # ~10.5 MB, one line
    doc, problems = one(path)
    assert len(doc.raw) <= MAX_ARTICLE_CHARS
    assert len(doc.raw) > MAX_ARTICLE_CHARS - 2000
    assert [p.reason for p in problems] == [f"article longer than {MAX_ARTICLE_CHARS:,} characters; truncated"]
    assert problems[0].severity == "warning"


def test_fifty_megabyte_file_is_read_with_bounded_memory(tmp_path):
    path = tmp_path / "big.txt"
    paragraph = ("Bei einem Angriff auf Sumy wurden zwei Menschen verletzt. " * 20 + "\n\n").encode()
    with open(path, "wb") as fh:
        for _ in range(50 * 1024 * 1024 // len(paragraph) + 1):
            fh.write(paragraph)
    assert path.stat().st_size >= 50 * 1024 * 1024
    doc, problems = one(path)
    assert len(doc.raw) <= MAX_ARTICLE_CHARS
    assert doc.raw.rstrip().endswith("verletzt.")  # cut at a line break, not inside a word
    assert [p.severity for p in problems] == ["warning"]


def test_fifty_megabyte_feed_streams_line_by_line(tmp_path):
    path = tmp_path / "big.jsonl"
    body = "Russische Truppen griffen Pokrowsk an. " * 25
    count = 0
    with open(path, "w", encoding="utf-8") as fh:
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(json.dumps({"id": f"r{count}", "text": body}) + "\n")
            count += 1
    stream = read_documents(path)
    first = next(stream)
    assert first.id == "r0" and first.line == 1
    stream.close()  # stop early: nothing else was read
    assert stream.documents == 1 and stream.problems == []


def test_jsonl_line_longer_than_the_limit_is_skipped(tmp_path, monkeypatch):
    monkeypatch.setattr(documents, "MAX_LINE_BYTES", 1000)
    path = jsonl(
        tmp_path,
        {"id": "a", "text": "Kurz."},
        {"id": "b", "text": "x" * 5000},
        {"id": "c", "text": "Auch kurz."},
    )
    docs, problems = read_all(path)
    assert [d.id for d in docs] == ["a", "c"] and docs[1].line == 3
    assert problems == [Problem(str(path), 2, "line longer than 1,000 bytes; skipped")]


def test_ten_megabyte_jsonl_record_is_truncated(tmp_path):
    path = jsonl(tmp_path, {"id": "big", "text": "Angriff auf Cherson. " * 500_000})
    doc, problems = one(path)
    assert len(doc.raw) <= MAX_ARTICLE_CHARS
    assert problems == [Problem(str(path), 1, f"article longer than {MAX_ARTICLE_CHARS:,} characters; truncated", "warning")]
    assert MAX_LINE_BYTES > 10 * 1024 * 1024


def test_jsonl_bad_records(tmp_path):
    path = jsonl(
        tmp_path,
        '{"id": "ok1", "text": "Angriff auf Sumy."}',
        '{"id": "broken", "text": ',
        '["not", "an", "object"]',
        '{"text": "ohne id"}',
        '{"id": "notext"}',
        '{"id": "nulltext", "text": null}',
        '{"id": "numtext", "text": 42}',
        '{"id": "blank", "text": "   "}',
        '{"id": true, "text": "bool id"}',
        '{"id": "badpub", "text": "Angriff auf Charkiw.", "published": 12}',
        '{"id": "badtitle", "text": "Angriff auf Odessa.", "title": 5, "published": "gestern"}',
        '{"id": "ok1", "text": "Duplikat."}',
    )
    docs, problems = read_all(path)
    assert [d.id for d in docs] == ["ok1", "badpub", "badtitle"]
    assert docs[1].published is None and docs[2].title == ""
    got = [(p.line, p.severity, p.reason) for p in problems]
    assert got[0][:2] == (2, "error") and got[0][2].startswith("invalid JSON:")
    assert got[1:] == [
        (3, "error", "expected a JSON object, got array; skipped"),
        (4, "error", "missing 'id'; skipped"),
        (5, "error", "missing 'text'; skipped"),
        (6, "error", "'text' must be a string, got null; skipped"),
        (7, "error", "'text' must be a string, got number; skipped"),
        (8, "error", "'text' is empty; skipped"),
        (9, "error", "'id' must be a string, got boolean; skipped"),
        (10, "warning", "'published' must be an ISO date string, got number 12; ignored"),
        (11, "warning", "'title' must be a string, got number; ignored"),
        (11, "warning", "'published' is not an ISO date: 'gestern'; ignored"),
        (12, "error", f"duplicate id 'ok1' (first read at {path}:1); skipped"),
    ]
    assert str(problems[1]) == f"{path}:3: expected a JSON object, got array; skipped"


def test_duplicate_ids_across_files_keep_the_first(tmp_path):
    write(tmp_path, "a/x.txt", ARTICLE)
    write(tmp_path, "b/x.md", ARTICLE)
    jsonl(tmp_path, {"id": "x", "text": "Noch einmal."}, name="c.jsonl")
    docs, problems = read_all(tmp_path)
    assert [d.path for d in docs] == [str(tmp_path / "a" / "x.txt")]
    assert [(p.path, p.line) for p in problems] == [(str(tmp_path / "b" / "x.md"), None), (str(tmp_path / "c.jsonl"), 1)]
    assert all(p.reason.startswith("duplicate id 'x'") for p in problems)


def test_future_publication_date_is_dropped_with_a_warning(tmp_path):
    path = jsonl(
        tmp_path,
        {"id": "f", "text": "Am 4. Februar 2025 griffen Drohnen Odessa an.", "published": "2031-01-01"},
        {"id": "g", "text": "Heute griffen Drohnen Odessa an.", "published": "2025-03-02"},  # tomorrow is fine
    )
    docs, problems = read_all(path, published="2025-02-20")
    # the feed's date is ignored; the lead's date then dates the document
    assert (docs[0].published, docs[0].published_from) == (dt.date(2025, 2, 4), "dateline")
    assert docs[1].published == dt.date(2025, 3, 2)
    assert problems == [Problem(str(path), 1, "publication date 2031-01-01 is in the future; ignored", "warning")]
    doc = parse_article("Kyiv, Ukraine - On February 4, 2031, drones attacked.", "d", today=TODAY)
    assert doc.published is None and doc.notes == ("dateline date 2031-02-04 is in the future; ignored",)


def test_folder_of_ten_thousand_small_files(tmp_path):
    for i in range(10_000):
        (tmp_path / f"{i:05d}.txt").write_text(f"Angriff Nummer {i} auf Charkiw.", encoding="utf-8")
    stream = read_documents(tmp_path)
    ids = [d.id for d in stream]
    assert ids == [f"{i:05d}" for i in range(10_000)]
    assert stream.problems == [] and stream.documents == 10_000


def test_unreadable_file(tmp_path, monkeypatch):
    bad = write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "b.txt", ARTICLE)
    real_open = open

    def fake_open(path, *args, **kwargs):
        if os.fspath(path) == str(bad):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(documents, "open", fake_open, raising=False)
    docs, problems = read_all(tmp_path)
    assert [d.id for d in docs] == ["b"]
    assert problems == [Problem(str(bad), None, "cannot read: permission denied; skipped")]


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_for_real(tmp_path):
    bad = write(tmp_path, "a.txt", ARTICLE)
    bad.chmod(0)
    try:
        docs, problems = read_all(tmp_path)
    finally:
        bad.chmod(0o644)
    assert docs == [] and problems == [Problem(str(bad), None, "cannot read: permission denied; skipped")]


def test_symlink_loops_do_not_recurse(tmp_path):
    write(tmp_path, "root/a.txt", ARTICLE)
    write(tmp_path, "root/sub/b.txt", ARTICLE.replace("Odessa", "Cherson"))
    (tmp_path / "root" / "sub" / "up").symlink_to(tmp_path / "root")  # a loop back to the top
    (tmp_path / "root" / "self.txt").symlink_to(tmp_path / "root" / "self.txt")  # a link to itself
    (tmp_path / "root" / "z_same.txt").symlink_to(tmp_path / "root" / "a.txt")  # the same file again
    docs, problems = read_all(tmp_path / "root")
    assert [d.id for d in docs] == ["a", "b"]
    assert sorted((Path(p.path).name, p.reason, p.severity) for p in problems) == [
        ("self.txt", "symlink loop; skipped", "warning"),
        ("up", "symlink loop: folder already read; skipped", "warning"),
        ("z_same.txt", f"same file as {tmp_path / 'root' / 'a.txt'}; skipped", "warning"),
    ]


def test_missing_path_and_unsupported_files(tmp_path):
    write(tmp_path, "image.png", b"\x89PNG\r\n\x1a\n")  # ignored inside a folder
    write(tmp_path, ".hidden.txt", ARTICLE)  # hidden files are ignored
    write(tmp_path, "a.txt", ARTICLE)
    docs, problems = read_all([tmp_path / "nope.txt", tmp_path])
    assert [d.id for d in docs] == ["a"]
    assert problems == [Problem(str(tmp_path / "nope.txt"), None, "no such file or directory")]
    # a file named on the command line is read whatever its extension
    doc, _ = one(write(tmp_path / "x", "article.text2", ARTICLE))
    assert doc.id == "article"


def test_strict_raises_on_the_first_problem(tmp_path):
    write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "b.txt", "")
    write(tmp_path, "c.txt", ARTICLE)
    stream = read_documents(tmp_path, strict=True)
    assert next(stream).id == "a"
    with pytest.raises(InputError) as info:
        next(stream)
    assert (info.value.path, info.value.line, info.value.reason) == (str(tmp_path / "b.txt"), None, "empty file; skipped")
    assert str(info.value) == f"{tmp_path / 'b.txt'}: empty file; skipped"
    with pytest.raises(InputError) as info:
        list(read_documents(jsonl(tmp_path / "f", {"id": "a", "text": None}), strict=True))
    assert info.value.line == 1


def test_strict_raises_on_warnings_too(tmp_path):
    write(tmp_path, "a.txt", "Gr\xfc\xdfe aus Charkiw.".encode("latin-1"))
    with pytest.raises(InputError, match="not valid UTF-8"):
        list(read_documents(tmp_path, strict=True))


def test_nothing_left_after_boilerplate_is_skipped(tmp_path):
    path = write(tmp_path, "a.txt", "Besuchen Sie uns auf: n-ag.de\n\nhttps://example.org/x\n")
    docs, problems = read_all(path)
    assert docs == []
    assert problems == [Problem(str(path), None, "no article text left after removing markup and boilerplate; skipped")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_not_read(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    write(tmp_path, "b.txt", ARTICLE)
    docs, problems = read_all([fifo, tmp_path])  # named: reported; inside a folder: ignored, never opened
    assert [d.id for d in docs] == ["b"]
    assert problems == [Problem(str(fifo), None, "not a regular file or folder; skipped")]


def test_on_problem_is_called_once_per_problem(tmp_path):
    write(tmp_path, "a.txt", "")
    write(tmp_path, "b.txt", b"Gr\xfc\xdfe aus Charkiw, wo es Angriffe gab.")
    seen = []
    stream = read_documents(tmp_path, on_problem=seen.append)
    docs = list(stream)
    assert seen == stream.problems and len(seen) == 2
    assert [p.severity for p in seen] == ["error", "warning"]
    assert stream.skipped == 1 and stream.documents == 1
    assert docs[0].text == "Grüße aus Charkiw, wo es Angriffe gab."


def test_order_is_deterministic_and_arguments_keep_their_order(tmp_path):
    for name in ["b/2.txt", "a/9.txt", "a/10.md", "c.txt", "b/1.jsonl"]:
        if name.endswith(".jsonl"):
            jsonl(tmp_path, {"id": "feed-1", "text": "Text eins."}, {"id": "feed-2", "text": "Text zwei."}, name=name)
        else:
            write(tmp_path, name, f"Artikel {name} über Angriffe.")
    ids = [d.id for d in read_documents(tmp_path)]
    assert ids == ["10", "9", "feed-1", "feed-2", "2", "c"]
    assert ids == [d.id for d in read_documents(tmp_path)]
    assert [d.id for d in read_documents([tmp_path / "c.txt", tmp_path / "a"])] == ["c", "10", "9"]


def test_bad_published_argument_is_a_usage_error(tmp_path):
    with pytest.raises(ValueError):
        read_documents(tmp_path, published="last tuesday")
    assert next(iter(read_documents(write(tmp_path, "a.txt", ARTICLE), published=dt.date(2025, 1, 2)))).published_from == "cli"


# --- properties ----------------------------------------------------------------------------------------------

_article_text = st.lists(
    st.one_of(
        st.text(max_size=80),
        st.sampled_from(
            [
                "Details", "Vorfall\tMilitär", "Quellen\t<ul>• www.a.de• b.com", "Referenz 1", "www.x.org", "",
                "Kursk, Russland - ", "KYIV, Ukraine (AP) — Text", "Quelle: dpa, AFP", "**Focus**", "Stand: 04.02.2025",
                "Am 31. Februar 2025 geschah", "https://example.org/x", "Besuchen Sie uns auf: n-ag.de", "---",
                "title: x", "<p>", "&amp;", "Sources:", "- Reuters", "Quellen gesamt", "Web: 10Social: 3",
            ]
        ),
    ),
    max_size=25,
).map("\n".join)


@given(_article_text, st.none() | st.text(max_size=20))
def test_parse_article_is_total_and_offsets_stay_in_raw(text, title):
    doc = parse_article(text, "p", title=title, today=TODAY)
    assert isinstance(doc.text, str) and doc.language in ("de", "en", "und")
    assert 0 <= doc.body_offset <= len(doc.text)
    for i in range(0, len(doc.text) + 1, 7):
        assert 0 <= doc.to_raw(i) <= len(doc.raw)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in doc.hints)
    assert doc.published is None or doc.published <= TODAY + dt.timedelta(days=1)


@given(st.binary(max_size=300))
def test_decode_bytes_is_total(data):
    text, reason = decode_bytes(data)
    assert (text is None) == (reason is not None and reason.endswith("skipped"))
    assert text is None or isinstance(text, str)


@given(st.text(alphabet="äöüßÄÖÜéÉàèabc XYZ\n.,", max_size=200))
def test_cp1252_round_trip(text):
    decoded, reason = decode_bytes(text.encode("cp1252"))
    assert decoded == text
    if any(ord(c) > 127 for c in text):
        assert reason is not None and "Windows-1252" in reason


# --- fast paths equal the plain definitions ------------------------------------------------------------------


@settings(max_examples=200)
@given(st.text(min_size=700, max_size=1500) | st.text(alphabet="aäöüß ́̈Ǆﬁ-_ .\u0301ǅ", min_size=700, max_size=1500))
def test_title_key_of_a_prefix_equals_the_whole_texts(text):
    from conflictdata.documents import _squash, _title_key

    assert _title_key(text) == _squash(text)[:200]


BOILERPLATE_LINES = ["Copyright 2025 Reuters", "© dpa", "Reporting by Tom Balmforth; Editing by Alex Richardson",
                     "Mehr zum Thema: Angriffe", "Read more: Kyiv", "Alles zum Krieg finden Sie jederzeit in unserem Liveblog",
                     "Liveblog", "Bei einem Angriff auf Charkiw wurden drei Menschen getötet.", "OSZAR", "  copyright x",
                     "Text mit © in der Mitte", "Follow AP's coverage at https://apnews.com"]


@given(st.sampled_from(BOILERPLATE_LINES) | st.text(max_size=80), st.text(max_size=20))
def test_boilerplate_test_equals_searching_every_pattern(line, tail):
    import re

    from conflictdata.documents import _rules

    rules = _rules()
    for text in (line, line + tail, tail + line):
        expected = any(pattern.search(text) for pattern, _ in rules.boilerplate)
        assert rules.any_boilerplate(text) == expected
        both = re.compile("|".join(f"(?:{p.pattern})" for p, _ in rules.boilerplate), re.IGNORECASE)
        assert bool(both.search(text)) == expected
