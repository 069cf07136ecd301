"""Every default of PlanKG in one place, each overridable by an environment variable and a command-line flag.

    >>> from graph.config import SETTINGS, settings
    >>> SETTINGS["store"].env
    'PLANKG_STORE'
    >>> settings({"PLANKG_QUERY_TIMEOUT": "5"}).query_timeout
    5.0
    >>> settings({}).store.as_posix()
    '.plankg/store'

The CLI, the app and the server read them the same way: a flag given on the command line wins, then
the environment variable, then the default below (``settings(env)`` reads the environment when called,
never at import). Package data (the ontology and the query catalogue) is found beside the installed
packages, so a wheel works from any folder.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Callable, Mapping, Optional

# Package data: top-level folders installed beside the packages (see pyproject.toml).
PACKAGE_ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = PACKAGE_ROOT / "ontology"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
QUERIES_DIR = PACKAGE_ROOT / "queries"
INTERNAL_QUERIES_DIR = QUERIES_DIR / "internal"

HOST = "127.0.0.1"          # servers bind to loopback only


@dataclass(frozen=True)
class Setting:
    """One default: its value, the environment variable that overrides it, and what it is for."""
    name: str
    default: Any
    env: str
    convert: Callable[[str], Any]
    help: str


def _optional_text(value: str) -> Optional[str]:
    return value or None


def _one_of(*choices: str):
    """A converter that accepts only ``choices`` (a wrong one is refused when the settings are read,
    not when the build reaches the step that uses it)."""
    def convert(value: str) -> str:
        if value not in choices:
            raise ValueError(value)
        return value
    return convert


def _at_least_one(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


SETTINGS: dict[str, Setting] = {s.name: s for s in (
    Setting("store", Path(".plankg/store"), "PLANKG_STORE", Path, "folder of the embedded graph store"),
    Setting("input", Path("data/plans"), "PLANKG_INPUT", Path, "folder of plan files to build from"),
    Setting("endpoint", None, "PLANKG_ENDPOINT", _optional_text,
            "SPARQL 1.1 endpoint URL to read instead of the embedded store"),
    Setting("query_timeout", 30.0, "PLANKG_QUERY_TIMEOUT", float, "seconds a query may run (CLI and server)"),
    Setting("console_timeout", 10.0, "PLANKG_CONSOLE_TIMEOUT", float, "seconds a query of the app's console may run"),
    Setting("console_rows", 5000, "PLANKG_CONSOLE_ROWS", int, "rows the app's console shows"),
    Setting("serve_timeout", 60.0, "PLANKG_SERVE_TIMEOUT", float, "seconds a query to 'plankg serve' may run"),
    Setting("query_memory_mb", 1024, "PLANKG_QUERY_MEMORY_MB", int,
            "megabytes of memory (address space) a query may add to its worker process (0: no cap)"),
    Setting("query_workers", 4, "PLANKG_QUERY_WORKERS", int, "queries that run at once per process"),
    Setting("service_allow", (), "PLANKG_SERVICE_ALLOW", lambda text: tuple(text.split()),
            "space-separated SPARQL endpoints a query's SERVICE may call (none by default)"),
    Setting("port", 7878, "PLANKG_PORT", int, "port of 'plankg serve' on 127.0.0.1"),
    Setting("app_port", 8501, "PLANKG_APP_PORT", int, "port of the Streamlit app on 127.0.0.1"),
    Setting("jobs", os.cpu_count() or 1, "PLANKG_JOBS", int, "number of worker processes that parse, validate and link plans"),
    Setting("shacl_engine", "turbo", "PLANKG_SHACL_ENGINE", _one_of("turbo", "pyshacl"),
            "SHACL engine: turbo (pyshacl-turbo, Rust) or pyshacl (the reference engine)"),
    Setting("bulk_plans", 100, "PLANKG_BULK_PLANS", _at_least_one,
            "number of new plans a build of 20 files or more writes together with Oxigraph's bulk loader "
            "(1: each plan in its own transaction)"),
    Setting("links_validation", "store", "PLANKG_LINKS_VALIDATION", _one_of("store", "shacl"),
            "how the links graph is validated: store (its shapes compiled to SPARQL, run in the store) "
            "or shacl (the SHACL engine, in batches)"),
)}


@dataclass(frozen=True)
class Settings:
    store: Path
    input: Path
    endpoint: Optional[str]
    query_timeout: float
    console_timeout: float
    console_rows: int
    serve_timeout: float
    query_memory_mb: int
    query_workers: int
    service_allow: tuple
    port: int
    app_port: int
    jobs: int
    shacl_engine: str
    bulk_plans: int
    links_validation: str


def settings(env: Optional[Mapping[str, str]] = None, **overrides: Any) -> Settings:
    """The settings in force: ``overrides`` (flags that were given) over ``env`` over the defaults."""
    env = os.environ if env is None else env
    values = {}
    for field in fields(Settings):
        setting = SETTINGS[field.name]
        if overrides.get(field.name) is not None:
            values[field.name] = overrides[field.name]
        elif env.get(setting.env):
            try:
                values[field.name] = setting.convert(env[setting.env])
            except ValueError:
                raise ValueError(f"{setting.env}={env[setting.env]!r}: not a valid {setting.help}") from None
        else:
            values[field.name] = setting.default
    return Settings(**values)


def flag_help(name: str) -> str:
    """Help text for the flag of a setting, naming its default and environment variable."""
    setting = SETTINGS[name]
    default = f"default {setting.default}" if setting.default is not None else "no default"
    return f"{setting.help} ({default}; environment {setting.env})"
