"""Issue 14 item 6: every command, given bad arguments, says what and why in one line and exits non-zero."""
import io
import socket
from pathlib import Path

import pytest

from plankg_cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "data" / "plans" / "330300-wenzhou-2021-2025.txt"


@pytest.fixture(scope="module")
def silent_url():
    """An HTTP URL on 127.0.0.1 whose server accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


def cases(tmp: Path, store: Path, silent: str):
    """(argv, words the one line must hold) for every command."""
    (tmp / "empty").mkdir(exist_ok=True)
    (tmp / "a-file").write_text("x")
    (tmp / "bad.rq").write_bytes(b"\xff\xfe SELECT")
    missing = str(tmp / "missing")
    return [
        (["parse", missing], "no such file"),
        (["parse", str(tmp / "empty")], "no plan files"),
        (["parse", str(tmp / "a-file")], "no plan title"),
        (["build", "--input", missing, "--store", str(tmp / "s")], "not a folder of plan texts"),  # exit 2
        (["build", "--input", str(tmp / "empty"), "--store", str(tmp / "s")], "no plan files"),
        (["build", "--input", str(PLAN.parent), "--store", str(tmp / "a-file")], "is a file"),
        (["build", "--input", str(PLAN.parent), "--store", "/sys/fs/plankg-store"], "cannot be written"),
        (["validate", "--store", missing], "no store here"),
        (["stats", "--store", str(tmp / "a-file")], "is a file, not a store folder"),
        (["export", "--format", "trig", "--store", str(store), "-o", str(tmp)], "is a folder"),
        (["export", "--format", "trig", "--store", str(tmp / "empty")], "an empty folder"),
        (["link", "--store", missing], "no store here"),
        (["trace", "x", "--store", str(tmp / "empty")], "an empty folder"),
        (["query", "no_such_query", "--store", str(store)], "no query named"),
        (["query", "targets_at_least", "-p", "minimum=abc", "--store", str(store)], "expected a number such as 95"),
        (["query", "plans", "-p", "x=1", "-p", "x=2", "--store", str(store)], "given twice"),
        (["query", "plans", "-p", "novalue", "--store", str(store)], "expected KEY=VALUE"),
        (["query", "plans", "-p", "x=1", "--store", str(store)], "has no parameter x"),
        (["query", "plans", "--endpoint", "not-a-url"], "not an http:// or https:// URL"),
        (["query", "plans", "--endpoint", "file:///etc/passwd"], "not an http:// or https:// URL"),
        (["query", "plans", "--endpoint", silent + "/query", "--timeout", "1"], "did not answer within 1 s"),
        (["query", "plans", "--store", str(store), "--timeout", "0"], "positive number of seconds"),
        (["sparql", str(tmp / "bad.rq"), "--store", str(store)], "not UTF-8"),
        (["sparql", missing, "--store", str(store)], "No such file"),
        (["sparql", str(tmp), "--store", str(store)], "is a folder"),
        (["sparql", "-", "--store", str(store)], "not a SPARQL query"),
        (["serve", "--store", missing], "no store here"),
        (["publish", "--endpoint", "not-a-url", "--store", str(store)], "not an http:// or https:// URL"),
        (["publish", "--endpoint", silent + "/store", "--store", str(store), "--timeout", "1"], "did not answer within 1 s"),
    ]


def test_every_command_is_covered(tmp_path):
    commands = set(build_parser()._subparsers._group_actions[0].choices)
    covered = {argv[0] for argv, _ in cases(tmp_path, tmp_path, "http://x")}
    assert commands <= covered, commands - covered


def test_bad_arguments_give_one_line_and_a_non_zero_exit(store_dir, tmp_path, silent_url, monkeypatch, capsys):
    failures = []
    for argv, words in cases(tmp_path, store_dir, silent_url):
        monkeypatch.setattr("sys.stdin", io.StringIO("hello"))
        code = main(argv)
        err = capsys.readouterr().err.strip().splitlines()
        line = err[-1] if err else ""
        ok = (code not in (0, 70) and len(err) == 1 and line.startswith(f"plankg {argv[0]}: ")
              and words in line and "Traceback" not in line)
        if not ok:
            failures.append((argv, code, err))
    assert failures == []


@pytest.mark.parametrize("argv", [["serve", "--port", "abc"], ["query", "--format", "xml", "plans"], ["nonsense"]])
def test_argument_mistakes_are_argparse_usage_lines(argv, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "error:" in err and "Traceback" not in err


def test_an_unexpected_defect_is_still_one_line(monkeypatch, capsys, tmp_path):
    import plankg_cli.parse as parse_command

    def broken(args):
        raise KeyError("boom")

    monkeypatch.setattr(parse_command, "run", broken)
    parser_main = main.__globals__["build_parser"]
    monkeypatch.setitem(main.__globals__, "build_parser", lambda: _with(parser_main(), broken))
    assert main(["parse", str(tmp_path)]) == 70
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("plankg parse: internal error — KeyError") and "PLANKG_DEBUG" in err[0]


def _with(parser, func):
    parser._subparsers._group_actions[0].choices["parse"].set_defaults(func=func)
    return parser


@pytest.mark.parametrize("variable, value", [("PLANKG_QUERY_TIMEOUT", "abc"), ("PLANKG_LINKS_VALIDATION", "bogus"),
                                             ("PLANKG_SHACL_ENGINE", "jena")])
def test_a_bad_setting_is_refused_before_any_work(variable, value, tmp_path, monkeypatch, capsys):
    # a setting is read when the command line is built: refused there, not after loading and linking
    monkeypatch.setenv(variable, value)
    store = tmp_path / "store"
    assert main(["build", "--input", str(ROOT / "data" / "plans"), "--store", str(store)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"plankg: {variable}='{value}': not a valid ") and err.count("\n") == 1
    assert not store.exists()


def test_errors_cross_a_process_boundary_whole():
    # a worker's error reaches its parent pickled: each of PlanKG's errors comes back with its parts
    import pickle

    from graph.errors import StoreError
    from graph.query.errors import QueryTimeout
    from loaders import PlanParseError

    for error in (PlanParseError("a.txt", "file is empty"), PlanParseError("b.txt", "no plan title found", 3),
                  StoreError("is a file, not a store folder", "/etc/passwd"), QueryTimeout("stopped after 30 s")):
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error) and str(back) == str(error)
        assert (back.why, back.what) == (error.why, error.what)
    assert pickle.loads(pickle.dumps(PlanParseError("b.txt", "x", 3))).line == 3


def test_plankg_build_with_workers_reports_files_it_cannot_parse(tmp_path, capsys):
    # eight files (enough for the worker pool): the five plans, an empty file, a binary one and a text
    # naming no plan; each bad file is one "failed:" line, the plans load, the exit status is 1
    import shutil

    from conftest import PLANS_DIR

    folder = tmp_path / "plans"
    shutil.copytree(PLANS_DIR, folder)
    (folder / "zz-empty.txt").write_bytes(b"")
    (folder / "zz-binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "zz-no-plan.txt").write_text("随便写点什么\n", encoding="utf-8")
    assert main(["build", "--input", str(folder), "--store", str(tmp_path / "store"), "--jobs", "2"]) == 1
    out, err = capsys.readouterr()
    assert "5 plans in" in out and "3 failures" in out and "internal error" not in err
    failed = sorted(line for line in err.splitlines() if line.startswith("failed: "))
    assert [line.split(": ")[1].rsplit("/", 1)[-1] for line in failed] == ["zz-binary.txt", "zz-empty.txt", "zz-no-plan.txt"]
    assert "file is empty" in failed[1] and "no plan title" in failed[2]
