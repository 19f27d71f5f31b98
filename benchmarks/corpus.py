"""Deterministic benchmark corpus: N articles of 2–6 KB recombined from seeds/, the test snippets
(tests/corpus/snippets.jsonl) and an English sentence bank.

Sentences are shuffled with a fixed seed and places, dates and numbers substituted, so the text looks like
war reporting (and exercises the same code paths) without repeating one article. Output is a JSONL feed;
every other article is German. The same N and seed give the same bytes on every machine.

    python benchmarks/corpus.py 1000 -o /tmp/corpus-1k.jsonl
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (German form, English form) of places war reporting names
PLACES = [
    ("Charkiw", "Kharkiv"), ("Odessa", "Odesa"), ("Saporischschja", "Zaporizhzhia"), ("Kiew", "Kyiv"),
    ("Poltawa", "Poltava"), ("Sumy", "Sumy"), ("Dnipro", "Dnipro"), ("Cherson", "Kherson"),
    ("Mykolajiw", "Mykolaiv"), ("Pokrowsk", "Pokrovsk"), ("Kramatorsk", "Kramatorsk"), ("Slowjansk", "Sloviansk"),
    ("Tschernihiw", "Chernihiv"), ("Kursk", "Kursk"), ("Belgorod", "Belgorod"), ("Sudscha", "Sudzha"),
    ("Torezk", "Toretsk"), ("Kupjansk", "Kupiansk"), ("Lwiw", "Lviv"), ("Krywyj Rih", "Kryvyi Rih"),
]
GERMAN_PLACES = sorted({de for de, _ in PLACES} | {"Poltawa", "Kursk", "Pokrowsk", "Sumy", "Charkiw", "Odessa", "Toretsk"}, key=len, reverse=True)
MONTHS_DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


def _snippet_sentences(lang: str) -> list[str]:
    from conflictdata.text import split_sentences

    out: list[str] = []
    with open(ROOT / "tests" / "corpus" / "snippets.jsonl", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record.get("lang") == lang:
                out.extend(s.text for s in split_sentences(record["text"], lang) if len(s.text) > 40)
    return out


def _sentences_de() -> list[str]:
    from conflictdata.text import clean_text, split_sentences

    out: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = clean_text(path.read_text(encoding="utf-8")).text
        out.extend(s.text for s in split_sentences(text, "de") if len(s.text) > 40)
    return out + _snippet_sentences("de")


def _sentences_en() -> list[str]:
    lines = (Path(__file__).with_name("english_sentences.txt")).read_text(encoding="utf-8").splitlines()
    bank = [ln for ln in lines if ln and not ln.startswith("#")]
    # snippet sentences name real places: mark them as slots like the bank's own sentences
    return bank + [_ENGLISH_PLACE_RE.sub("{PLACE}", s) for s in _snippet_sentences("en")]


_GERMAN_PLACE_RE = re.compile(r"\b(?:%s)\b" % "|".join(re.escape(p) for p in GERMAN_PLACES))
_ENGLISH_PLACE_RE = re.compile(r"\b(?:%s)\b" % "|".join(re.escape(en) for _, en in sorted(PLACES, key=lambda p: -len(p[1]))))


def _substitute_de(sentence: str, rng: random.Random) -> str:
    sentence = _GERMAN_PLACE_RE.sub(lambda _: rng.choice(PLACES)[0], sentence)
    sentence = re.sub(r"\b\d{1,2}\. (%s)" % "|".join(MONTHS_DE),
                      lambda _: f"{rng.randint(1, 28)}. {rng.choice(MONTHS_DE)}", sentence)
    return re.sub(r"\b(?<![.\d])\d{1,3}(?![.\d])\b(?! ?(Uhr|min))", lambda _: str(rng.randint(1, 60)), sentence)


def _substitute_en(sentence: str, rng: random.Random) -> str:
    sentence = sentence.replace("{PLACE}", "\0P")
    parts = sentence.split("\0P")
    sentence = parts[0] + "".join(rng.choice(PLACES)[1] + p for p in parts[1:])
    while "{NUM}" in sentence:
        sentence = sentence.replace("{NUM}", str(rng.randint(1, 40)), 1)
    return sentence.replace("{DATE}", f"{rng.choice(MONTHS_EN)} {rng.randint(1, 28)}")


def generate(n: int, seed: int = 20250204):
    """Yield n feed records (dicts with id, text, published, language, url), deterministically."""
    rng = random.Random(seed)
    de, en = _sentences_de(), _sentences_en()
    start = dt.date(2025, 1, 1)
    for i in range(n):
        lang = "de" if i % 2 == 0 else "en"
        bank, substitute = (de, _substitute_de) if lang == "de" else (en, _substitute_en)
        target = rng.randint(2048, 6144)
        paragraphs, size = [], 0
        while size < target:
            paragraph = " ".join(substitute(rng.choice(bank), rng) for _ in range(rng.randint(2, 5)))
            paragraphs.append(paragraph)
            size += len(paragraph.encode("utf-8")) + 2
        place = rng.choice(PLACES)[0 if lang == "de" else 1]
        title = f"{place}: " + ("Neue Angriffe gemeldet" if lang == "de" else "New attacks reported")
        published = start + dt.timedelta(days=rng.randint(0, 364))
        yield {
            "id": f"bench-{i:07d}",
            "title": title,
            "text": title + "\n\n" + "\n\n".join(paragraphs),
            "published": published.isoformat(),
            "language": lang,
            "url": f"https://example.org/news/{i}",
        }


def write_corpus(n: int, path: Path, seed: int = 20250204) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for record in generate(n, seed):
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=20250204)
    args = parser.parse_args()
    write_corpus(args.n, args.output, args.seed)
    print(f"wrote {args.n} articles to {args.output} ({args.output.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
