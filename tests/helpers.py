"""Helpers the tests of several apps share."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client, url: str, *, method: str = "get", data=None, status=(200,)) -> int:
    """How many SQL queries `client`'s request to `url` runs; its answer must have a `status`."""
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in status, (url, response.status_code)
    return len(queries)
