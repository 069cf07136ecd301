"""PlanKG's one error type (what went wrong, and why), and the loaders' kind of it, naming the file."""


class PlanKGError(Exception):
    """A mistake a user can act on: ``what`` (a file, a parameter, a store) and ``why``.

    The command line prints it as one line, ``plankg <command>: <what> — <why>``, and exits non-zero.
    """

    def __init__(self, why: str, what: str | None = None):
        self.why = why
        self.what = what
        super().__init__(f"{what} — {why}" if what else why)

    def __reduce__(self):
        # made again from its parts: a worker process's error reaches its parent pickled, and the
        # default (the class called with ``args``) does not fit these constructors
        return type(self), (self.why, self.what)


class PlanParseError(PlanKGError):
    def __init__(self, path, reason: str, line: int | None = None):
        self.path = str(path)
        self.reason = reason
        self.line = line
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(reason, where)
        self.args = (f"{where}: {reason}",)

    def __reduce__(self):
        return type(self), (self.path, self.reason, self.line)

    def __str__(self) -> str:
        return self.args[0]
