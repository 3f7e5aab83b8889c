"""Errors in production, end to end, with a real Prometheus server:

1. the contacts example runs with metrics on (one line in its router);
2. Prometheus (Debian's, started here on a free loopback port with a
   temporary data directory) scrapes its /metrics every second;
3. a bounded load sends a known mix of errors;
4. `errcat serve --prometheus` shows exactly those counts on the entry and
   catalog pages, with the last-seen time and the 24-hour chart;
5. `errcat audit --prometheus` reports the same counts, names the entry the
   example never raises, and `--deny unseen` fails on it.

Every process is started and stopped here. Run by scripts/test:
ERRCAT_BIN=... CONTACTS_BIN=... python tests/telemetry/e2e_test.py
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "sdk"))
from harness import check, finish  # noqa: E402

ERRCAT = os.environ["ERRCAT_BIN"]
CONTACTS = os.environ["CONTACTS_BIN"]
PROMETHEUS = os.environ.get("PROMETHEUS_BIN") or shutil.which("prometheus")
ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
CATALOG = os.path.join(ROOT, "examples", "contacts", "errors.toml")
SOURCE = os.path.join(ROOT, "examples", "contacts", "src")
if PROMETHEUS is None:
    sys.exit("prometheus is not installed: scripts/test installs Debian's `prometheus` package")

# The known mix: entry -> (requests, expected status).
MIX = {
    "contact_not_found": 5,
    "invalid_contact": 3,
    "route_not_found": 2,
    "contact_email_taken": 1,
}
TOTAL = sum(MIX.values())

processes = []


def start(command, ready_pattern):
    """Starts a server printing `ready_pattern` (with the address) on stdout."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    processes.append(process)
    for line in process.stdout:
        found = re.search(ready_pattern, line)
        if found:
            return found.group(1)
    raise RuntimeError(f"{command[0]} exited before it was ready")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def call(method, url, body=None, headers=None):
    request = urllib.request.Request(url, method=method, data=body, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def promql(base, query):
    url = f"{base}/api/v1/query?" + urllib.parse.urlencode({"query": query})
    status, body = call("GET", url)
    answer = json.loads(body)
    assert status == 200 and answer["status"] == "success", body
    return answer["data"]["result"]


def main():
    work = tempfile.mkdtemp(prefix="errcat-prometheus-")
    try:
        service = start([CONTACTS, "problem", "127.0.0.1:0"], r"on (http://\S+)")

        port = free_port()
        config = os.path.join(work, "prometheus.yml")
        with open(config, "w") as out:
            target = urllib.parse.urlparse(service).netloc
            out.write(
                "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
                "scrape_configs:\n"
                f"  - job_name: contacts\n    static_configs: [{{targets: ['{target}']}}]\n"
            )
        prometheus_process = subprocess.Popen(
            [PROMETHEUS, f"--config.file={config}", f"--storage.tsdb.path={work}/data",
             f"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        processes.append(prometheus_process)
        prometheus = f"http://127.0.0.1:{port}"
        deadline = time.time() + 60
        while not _ready(prometheus):
            assert time.time() < deadline, "Prometheus did not become ready in 60 s"
            time.sleep(0.2)

        # The bounded load: the known mix, once.
        json_body = {"Content-Type": "application/json"}
        for id in range(MIX["contact_not_found"]):
            assert call("GET", f"{service}/contacts/{900 + id}")[0] == 404
        for _ in range(MIX["invalid_contact"]):
            assert call("POST", f"{service}/contacts", b'{"name": "", "email": "nope"}', json_body)[0] == 422
        for _ in range(MIX["route_not_found"]):
            assert call("GET", f"{service}/nowhere")[0] == 404
        assert call("POST", f"{service}/contacts", b'{"name": "Ada", "email": "ada@example.com"}', json_body)[0] == 201
        for _ in range(MIX["contact_email_taken"]):
            assert call("POST", f"{service}/contacts", b'{"name": "Ada", "email": "ada@example.com"}', json_body)[0] == 409

        # Until Prometheus has scraped all of it.
        deadline = time.time() + 60
        while True:
            result = promql(prometheus, 'sum(errcat_errors_total{catalog="Contacts API"})')
            if result and float(result[0]["value"][1]) == TOTAL:
                break
            assert time.time() < deadline, f"Prometheus has {result} after 60 s, not {TOTAL}"
            time.sleep(0.5)

        portal = start(
            [ERRCAT, "serve", "--catalog", CATALOG, "--listen", "127.0.0.1:0",
             "--prometheus", prometheus, "--prometheus-timeout", "10s"],
            r"on (http://\S+)",
        )

        def entry_page():
            status, page = call("GET", f"{portal}/catalogs/errors/errors/contact_not_found")
            assert status == 200, status
            assert "<dt>Last hour</dt><dd>5</dd>" in page, page
            assert "<dt>Last 24 hours</dt><dd>5</dd>" in page, page
            assert re.search(r"<dt>Last seen</dt><dd><time>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ</time> \((just now|1 minute ago)\)", page), page
            assert "<title>the last hour: 5 errors</title>" in page, page
            assert "role=\"note\"" not in page, "figures are in: no note"

        def catalog_page():
            status, page = call("GET", f"{portal}/catalogs/errors")
            assert status == 200, status
            top = page.split('id="top-errors"')[1].split("</table>")[0]
            rows = re.findall(r"<code>(\w+)</code></a>[^<]*</td><td>(\d+)</td><td>(\d+)</td>", top)
            assert rows == [(id, str(n), str(n)) for id, n in MIX.items()], rows
            unseen = page.split('id="unseen-errors"')[1].split("</ul>")[0]
            assert re.findall(r"<code>(\w+)</code>", unseen) == ["contact_limit_reached"], unseen

        def audit():
            result = subprocess.run(
                [ERRCAT, "audit", "--catalog", CATALOG, "--src", SOURCE,
                 "--prometheus", prometheus, "--since", "30d", "--json"],
                capture_output=True, text=True,
            )
            assert result.returncode == 0, result.stderr
            report = json.loads(result.stdout)
            sent = {entry["id"]: entry["sent"] for entry in report["entries"]}
            assert sent == {**MIX, "contact_limit_reached": 0}, sent
            assert [u["id"] for u in report["unseen"]] == ["contact_limit_reached"], report["unseen"]
            assert [u["id"] for u in report["unused"]] == ["contact_limit_reached"], report["unused"]
            denied = subprocess.run(
                [ERRCAT, "audit", "--catalog", CATALOG, "--src", SOURCE,
                 "--prometheus", prometheus, "--deny", "unseen"],
                capture_output=True, text=True,
            )
            assert denied.returncode == 1, denied
            assert "unseen: `contact_limit_reached`" in denied.stdout, denied.stdout
            assert "sent: `contact_not_found` 5 times in the last 30d" in denied.stdout, denied.stdout

        check("the entry page shows the live rate, last-seen time and chart", entry_page)
        check("the catalog page shows the top errors and the entry never seen", catalog_page)
        check("errcat audit --prometheus counts what was sent and names what never was", audit)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(work, ignore_errors=True)
    finish()


def _ready(base):
    try:
        with urllib.request.urlopen(f"{base}/-/ready", timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, OSError):
        return False


main()
