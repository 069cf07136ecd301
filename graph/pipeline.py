"""The one pipeline: parse -> load -> validate -> link -> validate, for the CLI, the tests and the benchmarks.

    >>> from graph.pipeline import build_corpus
    >>> from graph.rdf import open_store
    >>> result = build_corpus("data/plans", open_store())
    >>> len(result.plans), result.violations, result.failures
    (5, 0, [])

``build_corpus`` reads a folder (``run`` takes records or ``(path, record_or_error)`` pairs already
parsed), loads each plan in its own transaction, validates it, links the corpus and validates the
links graph. A file that cannot be parsed is reported and skipped; the others still load. Progress is
reported through a callback, so the CLI can print it and the tests can stay quiet.
"""
from __future__ import annotations

import gc
import time
from collections import deque
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Optional, Union

import pyoxigraph as ox

import loaders
from graph.link import DerivationCycleError, LinkReport, link_store
from graph.query.examples import load_examples
from graph.rdf import load_vocabulary, plan_identity, plan_stats, triple_stats, validate_links
from graph.rdf.describe import write_description
from graph.rdf.store import PlanWriter, VocabularyIndex, plan_graphs, remove_graph
from graph.rdf.validate import PlanReport, plan_data
from graph.rdf.validate_pool import POOL_THRESHOLD, ValidationCache, Validator, worker_pool


@dataclass
class PlanResult:
    """One plan loaded: where it came from, its graph, its counts and its SHACL report."""
    path: Optional[Path]
    plan: str
    graph: str
    counts: dict[str, int]
    report: PlanReport
    seconds: float


@dataclass
class PipelineResult:
    plans: list[PlanResult] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)      # one readable line per file or step that failed
    removed: list[str] = field(default_factory=list)       # plans dropped because no file holds them any more
    links: Optional[LinkReport] = None
    links_report: Optional[PlanReport] = None
    seconds: float = 0.0

    @property
    def reports(self) -> list[PlanReport]:
        """Every SHACL report: the plans', then the links graph's."""
        return [p.report for p in self.plans] + ([self.links_report] if self.links_report else [])

    @property
    def violations(self) -> int:
        return sum(len(r.violations) for r in self.reports)

    @property
    def ok(self) -> bool:
        return not self.violations and not self.failures


# A build allocates tens of millions of short-lived objects (terms, quads, rows) while it holds large
# long-lived ones (records, the corpus being linked); Python's collector, at its default thresholds,
# ran about 4,000 collections in building 300 generated plans (5 of 58 s in this process) and walks
# the whole long-lived heap more often the larger it is. During a run: what exists when it starts is
# set aside (``gc.freeze``) and young objects are collected every 50,000 allocations instead of 700.
# Nothing is left uncollected: at the end the objects set aside rejoin the others and the thresholds
# are put back.
GC_THRESHOLDS = (50_000, 20, 100)


