"""Validate many plan graphs: pySHACL in worker processes, and plans whose content already passed skipped.

The store stays in this process: for each plan it dumps the data graph pySHACL checks (the plan graph
plus its vocabulary context, ``validate.plan_data``) and hands the N-Triples to a worker, so a worker
gives exactly the verdict ``validate_plan`` gives. A ``ValidationCache`` keeps each report under the
SHA-256 of that data (lines sorted), of the shapes file and of the engine's name, so re-validating an unchanged plan costs
one hash; any change to the plan, its regions or the shapes misses the cache.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import Optional


from graph.config import SHAPES_FILE
from graph.rdf.validate import PlanReport, ReportRow, validate_graph

# Below this many plans a pool costs more to start than it saves.
POOL_THRESHOLD = 8


@lru_cache(maxsize=1)
def _shapes_digest() -> str:
    return hashlib.sha256(Path(SHAPES_FILE).read_bytes()).hexdigest()


def content_hash(data: bytes) -> str:
    """Hash of a data graph given as N-Triples, independent of triple order, tied to the shapes in force."""
    from graph.config import settings

    lines = sorted(line for line in data.split(b"\n") if line.strip())
    digest = hashlib.sha256((_shapes_digest() + settings().shacl_engine).encode())
    for line in lines:
        digest.update(line)
        digest.update(b"\n")
    return digest.hexdigest()


def validate_data(data: bytes, plan: str) -> PlanReport:
    """Validate one plan's N-Triples data graph (runs in a worker process)."""
    return validate_graph(data, plan)


def cache_path(store) -> Path:
    """Where ``plankg build`` keeps the verdicts of a store's plans: beside its folder."""
    store = Path(store)
    return store.parent / f"{store.name}.validated.json"


class ValidationCache:
    """Reports by content hash, kept in a JSON file (or only in memory when ``path`` is None), and which
    version of each plan was validated last (``latest``: the verdicts of the last build, for the app)."""

    def __init__(self, path=None):
        self.path = Path(path) if path else None
        self.reports: dict[str, dict] = {}
        self.current: dict[str, str] = {}    # plan IRI -> key of the version validated last
        if self.path and self.path.is_file():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}                    # an unreadable cache only costs a re-validation
            if isinstance(data, dict) and isinstance(data.get("reports"), dict):
                self.reports, self.current = data["reports"], dict(data.get("current") or {})
            elif isinstance(data, dict):
                self.reports = data          # the first format: reports only

    def get(self, key: str, plan: str) -> Optional[PlanReport]:
        found = self.reports.get(key)
        if found is None or found.get("plan") != plan:
            return None
        return PlanReport(found["plan"], found["conforms"], [ReportRow(**row) for row in found["rows"]],
                          found["turtle"])

    def put(self, key: str, report: PlanReport) -> None:
        self.reports[key] = asdict(report)
        self.current[report.plan] = key

    def latest(self, plan: str) -> Optional[PlanReport]:
        """The report of the version of ``plan`` validated last, if any."""
        key = self.current.get(plan)
        return None if key is None else self.get(key, plan)

    def save(self) -> None:
        if self.path is None:
            return
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps({"reports": self.reports, "current": self.current}, ensure_ascii=False),
                       encoding="utf-8")
        os.replace(tmp, self.path)           # a crash leaves the old cache or the new one


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


def worker_pool(jobs: int) -> Executor:
    """Forked worker processes: they start in milliseconds with the parent's modules and caches loaded,
    and need no ``if __name__ == "__main__"`` guard in the caller's script. They never touch the store."""
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))


class Validator:
    """Submit plans as they are loaded; ``result`` gives each report (from the cache, a worker or inline)."""

    def __init__(self, pool: Optional[Executor] = None, cache: Optional[ValidationCache] = None,
                 backlog: int = 8):
        self.pool = pool
        self.cache = cache if cache is not None else ValidationCache()
        self.hits = 0
        self.backlog = backlog               # plans waiting for a worker: bounds the data held in memory
        self.running: set[Future] = set()

    def submit(self, data: bytes, plan: str) -> tuple[str, "Future | PlanReport"]:
        key = content_hash(data)
        cached = self.cache.get(key, plan)
        if cached is not None:
            self.hits += 1
            return key, cached
        if self.pool is None:
            return key, validate_data(data, plan)
        while len(self.running) >= self.backlog:
            _, self.running = wait(self.running, return_when=FIRST_COMPLETED)
        future = self.pool.submit(validate_data, data, plan)
        self.running.add(future)
        return key, future

    def result(self, pending: tuple[str, "Future | PlanReport"]) -> PlanReport:
        key, job = pending
        report = job.result() if isinstance(job, Future) else job
        self.cache.put(key, report)
        return report


def validate_plans(store, graphs: list[tuple[str, str]], jobs: int = 1,
                   cache: Optional[ValidationCache] = None) -> list[PlanReport]:
    """One report per ``(plan, graph)``, in order, pySHACL in ``jobs`` processes when there are enough plans."""
    from graph.rdf.validate import plan_data

    pool = worker_pool(jobs) if jobs > 1 and len(graphs) >= POOL_THRESHOLD else None
    validator = Validator(pool, cache)
    try:
        pending = [validator.submit(plan_data(store, graph), plan) for plan, graph in graphs]
        return [validator.result(job) for job in pending]
    finally:
        if pool is not None:
            pool.shutdown()
