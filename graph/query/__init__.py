"""Querying: the catalogue of ``queries/*.rq``, typed bindings, read-only time-limited execution, endpoints, tracing.

    >>> from graph import query
    >>> "plans" in query.catalogue()
    True

Queries run on the embedded store or at any SPARQL 1.1 endpoint; ``endpoint`` starts the Oxigraph
server and publishes a store with the Graph Store Protocol.
"""
from graph.query.catalogue import CatalogueError, CatalogueQuery
from graph.query.errors import (EndpointError, ParameterError, QueryBusy, QueryError, QueryMemoryError,
                                QuerySyntaxError, QueryTimeout, ReadOnlyError, ServiceRefused)
from graph.query.execute import Result, catalogue, get_query, run_query, run_sparql, to_python

__all__ = [
    "CatalogueError", "CatalogueQuery",
    "EndpointError", "ParameterError", "QueryBusy", "QueryError", "QueryMemoryError", "QuerySyntaxError",
    "QueryTimeout", "ReadOnlyError", "ServiceRefused",
    "Result", "catalogue", "get_query", "run_query", "run_sparql", "to_python",
]
