"""Build progress: a bar on a terminal (standard error), plain lines otherwise; per-plan lines on standard output."""
from __future__ import annotations

import shutil
import sys
import time


class Progress:
    """``progress(event, payload)`` for ``graph.pipeline.run``: counts plans, says what runs now."""

    def __init__(self, total: int, on_event, stream=None):
        self.total, self.on_event = total, on_event
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.finished = 0
        self.started = time.monotonic()
        self.drawn = False

    def __call__(self, event: str, payload) -> None:
        if event in ("plan", "failure") and not (event == "failure" and str(payload).startswith("linking")):
            self.finished += 1
        if event == "step":
            self._show(str(payload))
            return
        self._clear()
        if event == "removed":
            print(f"removed {payload}: no file of --input holds it any more")
        else:
            self.on_event(event, payload)
        sys.stdout.flush()

    def _show(self, doing: str) -> None:
        elapsed = time.monotonic() - self.started
        if not self.tty:
            print(f"[{self.finished}/{self.total}] {doing} ({elapsed:.1f}s)", file=self.stream, flush=True)
            return
        width = max(10, min(30, shutil.get_terminal_size().columns - 60))
        filled = int(width * self.finished / max(1, self.total))
        line = f"[{'#' * filled}{'.' * (width - filled)}] {self.finished}/{self.total} {doing} ({elapsed:.0f}s)"
        self.stream.write("\r\x1b[K" + line[:shutil.get_terminal_size().columns - 1])
        self.stream.flush()
        self.drawn = True

    def _clear(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.drawn = False

    def done(self) -> None:
        self._clear()
