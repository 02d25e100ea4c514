"""Static and supply-chain checks: bandit on the code, pip-audit on the installed packages.

bandit: no medium or high finding may be left; one judged a false positive is marked on its
line with ``# nosec BXXX - the reason``, and that reason is required here too.

pip-audit: every package installed in this environment is looked up in the Python Packaging
Advisory Database (through the vulnerability service pip-audit queries).  A known
vulnerability fails the test.  When the service cannot be reached (no network, a blocked
host) the test is skipped with a message saying plainly that nothing was checked.
"""

from __future__ import annotations

import json
import re
import subprocess  # nosec B404 - runs the checkers installed beside this interpreter
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def test_bandit_finds_nothing_of_medium_or_high_severity():
    run = subprocess.run(  # nosec B603 - a fixed command line
        [
            str(BIN / "bandit"),
            "-c",
            str(ROOT / "pyproject.toml"),
            "-r",
            str(ROOT / "src"),
            "--severity-level",
            "medium",
            "--confidence-level",
            "low",
            "-f",
            "json",
            "-q",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(run.stdout)
    assert not report["errors"], report["errors"]
    findings = [
        f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_severity']}: {r['issue_text']}"
        for r in report["results"]
    ]
    assert not findings, "bandit findings (fix them, or mark a false positive `# nosec BXXX - why`):\n" + "\n".join(
        findings
    )
    assert run.returncode == 0, run.stderr


def test_every_nosec_names_its_check_and_says_why():
    unexplained = []
    for path in sorted((ROOT / "src").rglob("*.py")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if "# nosec" in line and not re.search(r"# nosec B\d{3}(, B\d{3})* - \S", line):
                unexplained.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not unexplained, unexplained


UNREACHABLE = re.compile(
    r"ConnectionError|ConnectTimeout|ReadTimeout|Max retries exceeded|Name or service not known|"
    r"Temporary failure in name resolution|Failed to resolve|NewConnectionError|ProxyError|"
    r"Network is unreachable|Connection refused|Failed to establish|Tunnel connection failed",
    re.I,
)
# A package every audit must find: a service that says it does not know Django is not the
# advisory database (a mirror of the index without its JSON API answers "not found" for all).
CANARY = "django"


def audit(service: str) -> tuple[dict | None, str]:
    """pip-audit's report of this environment's packages against ``service``, or None and
    why it could not check."""
    run = subprocess.run(  # nosec B603 - a fixed command line
        [
            str(BIN / "pip-audit"),
            "--local",
            "--skip-editable",
            "--progress-spinner",
            "off",
            "--format",
            "json",
            "--timeout",
            "20",
            "--vulnerability-service",
            service,
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    lines = run.stderr.strip().splitlines()
    if run.returncode != 0 and UNREACHABLE.search(run.stderr):
        return None, f"the {service} service cannot be reached ({lines[-1][:200] if lines else 'no message'})"
    assert run.stdout.strip(), f"pip-audit ({service}) said nothing (exit {run.returncode}): {run.stderr[-2000:]}"
    report = json.loads(run.stdout)
    canary = next((d for d in report["dependencies"] if d["name"].lower() == CANARY), None)
    assert canary is not None, f"{CANARY} is not among the packages pip-audit saw"
    if "skip_reason" in canary:
        skipped = sum("skip_reason" in d for d in report["dependencies"])
        return None, (
            f"the {service} service answered but knows no advisories here ({skipped} of "
            f"{len(report['dependencies'])} packages skipped, {CANARY} too: {canary['skip_reason']})"
        )
    return report, ""


def test_no_installed_package_has_a_known_vulnerability():
    """pip-audit of this environment's packages (what the test command installed), the
    project itself left out (it is not on the package index): PyPI's advisories first, OSV's
    when PyPI's cannot be had."""
    reasons = []
    for service in ("pypi", "osv"):
        report, reason = audit(service)
        if report is not None:
            break
        reasons.append(reason)
    else:
        pytest.skip("pip-audit could NOT check the installed packages for known vulnerabilities: " + "; ".join(reasons))
    vulnerable = [
        f"{d['name']} {d['version']}: "
        + ", ".join(
            f"{v['id']} (fixed in {', '.join(v.get('fix_versions') or ['no release yet'])})" for v in d["vulns"]
        )
        for d in report["dependencies"]
        if d.get("vulns")
    ]
    assert not vulnerable, f"installed packages with known vulnerabilities ({service}):\n" + "\n".join(vulnerable)
    unaudited = [
        f"{d['name']}: {d['skip_reason']}"
        for d in report["dependencies"]
        if "skip_reason" in d and "editable" not in d["skip_reason"]
    ]
    assert len(unaudited) <= 3, f"pip-audit ({service}) could not audit: {unaudited}"
