"""Check the installed dependencies for known vulnerabilities (pip-audit).

Fails when a vulnerability is found. When pip-audit cannot reach its
vulnerability data (a closed network), says so plainly and succeeds: an
audit that checked nothing must not read as "no known vulnerabilities",
nor block the build.
"""

import json
import subprocess
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


def summarise(report: dict) -> tuple[list[str], int, int]:
    """Return (one line per vulnerability, packages checked, packages skipped)."""
    problems, checked, skipped = [], 0, 0
    for dependency in report.get("dependencies", []):
        if "skip_reason" in dependency:
            skipped += 1
            continue
        checked += 1
        for vulnerability in dependency.get("vulns", []):
            fixed = ", ".join(vulnerability.get("fix_versions", [])) or "none yet"
            problems.append(
                f"{dependency['name']} {dependency['version']}: "
                f"{vulnerability['id']} (fixed in {fixed})"
            )
    return problems, checked, skipped


class Command(BaseCommand):
    help = "Audit the installed packages with pip-audit, bounded in time."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=int, default=300)

    def handle(self, *args, timeout, **options):
        pip_audit = Path(sys.executable).with_name("pip-audit")
        command = [str(pip_audit), "--progress-spinner", "off", "--format", "json"]
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout
            )
        except FileNotFoundError as error:
            raise CommandError("pip-audit is not installed: make install") from error
        except subprocess.TimeoutExpired:
            self._unreachable(f"no answer within {timeout} s")
            return
        try:
            report = json.loads(result.stdout)
        except json.JSONDecodeError:
            last = (result.stderr.strip().splitlines() or ["no output"])[-1]
            self._unreachable(last)
            return
        problems, checked, skipped = summarise(report)
        if problems:
            for line in problems:
                self.stderr.write(line)
            raise CommandError(f"{len(problems)} known vulnerabilities.")
        if checked == 0:
            self._unreachable(f"all {skipped} packages skipped (no data for them)")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{checked} packages checked, no known vulnerabilities"
                + (f" ({skipped} could not be checked)." if skipped else ".")
            )
        )

    def _unreachable(self, reason: str) -> None:
        self.stdout.write(
            self.style.WARNING(
                "AUDIT SKIPPED: pip-audit could not reach its vulnerability "
                f"data from this network ({reason}). Nothing was checked; run "
                "`make audit` where PyPI's JSON API or OSV answers."
            )
        )
