"""The one error the loaders raise: it names the file and says what is wrong."""


class PlanParseError(Exception):
    def __init__(self, path, reason: str, line: int | None = None):
        self.path = str(path)
        self.reason = reason
        self.line = line
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {reason}")
