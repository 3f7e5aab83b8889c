"""What the Python suites share: named checks that report and go on, and the
closing `N passed, N failed` line with the exit status (as harness.mjs does
for the Node suites)."""

results = []


def check(name, body):
    """Runs one named check; a failure is reported and the others still run."""
    try:
        body()
        results.append(True)
        print(f"ok   {name}")
    except Exception as error:  # noqa: BLE001 - every failure is reported the same way
        results.append(False)
        print(f"FAIL {name}: {error!r}")


def finish():
    """Prints the closing line and exits non-zero when a check failed."""
    failed = results.count(False)
    print(f"{len(results) - failed} passed, {failed} failed")
    raise SystemExit(1 if failed else 0)
