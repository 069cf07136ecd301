"""The wheel holds the ontology and the catalogue: installed (not editable) in a fresh virtual environment,
``plankg build`` and ``plankg query plans`` work from another folder."""
from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import PLANS_DIR, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True, text=True)
    (found,) = out.glob("plankg-*.whl")
    return found


def test_the_wheel_holds_every_ontology_and_query_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, pattern in (("ontology", "*.ttl"), ("queries", "*.rq"), ("queries/internal", "*.rq")):
        expected = {f"{folder}/{p.name}" for p in (ROOT / folder).glob(pattern)}
        assert expected and expected <= names, sorted(expected - names)
    assert "graph/rdf/build.py" in names and "graph/link/linker.py" in names and "graph/query/execute.py" in names


def test_installed_wheel_builds_and_queries_from_another_folder(wheel, tmp_path):
    env_dir = tmp_path / "fresh"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True, text=True)
    # The dependencies come from this test run's environment (no network here); the project itself only
    # from the wheel: a path added by a .pth file does not run that folder's own .pth files, so the
    # editable install of the checkout stays out.
    fresh_site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                check=True, capture_output=True, text=True).stdout.strip()
    Path(fresh_site, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PLANKG_", "PYTHONPATH"))}
    where = subprocess.run([str(python), "-c", "import graph, pathlib; print(pathlib.Path(graph.__file__).parent)"],
                           cwd=work, env=env, check=True, capture_output=True, text=True).stdout.strip()
    assert Path(where).is_relative_to(fresh_site), where
    plankg = env_dir / "bin" / "plankg"
    built = subprocess.run([str(plankg), "build", "--input", str(PLANS_DIR), "--store", "store"],
                           cwd=work, env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "5 plans in store; 0 violations; 0 failures" in built.stdout
    listed = subprocess.run([str(plankg), "query", "plans", "--store", "store", "--format", "csv"],
                            cwd=work, env=env, capture_output=True, text=True)
    assert listed.returncode == 0, listed.stderr
    rows = listed.stdout.strip().splitlines()
    assert len(rows) == 6 and "温州市" in listed.stdout and "嘉善县" in listed.stdout
