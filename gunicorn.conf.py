"""gunicorn's settings, read from the working directory by `gunicorn wsgi:app` (production,
the benchmarks and tests/test_two_hosts.py alike).

Two workers (one per core of the reference machine), each of four threads: a request that
waits on PostgreSQL (a round trip, a commit's flush) leaves its core to another request of
the same worker instead of idling it, as a sync worker would (writes through the API: about
1.7 × the sync workers' rate, bench/writes.py). Exports keep their worker's main loop
alive, so a long one is not killed by the 30 s worker timeout of sync workers.
"""
workers = 2
worker_class = "gthread"
threads = 4
