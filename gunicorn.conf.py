"""gunicorn's settings, read from the working directory by `gunicorn wsgi:app` (production,
the benchmarks and tests/test_two_hosts.py alike).

Two workers (one per core of the reference machine), each of two threads: a request that
waits on PostgreSQL (a round trip, a commit's flush) leaves its core to the worker's other
request instead of idling it, as a sync worker would. More threads only contend for the
worker's one interpreter lock: on a 2-core machine that also runs PostgreSQL, writes
through the API (bench/writes.py, four alternating runs) gave 150, 147, 151 and 144 writes
a second with two threads against 144, 142, 144 and 137 with four, and about 114 with
eight; the status pages served as many requests a second under load. Exports keep their
worker's main loop alive, so a long one is not killed by the 30 s worker timeout of sync
workers. A larger machine raises both: GUNICORN_CMD_ARGS="--workers 4 --threads 2".
"""
workers = 2
worker_class = "gthread"
threads = 2


def post_worker_init(worker):
    """Each worker compiles every template before it takes a request (about 0.6 s at its
    start): the first request of a page in each worker, which compiled its templates, took
    3 to 5 times as long as the next (the status page 50 ms instead of 12)."""
    from tracker.core.web import compile_templates
    compile_templates(worker.wsgi)
