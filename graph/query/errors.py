"""The errors a query can end in: each says what was wrong in words a user can act on."""
from graph.errors import PlanKGError


class QueryError(PlanKGError):
    """A query that could not be run; the message says why."""


class ReadOnlyError(QueryError):
    """An update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY) was given to a query runner."""


class QuerySyntaxError(QueryError):
    pass


class QueryTimeout(QueryError):
    pass


class ParameterError(QueryError):
    pass


class EndpointError(QueryError):
    pass


class ServiceRefused(QueryError):
    """A SERVICE clause naming an endpoint the user has not allowed."""


class QueryMemoryError(QueryError):
    """A query stopped because it needed more memory than its limit."""


class QueryBusy(QueryError):
    """Too many queries at once: every worker stayed busy for the whole time limit."""
