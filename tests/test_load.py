"""A short run of the load test (bench/load.py): a real ``kommunesog serve`` keeps answering every
request while full reindexes of its index run beside it. ``make soak`` runs the long version."""
from __future__ import annotations

import os

from bench import load

SECONDS = float(os.environ.get("KOMMUNESOG_LOAD_SECONDS", "10"))


def test_search_keeps_answering_while_the_index_is_rebuilt(tmp_path):
    report = load.run(seconds=SECONDS, clients=4, pages=60, workdir=tmp_path)
    print(report.summary())
    assert report.errors == 0, report.error_samples
    assert report.tracebacks == 0 and report.reindex_failures == 0, report.error_samples
    assert report.reindexes >= 1 and len(report.generations) >= 2  # a new generation was switched in
    assert report.requests >= 100 and set(report.by_endpoint) == {"/api/search", "/search", "/api/suggest",
                                                                  "/healthz"}
