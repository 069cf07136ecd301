"""Documentation that runs: every docstring example in the packages (doctest), and the README's commands."""
from __future__ import annotations

import doctest
import importlib
import os
import pkgutil

import pytest

from conftest import ROOT

PACKAGES = ("loaders", "graph", "plankg_cli")


def modules() -> list[str]:
    names = []
    for package in PACKAGES:
        names.append(package)
        module = importlib.import_module(package)
        names += [m.name for m in pkgutil.walk_packages(module.__path__, prefix=f"{package}.")
                  if not m.name.endswith("__main__")]
    return sorted(names)


def test_docstring_examples_are_found():
    examples = sum(len(t.examples) for name in modules()
                   for t in doctest.DocTestFinder().find(importlib.import_module(name)))
    assert examples >= 20


@pytest.mark.parametrize("name", modules())
def test_docstring_examples_run(name, monkeypatch):
    monkeypatch.chdir(ROOT)                      # examples name data/plans/… relative to the checkout
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} examples failed"


def readme_commands() -> list[str]:
    """The shell commands of the README's ``sh`` blocks, except the set-up ones (make)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = text.split("```sh\n")[1:]
    commands = []
    for block in blocks:
        for line in block.split("```", 1)[0].splitlines():
            command = line.split("  #", 1)[0].strip()
            if command and not command.startswith(("make", "PORT=")):
                commands.append(command)
    return commands


def test_readme_has_commands_to_run():
    assert len(readme_commands()) >= 4


README_PORT = "127.0.0.1:7878"     # the README's 'plankg serve' address; the test serves on a free port instead


@pytest.fixture(scope="module")
def served(store_dir):
    """``plankg serve`` on the fixture's store, for the README's curl examples."""
    import subprocess
    import sys
    import time
    from pathlib import Path

    from graph.query.endpoint import free_port, is_up

    port = free_port()
    server = subprocess.Popen([str(Path(sys.executable).parent / "plankg"), "serve", "--store", str(store_dir),
                               "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not is_up(f"http://127.0.0.1:{port}/query") and time.monotonic() < deadline:
        time.sleep(0.2)
    yield f"127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=10)


@pytest.mark.parametrize("command", readme_commands())
def test_readme_command_runs(command, store_dir, request):
    """Each README command, run as written from the checkout (``.venv/bin/`` is this environment's bin)."""
    import subprocess
    import sys
    from pathlib import Path

    bin_dir = str(Path(sys.executable).parent)
    env = dict(os.environ, PLANKG_STORE=str(store_dir))       # the README's default store, built by the fixture
    command = command.replace(".venv/bin/", bin_dir + "/")
    if README_PORT in command:
        command = command.replace(README_PORT, request.getfixturevalue("served")).replace("curl ", "curl -sf ", 1)
    done = subprocess.run(["bash", "-c", "set -o pipefail; " + command],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert done.stdout.strip() and "Traceback" not in done.stderr
