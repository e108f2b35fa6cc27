"""Schemathesis (property-based, from the OpenAPI document) against a live server on
127.0.0.1: no server error, no answer that breaks the document, invalid input refused.

The server is this test session's app (its migrated test database, SQLite or PostgreSQL)
served by werkzeug in a thread; schemathesis runs as its own process, with a fixed seed so
that a run is reproducible, and few examples per operation so that it stays within about
a minute. Two passes: a coordinator's token for everything a coordinator does, an
officer's for the reports (progress, submit).

`positive_data_acceptance` is left out on purpose: data that fits the schema may still
break a rule (a deadline before the directive was issued, a stale `version`), and the API
then answers 409/422 with a problem document, which is what it should do."""
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

EXAMPLES = os.environ.get("SCHEMATHESIS_EXAMPLES", "15")
SEED = os.environ.get("SCHEMATHESIS_SEED", "20261122")
REPORTS = (r"^(POST /assignments/\{assignment_id\}/(progress|submit)"
           r"|PUT /assignments/\{assignment_id\}/figures)$")


@pytest.fixture
def live_server(app, caplog):
    caplog.set_level(logging.WARNING, logger="werkzeug")  # not one line per request
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


def _run(base: str, token: str, tmp_path: Path, *, parameters: dict, name_filter: list[str]):
    config = tmp_path / "schemathesis.toml"
    config.write_text("[parameters]\n" + "".join(
        f'"path.{name}" = {value}\n' for name, value in parameters.items()), encoding="utf-8")
    command = [
        str(Path(sys.executable).parent / "schemathesis"), "--no-color",
        "--config-file", str(config), "run", f"{base}/api/v1/openapi.json",
        "--header", f"Authorization: Bearer {token}",
        "--max-examples", EXAMPLES, "--seed", SEED, "--workers", "1",
        "--phases", "examples,coverage,fuzzing",
        "--exclude-checks", "positive_data_acceptance",
        "--request-timeout", "20", *name_filter,
    ]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def test_coordinator_operations(world, live_server, tmp_path):
    _run(live_server, world.tokens["coord_a"], tmp_path,
         parameters={"assignment_id": world.submitted_id, "task_id": world.task_id,
                     "directive_id": world.directive_id, "body_id": world.x.id},
         name_filter=["--exclude-name-regex", REPORTS])


def test_officer_reports(world, live_server, tmp_path):
    _run(live_server, world.tokens["officer_x"], tmp_path,
         parameters={"assignment_id": world.open_id},
         name_filter=["--include-name-regex", REPORTS])
