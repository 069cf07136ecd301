"""The errors a query can end in: each says what was wrong in words a user can act on."""


class QueryError(Exception):
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