@contextmanager
def collector_tuned_for_builds():
    """Python's cyclic garbage collector set for a build (``GC_THRESHOLDS``), restored on exit;
    worker processes forked meanwhile inherit the setting."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


Progress = Callable[[str, object], None]
Parsed = Union[loaders.PlanRecord, tuple[Path, Union[loaders.PlanRecord, Exception]]]


def _quiet(event: str, payload: object) -> None:
    pass


def run(store: ox.Store, parsed: Iterable[Parsed], source_dir=None, *, link: bool = True,
        validate: bool = True, prune: bool = False, describe: bool = True, progress: Progress = _quiet,
        jobs: int = 1, cache: Optional[ValidationCache] = None, pool=None, bulk: int = 1) -> PipelineResult:
    """Load, validate and link plans into ``store``; ``progress(event, payload)`` hears each step.

    Events: ``"step"`` with what starts now (text), ``"plan"`` with a ``PlanResult``, ``"failure"``
    with a message, ``"removed"`` with a plan IRI, ``"links"`` with the ``LinkReport``, ``"described"``
    with the triples of the catalogue graph and of the dataset description (written last, so that it
    counts every other graph). Two files of
    one plan are a failure (the first is kept). With ``prune``, plans in the store that this run did
    not load are removed, unless a file failed (it may have been one of them). With ``jobs`` > 1 (and
    enough plans) SHACL validation runs in that many worker processes while the next plans load;
    ``cache`` skips plans whose validated content has not changed. With ``bulk`` > 1, plans the
    store does not hold yet are written that many at a time with the bulk loader
    (``graph.rdf.store.PlanWriter``; ``bulk_plans`` gives the number for a corpus size).
    """
    with collector_tuned_for_builds():
        return _run(store, parsed, source_dir, link=link, validate=validate, prune=prune, describe=describe,
                    progress=progress, jobs=jobs, cache=cache, pool=pool, bulk=bulk)


def _run(store, parsed, source_dir, *, link, validate, prune, describe, progress, jobs, cache, pool,
         bulk) -> PipelineResult:
    started = time.perf_counter()
    result = PipelineResult()
    progress("step", "loading the vocabulary")
    load_vocabulary(store)
    own_pool = None
    if pool is None and validate and jobs > 1:
        parsed = list(parsed)
        if len(parsed) >= POOL_THRESHOLD:
            pool = own_pool = worker_pool(jobs)
    validator = Validator(pool, cache)
    try:
        vocabulary = VocabularyIndex(store) if validate else None
        seen = _load_all(store, parsed, PlanWriter(store, source_dir, bulk, vocabulary), validate, validator,
                         result, progress)
    finally:
        if own_pool is not None:
            own_pool.shutdown()
    if cache is not None:
        cache.save()
    if prune and not result.failures:
        for plan, graph in plan_graphs(store):
            if plan not in seen:
                remove_graph(store, graph)
                result.removed.append(plan)
                progress("removed", plan)
    if link:
        progress("step", f"linking {len(plan_graphs(store))} plans")
        try:
            result.links = link_store(store, jobs=jobs)
        except DerivationCycleError as problem:
            result.failures.append(f"linking: {problem}")
            progress("failure", f"linking: {problem}")
        else:
            progress("links", result.links)
            if validate:
                progress("step", "validating the links graph")
                result.links_report = validate_links(store, jobs=jobs)
    if describe:
        progress("described", (load_examples(store), write_description(store, threads=jobs)))
    result.seconds = time.perf_counter() - started
    return result


def _load_all(store, parsed, writer: PlanWriter, validate, validator: Validator, result: PipelineResult,
              progress) -> dict[str, object]:
    """Load each plan and hand it to the validator; report plans in order as their verdicts come in.

    Returns the plans loaded (plan IRI to the file it came from)."""
    pending: list = []
    seen: dict[str, object] = {}
    paths: dict[str, object] = {}           # plan IRI -> its file, for the plans the writer holds back
    mark = time.perf_counter()

    def written(loads) -> None:
        """Plans now in the store: their counts and data graphs, and off to the validator."""
        nonlocal mark
        if not loads:
            return
        share = (time.perf_counter() - mark) / len(loads)
        for load in loads:
            counts = triple_stats(load.written) if load.written else plan_stats(store, load.graph)
            started = time.perf_counter()
            job = (validator.submit(plan_data(store, load.graph, load.written, writer.vocabulary), load.plan)
                   if validate else None)
            load.written = []                  # held only until its data graph is made
            pending.append((paths.pop(load.plan), load, counts, job, share + time.perf_counter() - started))
        mark = time.perf_counter()

    def finish(block: bool) -> None:
        while pending and (block or _ready(pending[0][3])):
            path, load, counts, job, seconds = pending.pop(0)
            waited = time.perf_counter()
            report = validator.result(job) if validate else PlanReport(load.plan, True, [], "")
            plan = PlanResult(Path(path) if path else None, load.plan, load.graph, counts, report,
                              seconds + time.perf_counter() - waited)
            result.plans.append(plan)
            progress("plan", plan)

    for item in parsed:
        path, record = item if isinstance(item, tuple) else (getattr(item, "path", None), item)
        if isinstance(record, Exception):
            result.failures.append(str(record))
            progress("failure", str(record))
            continue
        plan_iri = plan_identity(record)[0]
        if plan_iri in seen:
            message = (f"{path or record.file}: the same plan as {seen[plan_iri]} ({plan_iri}: same region, "
                       "period and plan type); kept the first, skipped this one")
            result.failures.append(message)
            progress("failure", message)
            continue
        seen[plan_iri] = path or record.file
        progress("step", f"loading and validating {Path(path).name if path else record.file}")
        paths[plan_iri] = path
        try:
            written(writer.write(record))
        except BaseException:
            writer.flush()              # the plans built before the failure are kept, as one by one
            raise
        finish(block=False)
    written(writer.flush())
    finish(block=True)
    return seen


def _ready(job) -> bool:
    if job is None:
        return True
    future = job[1]
    return not isinstance(future, Future) or future.done()


def _parse_one(path: Path):
    try:
        return path, loaders.parse(path)
    except loaders.PlanParseError as problem:
        return path, problem


# A run of at least this many files writes the plans the store does not hold yet in bulk loads
# (``graph.rdf.store.PlanWriter``), ``PLANKG_BULK_PLANS`` at a time (100 unless set). Loads of ten
# were off by default: RocksDB merged the many small files they ingest later, while the build linked
# (1,000 plans: 375 s with them, 361 s without). The store is now compacted once after the links are
# written, and loads of 100 measured faster at 1,000 generated plans (182 s against 199 s, 165 s
# against 173 s, each pair back to back) and with less memory (4.7 GB against 6.0-6.2 GB). Below the
# threshold each plan is in the store as soon as it is loaded.
BULK_THRESHOLD = 20


def bulk_plans(files: int) -> int:
    """The ``bulk`` option of ``run`` for a run of ``files`` plan files (``PLANKG_BULK_PLANS``)."""
    from graph.config import settings

    return settings().bulk_plans if files >= BULK_THRESHOLD else 1


def build_corpus(directory, store: ox.Store, *, jobs: int = 1, **options) -> PipelineResult:
    """Parse every plan file of ``directory`` and run the pipeline on them (see ``run``).

    With ``jobs`` > 1 and enough files, the files are parsed in the same worker processes that validate;
    with enough files new plans are written in bulk (``bulk_plans``) unless ``bulk`` is given.
    """
    paths = sorted(Path(directory).glob("*.txt")) if Path(directory).is_dir() else []
    options.setdefault("bulk", bulk_plans(len(paths)))
    if jobs <= 1 or len(paths) < POOL_THRESHOLD:
        return run(store, loaders.parse_dir(directory), directory, jobs=jobs, **options)
    with worker_pool(jobs) as pool:
        return run(store, parse_files(paths, pool), directory, jobs=jobs, pool=pool, **options)


# Files parsed ahead of the one being loaded. ``pool.map`` would queue every file's parse before the
# first validation (the pool serves its queue in order), and loading waited for the whole corpus to
# be parsed: 40 s of 164 at 1,000 plans.
PARSE_AHEAD = 16


def parse_files(paths: list[Path], pool=None, progress: Progress = _quiet, ahead: int = PARSE_AHEAD):
    """``(path, record or error)`` for each file, in the order of ``paths``; ``progress`` hears a
    ``"step"`` as each is parsed. With a ``pool`` (``validate_pool.worker_pool``) the files are parsed in
    its workers, each at most ``ahead`` files before it is needed, so that the plans' validations share
    the workers with the parsing; loading (in this process) does not wait for the parser."""
    if pool is None:
        for path in paths:
            progress("step", f"parsing {Path(path).name}")
            yield _parse_one(Path(path))
        return
    queued: deque[Future] = deque()
    waiting = iter(paths)
    for path in islice(waiting, ahead):
        queued.append(pool.submit(_parse_one, Path(path)))
    while queued:
        done = queued.popleft().result()
        progress("step", f"parsed {done[0].name}")
        following = next(waiting, None)
        if following is not None:
            queued.append(pool.submit(_parse_one, Path(following)))
        yield done
