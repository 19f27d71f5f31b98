"""Robustness end to end, through the ``conflictdata`` command line: bad inputs never cost the good ones, every
problem is reported once as ``file:line: reason``, the exit code tells whether anything was skipped, an output
written earlier survives a later run that fails, datasets grow without duplicate ids, mismatched gazetteers and
event files are refused with a clear message, and nothing read from input is ever evaluated or unpickled.

The reader's own tests (tests/test_documents.py) cover each bad input one by one; this file proves the whole
command behaves. docs/guarantees.md lists every guarantee with the test that proves it.
"""
from __future__ import annotations

import ast
import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conflictdata import documents
from conflictdata.cli import main
from conflictdata.documents import read_documents
from conflictdata.errors import ConflictDataError
from conflictdata.io import read_events, write_dataset
from conflictdata.io.dataset import dataset_event_ids

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
PACKAGE = ROOT / "conflictdata"

ARTICLE_DE = "Bei einem Raketenangriff auf Charkiw wurden am Montag drei Menschen getötet, teilten die Behörden mit.\n"
ARTICLE_ODESA = "Russische Drohnen griffen am Dienstag Odessa an. Zwei Menschen wurden getötet.\n"


@pytest.fixture
def run(capsys):
    """Run the command line in-process: (exit code, stdout, stderr)."""

    def run(*argv: str | os.PathLike) -> tuple[int, str, str]:
        code = main([os.fspath(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _files(directory: Path) -> dict[str, bytes]:
    """Every file under ``directory`` (hidden ones too) with its bytes."""
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def _lines_with(text: str, needle: str) -> list[str]:
    return [line for line in text.splitlines() if needle in line]


def _ids(path: Path) -> list[str]:
    return sorted(e.event_id for e in read_events(path))


# --- a folder mixing good and bad inputs ---------------------------------------------------------------------

FEED_GOOD = [  # (line, record): the records that must be read
    (1, {"id": "f1", "text": ARTICLE_DE, "published": "2025-03-04"}),
    (7, {"id": "f7", "text": ARTICLE_ODESA, "published": "2099-01-01"}),  # a date in the future: a warning
    (8, {"id": "f8", "text": ARTICLE_ODESA.replace("Odessa", "Cherson"), "published": 12}),  # wrong type: ignored
]
FEED_BAD = [  # (line, record or raw line, what the reason must say)
    (2, "{not json", "invalid JSON"),
    (3, {"text": ARTICLE_DE}, "missing 'id'"),
    (4, {"id": "f4"}, "missing 'text'"),
    (5, {"id": "f5", "text": None}, "'text' must be a string"),
    (6, {"id": "f1", "text": ARTICLE_DE}, "duplicate id 'f1'"),
]
GOOD_FILES = ("a_seed.txt", "b_seed.md", "c_cp1252.txt", "d_bom_crlf.txt", "e_page.html")
BAD_FILES = {  # name: (content, what the reason must say)
    "k_empty.txt": (b"", "empty"),
    "l_space.txt": (b" \n\t\r\n  \n", "whitespace"),
    "m_png.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    "n_nul.txt": (b"Angriff\x00auf\x00Charkiw\x00" * 50, "binary"),
}


def _feed_lines() -> list[str]:
    lines = dict(FEED_GOOD) | {n: r for n, r, _ in FEED_BAD}
    return [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for _, r in sorted(lines.items())]


def _good_inputs(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "a_seed.txt").write_bytes(SEEDS[0].read_bytes())
    (folder / "b_seed.md").write_bytes(SEEDS[2].read_bytes())
    (folder / "c_cp1252.txt").write_bytes(("Angriff auf Charkiw\n\n" + ARTICLE_DE).encode("cp1252"))
    (folder / "d_bom_crlf.txt").write_bytes(("\ufeffDrohnen über Odessa\r\n\r\n" + ARTICLE_ODESA).replace(
        "\n", "\r\n").encode("utf-8"))
    (folder / "e_page.html").write_text(
        "<html><head><title>Angriff auf Cherson</title><script>var x = '<p>getötet</p>';</script></head><body>"
        f"<p>{ARTICLE_DE.replace('Charkiw', 'Cherson')}</p></body></html>", encoding="utf-8")
    return folder


def _mixed_inputs(tmp_path: Path) -> Path:
    folder = _good_inputs(tmp_path / "in")
    for name, (content, _) in BAD_FILES.items():
        (folder / name).write_bytes(content)
    (folder / "feed.jsonl").write_text("\n".join(_feed_lines()) + "\n", encoding="utf-8")
    (folder / "z_locked.txt").write_text(ARTICLE_DE, encoding="utf-8")  # made unreadable by _lock
    (folder / "sub").mkdir()
    (folder / "sub" / "loop").symlink_to(folder)  # a folder loop
    (folder / "sub" / "self.txt").symlink_to(folder / "sub" / "self.txt")  # a link to itself
    return folder


def _lock(monkeypatch, path: Path) -> None:
    """Make ``path`` unreadable to the reader (root reads files whatever their mode, so chmod is not enough)."""
    real_open = open

    def fake_open(name, *args, **kwargs):
        if os.fspath(name) == str(path):
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(documents, "open", fake_open, raising=False)


def _good_feed_only(folder: Path) -> None:
    (folder / "feed.jsonl").write_text(
        "\n".join("" if n not in dict(FEED_GOOD) else line for n, line in enumerate(_feed_lines(), start=1)) + "\n",
        encoding="utf-8")


def test_extract_goes_on_past_bad_inputs_and_reports_each_problem_once(tmp_path, run, monkeypatch):
    folder = _mixed_inputs(tmp_path)
    _lock(monkeypatch, folder / "z_locked.txt")
    stream = read_documents(folder)
    list(stream)
    problems = stream.problems  # what the reader finds, each once
    out = tmp_path / "events.parquet"

    code, _, err = run("extract", folder, "-o", out)

    assert code == 1  # something was skipped
    feed = str(folder / "feed.jsonl")
    expected = [(f"{feed}:{line}", reason) for line, _, reason in FEED_BAD]
    expected += [(str(folder / name), reason) for name, (_, reason) in BAD_FILES.items()]
    expected += [(str(folder / "z_locked.txt"), "permission denied"), (str(folder / "sub" / "self.txt"), "loop"),
                 (str(folder / "sub" / "loop"), "loop"), (str(folder / "c_cp1252.txt"), "UTF-8"),
                 (f"{feed}:7", "future"), (f"{feed}:8", "published")]
    for where, reason in expected:  # the fixture really holds each kind of bad input
        assert any(str(p).startswith(f"{where}: ") and reason in str(p) for p in problems), (where, reason, problems)
    for problem in problems:  # ... and the command reports each exactly once, as file[:line]: reason
        assert len(_lines_with(err, str(problem))) == 1, (str(problem), err)
    for name in GOOD_FILES:  # good files may carry warnings (cp1252, HTML), never an error
        assert not [p for p in problems if p.path == str(folder / name) and p.skipped]
        assert all("warning: " in line for line in _lines_with(err, f"{folder / name}: ")), err
    assert "Traceback" not in err

    # the good inputs gave exactly the events they give without the bad ones around them
    good = _good_inputs(tmp_path / "good")
    _good_feed_only(good)
    alone = tmp_path / "alone.parquet"
    code_alone, _, err_alone = run("extract", good, "-o", alone)
    assert code_alone == 0, err_alone  # warnings only: nothing skipped
    events = read_events(out)
    assert _ids(out) == _ids(alone) and len(events) >= 5
    documents_with_events = {d for e in events for d in e.document_ids}
    assert {"c_cp1252", "f1", "d_bom_crlf"} <= documents_with_events
    assert documents_with_events <= {Path(n).stem for n in GOOD_FILES} | {"f1", "f7", "f8"}
    cp1252 = [e for e in events if "c_cp1252" in e.document_ids]
    assert any("getötet" in sentence and "Behörden" in sentence for e in cp1252 for sentence in e.evidence)


def test_exit_code_is_zero_when_nothing_was_skipped_and_warnings_are_reported_once(tmp_path, run):
    (tmp_path / "a.txt").write_bytes(ARTICLE_DE.encode("latin-1"))
    (tmp_path / "b.txt").write_text(ARTICLE_ODESA, encoding="utf-8")
    code, _, err = run("extract", tmp_path / "a.txt", tmp_path / "b.txt", "-o", tmp_path / "out.parquet")
    assert code == 0, err
    assert len(_lines_with(err, f"{tmp_path / 'a.txt'}: warning: ")) == 1, err
    assert "UTF-8" in _lines_with(err, str(tmp_path / "a.txt"))[0]
    (tmp_path / "c.txt").write_bytes(b"")
    code, _, err = run("extract", tmp_path / "b.txt", tmp_path / "c.txt", "-o", tmp_path / "out2.parquet")
    assert code == 1 and len(_lines_with(err, f"{tmp_path / 'c.txt'}: empty file")) == 1, err


def test_quiet_still_reports_each_problem(tmp_path, run):
    (tmp_path / "a.txt").write_text(ARTICLE_DE, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    code, _, err = run("extract", tmp_path, "-o", tmp_path / "out.parquet", "--quiet")
    assert code == 1
    assert len(_lines_with(err, f"{tmp_path / 'b.txt'}: empty file")) == 1, err
    assert "documents read" not in err  # the summary is what --quiet leaves out


# --- --strict -----------------------------------------------------------------------------------------------


def test_strict_stops_at_the_first_problem_and_keeps_the_earlier_output(tmp_path, run):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE_DE, encoding="utf-8")
    out = tmp_path / "out" / "events.parquet"
    assert run("extract", folder, "-o", out)[0] == 0
    before = _files(out.parent)
    (folder / "b.txt").write_bytes(b"")
    (folder / "c.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00")

    code, _, err = run("extract", folder, "-o", out, "--strict")

    assert code == 1
    assert len(_lines_with(err, str(folder / "b.txt"))) == 1, err
    assert "empty file" in err and str(folder / "c.txt") not in err  # stopped at b.txt
    assert "Traceback" not in err
    assert _files(out.parent) == before  # the earlier output, byte for byte, and no temporary file left
    # and without --strict the same inputs give a complete run that reports both
    code, _, err = run("extract", folder, "-o", out)
    assert code == 1 and str(folder / "b.txt") in err and str(folder / "c.txt") in err


def test_strict_stops_on_a_warning_too(tmp_path, run):
    (tmp_path / "a.txt").write_bytes(ARTICLE_DE.encode("cp1252"))
    code, _, err = run("extract", tmp_path / "a.txt", "-o", tmp_path / "out.parquet", "--strict")
    assert code == 1 and len(_lines_with(err, str(tmp_path / "a.txt"))) == 1
    assert not (tmp_path / "out.parquet").exists()


# --- earlier output survives a failing run -------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".geojson"])
def test_exception_mid_write_keeps_the_earlier_output(tmp_path, run, monkeypatch, suffix):
    import conflictdata.extract as extract

    out = tmp_path / "out" / f"events{suffix}"
    assert run("extract", *SEEDS, "-o", out)[0] == 0
    before = _files(out.parent)
    real = extract.extract_corpus

    def failing(*args, **kwargs):
        for i, event in enumerate(real(*args, **kwargs)):
            if i == 3:
                raise OSError(28, "No space left on device")
            yield event

    monkeypatch.setattr(extract, "extract_corpus", failing)
    code, _, err = run("extract", *SEEDS, "-o", out)
    assert code == 2 and "Traceback" not in err
    assert err.strip().splitlines()[-1] == f"conflictdata extract: error: No space left on device: {out}"
    assert _files(out.parent) == before


def test_sigkill_mid_write_keeps_the_earlier_output(tmp_path, run):
    out = tmp_path / "events.parquet"
    assert run("extract", *SEEDS[:2], "-o", out)[0] == 0
    before = out.read_bytes()
    script = textwrap.dedent(
        f"""
        import os, signal
        import conflictdata.extract as extract
        from conflictdata.cli import main
        real = extract.extract_corpus
        def dying(*args, **kwargs):
            for i, event in enumerate(real(*args, **kwargs)):
                if i == 5:
                    os.kill(os.getpid(), signal.SIGKILL)
                yield event
        extract.extract_corpus = dying
        main(["extract", *{[str(s) for s in SEEDS]!r}, "-o", {str(out)!r}])
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    assert out.read_bytes() == before
    assert len(read_events(out)) > 0
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != out.name]
    assert all(name.startswith(".events.parquet.") and name.endswith(".tmp") for name in leftovers), leftovers


def test_a_run_that_reads_nothing_keeps_the_earlier_output(tmp_path, run):
    out = tmp_path / "events.parquet"
    assert run("extract", *SEEDS, "-o", out)[0] == 0
    before = out.read_bytes()
    code, _, err = run("extract", tmp_path / "seedz", "-o", out)  # a typo in the input path
    assert code in (1, 2) and "seedz" in err
    assert out.read_bytes() == before, "a mistyped input path must not wipe the events written earlier"
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "a.txt").write_bytes(b"")
    (junk / "b.txt").write_bytes(b"\x00\x01\x02")
    code, _, err = run("extract", junk, "-o", out)
    assert code == 1
    assert out.read_bytes() == before, "a run in which every input was skipped must not wipe the earlier events"


def test_an_unexpected_error_on_one_document_skips_only_that_document(tmp_path, run, monkeypatch):
    import conflictdata.extract as extract

    for i, seed in enumerate(SEEDS[:3]):
        (tmp_path / f"{'abc'[i]}.txt").write_bytes(seed.read_bytes())
    real = extract._candidates_to_events

    def flaky(document, *args, **kwargs):
        if document.id == "b":
            raise RecursionError("maximum recursion depth exceeded")
        return real(document, *args, **kwargs)

    monkeypatch.setattr(extract, "_candidates_to_events", flaky)
    out = tmp_path / "events.parquet"
    code, _, err = run("extract", tmp_path, "-o", out)
    assert code == 1
    assert len(_lines_with(err, f"{tmp_path / 'b.txt'}: ")) == 1 and "RecursionError" in err, err
    assert {d for e in read_events(out) for d in e.document_ids} == {"a", "c"}
    with pytest.raises((RecursionError, ConflictDataError)):  # --strict stops there
        list(extract.extract_corpus([tmp_path], strict=True))


# --- datasets: appending the same input twice ---------------------------------------------------------------


def test_appending_the_same_input_twice_adds_no_duplicate_ids(tmp_path):
    from conflictdata.extract import extract_corpus

    root = tmp_path / "dataset"
    first = write_dataset(extract_corpus(SEEDS), root)
    assert first > 0
    files = _files(root)
    assert write_dataset(extract_corpus(SEEDS), root) == 0
    assert write_dataset(extract_corpus(list(reversed(SEEDS))), root) == 0  # order does not change the ids
    assert _files(root) == files
    ids = [e.event_id for e in read_events(root)]
    assert len(ids) == len(set(ids)) == first
    assert dataset_event_ids(root) == set(ids)


def test_appending_through_the_command_line_adds_no_duplicate_ids(tmp_path, run):
    one, two, root = tmp_path / "one.parquet", tmp_path / "two.parquet", tmp_path / "dataset"
    assert run("extract", *SEEDS, "-o", one)[0] == 0
    assert run("extract", *reversed(SEEDS), "-o", two)[0] == 0  # a second run, inputs in another order
    assert _ids(one) == _ids(two)
    code, _, err = run("export", one, "--partition-by", "country,year", "--to", "parquet", "-o", root)
    assert code == 0 and f"wrote {len(_ids(one))} events" in err
    files = _files(root)
    for again in (one, two):
        code, _, err = run("export", again, "--partition-by", "country,year", "--to", "parquet", "-o", root)
        assert code == 0 and "wrote 0 events" in err
    assert _files(root) == files
    assert sorted(e.event_id for e in read_events(root)) == _ids(one)


def test_an_interrupted_append_leaves_the_dataset_as_it_was_and_a_retry_completes_it(tmp_path):
    from conflictdata.extract import extract_corpus

    events = list(extract_corpus(SEEDS))
    root = tmp_path / "dataset"
    write_dataset(events[:2], root)
    before = _files(root)

    def failing():
        yield from events
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_dataset(failing(), root, chunk_size=4)
    assert _files(root) == before  # all or nothing: the files of the chunks written before the error are gone too
    read_events(root)  # still a readable dataset
    write_dataset(events, root, chunk_size=4)  # the retry
    ids = [e.event_id for e in read_events(root)]
    assert len(ids) == len(set(ids)) and set(ids) == {e.event_id for e in events}


# --- mismatched gazetteers and event files are refused -------------------------------------------------------


def _arrow_file(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    with pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue()


def _bad_gazetteers(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """name: (path, a word the refusal must contain besides the path)."""
    text = tmp_path / "text.gaz"
    text.write_text("geonameid\tname\n1\tKyiv\n", encoding="utf-8")
    missing = tmp_path / "missing.gaz"
    with zipfile.ZipFile(missing, "w") as archive:
        archive.writestr("places.arrow", _arrow_file(pa.table({"x": [1]})))
    columns = tmp_path / "columns.gaz"
    with zipfile.ZipFile(columns, "w") as archive:
        for member in ("places", "keys", "tkeys"):
            archive.writestr(f"{member}.arrow", _arrow_file(pa.table({"x": [1, 2], "name": ["a", "b"]})))
    garbage = tmp_path / "garbage.gaz"
    with zipfile.ZipFile(garbage, "w") as archive:
        for member in ("places", "keys", "tkeys"):
            archive.writestr(f"{member}.arrow", b"not arrow at all")
    return {"text": (text, "gazetteer"), "missing members": (missing, "missing"),
            "wrong columns": (columns, "geonameid"), "garbage members": (garbage, "gazetteer")}


@pytest.mark.parametrize("case", ["text", "missing members", "wrong columns", "garbage members"])
def test_a_mismatched_gazetteer_is_refused_with_a_clear_message(tmp_path, case):
    from conflictdata.gazetteer import Gazetteer

    path, word = _bad_gazetteers(tmp_path)[case]
    with pytest.raises(ConflictDataError) as info:
        Gazetteer.load(path)
    assert str(path) in str(info.value) and word in str(info.value)


@pytest.mark.parametrize("case", ["text", "wrong columns", "garbage members"])
def test_extract_refuses_a_mismatched_gazetteer_and_keeps_the_output(tmp_path, run, case):
    out = tmp_path / "events.parquet"
    assert run("extract", SEEDS[0], "-o", out)[0] == 0
    before = out.read_bytes()
    path, _ = _bad_gazetteers(tmp_path)[case]
    code, _, err = run("extract", SEEDS[0], "-o", out, "--gazetteer", path)
    assert code in (1, 2)
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert err.startswith("conflictdata extract: error: ") and str(path) in err
    assert out.read_bytes() == before


def test_mismatched_event_files_and_datasets_are_refused(tmp_path, run):
    foreign = tmp_path / "foreign.parquet"
    pq.write_table(pa.table({"id": [1, 2], "text": ["a", "b"]}), foreign)
    header = tmp_path / "foreign.csv"
    header.write_text("id,text\n1,a\n", encoding="utf-8")
    for argv in (("validate", foreign), ("export", foreign, "-o", tmp_path / "x.csv"),
                 ("validate", header), ("export", header, "-o", tmp_path / "x.geojson")):
        code, _, err = run(*argv)
        assert code == 1, argv
        assert "Traceback" not in err and str(argv[1]) in err, err
        assert ("missing" in err or "not an" in err), err
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "x.geojson").exists()
    # a dataset holding a stray file is refused before anything is appended
    good = tmp_path / "good.parquet"
    assert run("extract", *SEEDS, "-o", good)[0] == 0
    root = tmp_path / "dataset"
    root.mkdir()
    pq.write_table(pa.table({"x": [1]}), root / "stray.parquet")
    before = _files(root)
    code, _, err = run("export", good, "--partition-by", "country", "--to", "parquet", "-o", root)
    assert code == 1 and "stray.parquet" in err and "Traceback" not in err
    assert _files(root) == before


# --- escaping in the outputs ----------------------------------------------------------------------------------


def test_extract_outputs_neutralise_formulas_and_escape_markup(tmp_path, run):
    feed = tmp_path / "feed.jsonl"
    payload = '=HYPERLINK("http://evil.example","x") </script><img src=x onerror=alert(1)> '
    records = [
        {"id": "=1+1", "text": payload + ARTICLE_DE, "source": "=cmd|' /C calc'!A0", "published": "2025-03-04",
         "url": "https://example.org/</script>"},
        {"id": "@x", "text": "-" + ARTICLE_DE.replace("Charkiw", "Odessa"), "source": "+SUM(A1:A9)", "published": "2025-03-04"},
    ]
    feed.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    csv_out, geojson_out = tmp_path / "e.csv", tmp_path / "e.geojson"
    assert run("extract", feed, "-o", csv_out)[0] == 0
    assert run("extract", feed, "-o", geojson_out)[0] == 0
    with open(csv_out, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) >= 3
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert any(c.startswith("'=cmd") for c in cells)  # neutralised, not dropped
    text = geojson_out.read_text(encoding="utf-8")
    assert "<" not in text and ">" not in text
    data = json.loads(text)
    assert any("</script>" in s for f in data["features"] for s in f["properties"]["source_urls"])


# --- no eval, exec or unpickling of anything read -------------------------------------------------------------

FORBIDDEN = {
    "eval": "evaluates text as code", "exec": "runs text as code", "compile": "compiles text to code",
    "builtins.eval": "evaluates text as code", "builtins.exec": "runs text as code",
    "pickle.load": "unpickling runs code", "pickle.loads": "unpickling runs code",
    "pickle.Unpickler": "unpickling runs code", "_pickle.loads": "unpickling runs code",
    "marshal.load": "loads code objects", "marshal.loads": "loads code objects",
    "yaml.load": "builds arbitrary objects", "yaml.unsafe_load": "builds arbitrary objects",
    "yaml.full_load": "builds arbitrary objects", "yaml.load_all": "builds arbitrary objects",
    "shelve.open": "unpickles", "dill.load": "unpickles", "dill.loads": "unpickles",
    "jsonpickle.decode": "unpickles", "pandas.read_pickle": "unpickles", "os.system": "runs a shell",
    "os.popen": "runs a shell",
}
ALLOWED: dict[tuple[str, str], str] = {
    # (file, call): why it is no risk. Empty: the package calls none of them.
}


def _forbidden_calls(source: str) -> list[tuple[str, int, str]]:
    """(function qualname, line, call) of each forbidden call in ``source``; import aliases are followed."""
    tree = ast.parse(source)
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                aliases[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module:
            for a in node.names:
                aliases[a.asname or a.name] = f"{node.module}.{a.name}"

    def dotted(node: ast.AST) -> str | None:
        if isinstance(node, ast.Name):
            return aliases.get(node.id, node.id)
        if isinstance(node, ast.Attribute):
            base = dotted(node.value)
            return f"{base}.{node.attr}" if base else None
        return None

    found: list[tuple[str, int, str]] = []

    def visit(node: ast.AST, scope: list[str]) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                visit(child, scope + [child.name])
                continue
            if isinstance(child, ast.Call):
                name = dotted(child.func)
                keywords = {k.arg: k.value for k in child.keywords}
                flagged = name in FORBIDDEN
                if name in ("numpy.load",) and isinstance(keywords.get("allow_pickle"), ast.Constant) \
                        and keywords["allow_pickle"].value:
                    flagged = True  # numpy.load(..., allow_pickle=True) unpickles
                if name and name.startswith("subprocess.") and isinstance(keywords.get("shell"), ast.Constant) \
                        and keywords["shell"].value:
                    flagged = True  # a shell parses the command line
                if flagged:
                    found.append((".".join(scope), child.lineno, name))
            visit(child, scope)

    visit(tree, [])
    return found


def test_no_eval_exec_or_unpickling_anywhere_in_the_package():
    sources = sorted(PACKAGE.rglob("*.py"))
    assert len(sources) > 20
    problems = []
    for path in sources:
        relative = str(path.relative_to(ROOT))
        for scope, line, call in _forbidden_calls(path.read_text(encoding="utf-8")):
            if (relative, call) not in ALLOWED:
                problems.append(f"{relative}:{line}: {call}() in {scope or 'module'}: {FORBIDDEN.get(call, '')}")
    assert problems == []


def test_the_source_scan_finds_each_forbidden_call():
    source = textwrap.dedent(
        """
        import pickle as p, yaml, subprocess, os
        import numpy as numpy_alias
        from marshal import loads as ml
        from builtins import eval as evil
        def f(text):
            eval(text); exec(text); compile(text, "x", "exec"); evil(text)
            p.loads(text); ml(text); yaml.load(text); numpy_alias.load(text, allow_pickle=True)
            subprocess.run(text, shell=True); os.system(text)
        class C:
            def g(self, fh):
                return p.Unpickler(fh).load()
        import re, json
        def fine(text):
            re.compile(text); json.loads(text); yaml.safe_load(text); subprocess.run(["ls", text])
            numpy_alias.load(text); p.dumps(text); ast_literal = __import__("ast").literal_eval
        """
    )
    found = _forbidden_calls(source)
    assert [call for _, _, call in found] == [
        "eval", "exec", "compile", "builtins.eval", "pickle.loads", "marshal.loads", "yaml.load", "numpy.load",
        "subprocess.run", "os.system", "pickle.Unpickler",
    ]
    assert found[-1][0] == "C.g" and found[0][0] == "f"


# --- docs/guarantees.md names real tests ---------------------------------------------------------------------


def _test_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            names.update(f"{node.name}::{n.name}" for n in node.body if isinstance(n, ast.FunctionDef))
    return names


def test_every_test_named_in_the_guarantees_exists():
    text = (ROOT / "docs" / "guarantees.md").read_text(encoding="utf-8")
    references = re.findall(r"(tests/[\w/]+\.py)::([\w:]+)", text)
    assert len(references) >= 30
    missing = [f"{file}::{name}" for file, name in references
               if not (ROOT / file).exists() or name not in _test_names(ROOT / file)]
    assert missing == []


def test_the_benchmark_corpus_codes_without_a_skipped_document(tmp_path):
    """1,000 generated articles (benchmarks/corpus.py: every sentence shape of the seeds, snippets and the English
    bank, recombined) code with no document failing: a crash in a rule shows here as a skipped input."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from corpus import write_corpus
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    from conflictdata.extract import ExtractStats, extract_corpus

    feed = write_corpus(1000, tmp_path / "corpus.jsonl")
    stats = ExtractStats()
    events = sum(1 for _ in extract_corpus([feed], stats=stats))
    assert stats.documents == 1000 and not stats.skipped, stats.skipped[:3]
    assert events > 1000
