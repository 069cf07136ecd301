"""``plankg serve``: a read-only SPARQL 1.1 endpoint and other routes on 127.0.0.1 (see ``app.ROUTES``)."""
