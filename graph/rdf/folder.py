"""What a store folder is: its build marker (complete or not, built from which files), lock and checks.

``PLANKG.json`` in the store folder says the folder is a PlanKG store, whether its last build
completed, and the files it was built from. Commands that read a store call ``check_store``, which
never creates anything; a build holds ``PLANKG.lock`` (one build at a time per store) and marks
the store incomplete until it has finished.
"""
from __future__ import annotations

import datetime as _dt
import fcntl
import json
import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

from graph.errors import StoreError

MARKER = "PLANKG.json"
LOCK = "PLANKG.lock"
FORMAT = "plankg-store"
# the files an Oxigraph (RocksDB) store folder holds; --rebuild deletes only folders made of these
_STORE_NAMES = ("CURRENT", "IDENTITY", "LOCK", "LOG", "MANIFEST-", "OPTIONS-", "LOG.old", "PLANKG")
_STORE_SUFFIXES = (".log", ".sst", ".blob", ".dbtmp")


@dataclass
class StoreState:
    path: Path
    complete: Optional[bool] = None        # None: made through the API, no build recorded
    files: list = field(default_factory=list)
    started: str = ""
    finished: str = ""

    def warning(self) -> Optional[str]:
        if self.complete is False:
            return (f"{self.path} — its last build (started {self.started}) did not complete; "
                    "answers may lack plans or links: run 'plankg build'")
        return None


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def _is_store_file(name: str) -> bool:
    return name.startswith(_STORE_NAMES) or name.endswith(_STORE_SUFFIXES)


def read_state(path) -> StoreState:
    path = Path(path)
    data = json.loads((path / MARKER).read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise ValueError(f"format is {data.get('format')!r}")
    return StoreState(path, data.get("complete"), data.get("files", []), data.get("started", ""),
                      data.get("finished", ""))


def write_state(state: StoreState) -> None:
    """Replace the marker atomically (write a temporary file, then rename)."""
    data = {"format": FORMAT, "version": 1, "complete": state.complete, "started": state.started,
            "finished": state.finished, "files": state.files}
    temporary = state.path / (MARKER + ".tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(temporary, state.path / MARKER)


def check_store(path) -> StoreState:
    """The state of the store at ``path``; StoreError (never a new folder) when it is not a PlanKG store."""
    path = Path(path)
    if not path.exists():
        raise StoreError("no store here; run 'plankg build' first (or give --store)", str(path))
    if not path.is_dir():
        raise StoreError("is a file, not a store folder", str(path))
    if not os.access(path, os.R_OK | os.X_OK):
        raise StoreError("cannot be read (permission denied)", str(path))
    names = os.listdir(path)
    if not names:
        raise StoreError("an empty folder, not a store; run 'plankg build' first", str(path))
    if MARKER not in names:
        what = "holds a database PlanKG did not build" if "CURRENT" in names else "not a PlanKG store"
        raise StoreError(f"{what} (no {MARKER}); 'plankg build --rebuild --store {path}' replaces it",
                         str(path))
    try:
        return read_state(path)
    except (OSError, ValueError) as problem:
        raise StoreError(f"its {MARKER} is unreadable ({problem}); 'plankg build --rebuild' replaces the store",
                         str(path)) from None


def mark_created(path) -> None:
    """Give a store folder made through the API its marker (build state unknown) if it has none."""
    path = Path(path)
    if not (path / MARKER).exists():
        write_state(StoreState(path, None, [], _now(), ""))


def wipe(path) -> None:
    """Empty a store folder for ``--rebuild``: only a folder made of store files, never anything else."""
    path = Path(path)
    if not path.exists():
        return
    if not path.is_dir():
        raise StoreError("is a file, not a store folder; not deleting it", str(path))
    others = sorted(n for n in os.listdir(path) if not _is_store_file(n))
    if others:
        raise StoreError(f"holds files that are not part of a store ({', '.join(others[:3])}); "
                         "not deleting it: choose another --store", str(path))
    for name in os.listdir(path):
        if name == LOCK:
            continue
        target = path / name
        shutil.rmtree(target) if target.is_dir() else target.unlink()


@contextmanager
def build_lock(path) -> Iterator[None]:
    """Hold the store's build lock; StoreError at once when another build holds it."""
    path = Path(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
        handle = open(path / LOCK, "a+")
    except OSError as problem:
        raise StoreError(f"cannot be written ({problem.strerror or problem})", str(path)) from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise StoreError(f"another build is writing it ({holder}); wait for it to finish", str(path)) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        yield
    finally:
        handle.close()


@contextmanager
def building(path, files: list) -> Iterator[StoreState]:
    """Mark the store incomplete for the build inside the block, complete when the block finishes."""
    state = StoreState(Path(path), False, files, _now(), "")
    write_state(state)
    yield state
    state.complete, state.finished = True, _now()
    write_state(state)


def _open_problem(problem: OSError) -> str:
    text = " ".join(str(problem).split())
    lowered = text.lower()
    if "lock" in lowered:
        return "in use by another process (a running build?); wait for it to finish"
    if "read-only file system" in lowered or "permission denied" in lowered:
        return f"cannot be written ({text})"
    return f"not a readable store ({text[:200]}); 'plankg build --rebuild' replaces it"


def open_existing(path, *, write: bool = False):
    """The store at ``path`` for a command that reads it (read-only unless ``write``); never creates one."""
    import pyoxigraph as ox

    state = check_store(path)
    try:
        store = ox.Store(str(path)) if write else ox.Store.read_only(str(path))
    except OSError as problem:
        raise StoreError(_open_problem(problem), str(path)) from None
    return store, state


def open_or_create(path):
    """The on-disk store at ``path``, created (with its marker) when missing: for building."""
    import pyoxigraph as ox

    path = Path(path)
    if path.exists() and not path.is_dir():
        raise StoreError("is a file, not a store folder", str(path))
    try:
        path.mkdir(parents=True, exist_ok=True)
        store = ox.Store(str(path))
        mark_created(path)
    except OSError as problem:
        raise StoreError(_open_problem(problem), str(path)) from None
    return store
