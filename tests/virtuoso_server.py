"""A throw-away Virtuoso Open Source server on 127.0.0.1 (Debian's virtuoso-opensource) for the tests."""
from __future__ import annotations

import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from graph.query.endpoint import HOST, free_port

INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = {host}:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
DirsAllowed = {dir}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 1
[HTTPServer]
ServerPort = {host}:{http_port}
ServerRoot = {dir}
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 120
"""

# Anonymous SPARQL may write through the Graph Store Protocol: fine for a throw-away loopback server.
GRANTS = "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"


class Virtuoso:
    """``virtuoso-t`` in the foreground with a fresh database in ``directory``, until ``stop()``."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.sql_port, self.http_port = free_port(), free_port()
        self.process = None

    @property
    def query_url(self) -> str:
        return f"http://{HOST}:{self.http_port}/sparql"

    @property
    def store_url(self) -> str:
        """The Graph Store Protocol URL (Virtuoso reads ``?graph=IRI`` as SPARQL 1.1 says)."""
        return f"http://{HOST}:{self.http_port}/sparql-graph-crud"

    def start(self, wait: float = 120.0) -> "Virtuoso":
        binary = shutil.which("virtuoso-t")
        if binary is None:
            raise RuntimeError("virtuoso-t not found: run 'make system-deps' (Debian package virtuoso-opensource)")
        self.directory.mkdir(parents=True, exist_ok=True)
        ini = self.directory / "virtuoso.ini"
        ini.write_text(INI.format(dir=self.directory, host=HOST, sql_port=self.sql_port,
                                  http_port=self.http_port), encoding="utf-8")
        self.process = subprocess.Popen([binary, "-c", str(ini), "+foreground"], cwd=self.directory,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + wait
        while not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                log = (self.directory / "virtuoso.log")
                tail = log.read_text(errors="replace")[-800:] if log.exists() else ""
                raise RuntimeError(f"Virtuoso did not come up on {self.query_url}: {tail}")
            time.sleep(0.2)
        self.isql(GRANTS)
        return self

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.query_url + "?query=ASK%7B%7D", timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, ConnectionError, OSError):
            return False

    def isql(self, statements: str) -> str:
        """Run SQL statements as dba over the SQL port (the default password of a fresh database)."""
        done = subprocess.run(["isql-vt", f"{HOST}:{self.sql_port}", "dba", "dba", f"exec={statements}"],
                              capture_output=True, text=True, timeout=60)
        if done.returncode != 0 or "Error" in done.stdout:
            raise RuntimeError(f"isql-vt failed: {done.stdout[-500:]} {done.stderr[-500:]}")
        return done.stdout

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> "Virtuoso":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
