"""``make audit``: pip-audit's answer read right, bounded, honest offline."""

import json
import subprocess
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.management.commands import audit_dependencies


def fake_run(stdout="", stderr="", raises=None):
    def run(*args, **kwargs):
        if raises:
            raise raises
        return SimpleNamespace(stdout=stdout, stderr=stderr, returncode=0)

    return run


def report(*dependencies) -> str:
    return json.dumps({"dependencies": list(dependencies), "fixes": []})


def test_a_known_vulnerability_fails_the_audit(monkeypatch):
    vulnerable = {
        "name": "django",
        "version": "5.2.0",
        "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.8"]}],
    }
    monkeypatch.setattr(subprocess, "run", fake_run(report(vulnerable)))
    with pytest.raises(CommandError, match="1 known vulnerabilities"):
        call_command("audit_dependencies")


def test_a_clean_audit_says_how_many_packages_it_checked(monkeypatch, capsys):
    clean = {"name": "django", "version": "5.2.19", "vulns": []}
    skipped = {"name": "local", "skip_reason": "not on PyPI"}
    monkeypatch.setattr(subprocess, "run", fake_run(report(clean, skipped)))
    call_command("audit_dependencies")
    assert "1 packages checked, no known vulnerabilities (1 could not" in (
        capsys.readouterr().out
    )


@pytest.mark.parametrize(
    "run",
    [
        fake_run(report({"name": "x", "skip_reason": "Dependency not found"})),
        fake_run(stdout="", stderr="ConnectionError: no route to host"),
        fake_run(raises=subprocess.TimeoutExpired("pip-audit", 300)),
    ],
    ids=["all-skipped", "unreachable", "timeout"],
)
def test_an_audit_that_could_not_check_says_so_and_passes(monkeypatch, capsys, run):
    monkeypatch.setattr(subprocess, "run", run)
    call_command("audit_dependencies")
    assert "AUDIT SKIPPED" in capsys.readouterr().out


def test_summarise_lists_fix_versions():
    problems, checked, skipped = audit_dependencies.summarise(
        {
            "dependencies": [
                {
                    "name": "a",
                    "version": "1",
                    "vulns": [{"id": "X", "fix_versions": []}],
                }
            ]
        }
    )
    assert (problems, checked, skipped) == (["a 1: X (fixed in none yet)"], 1, 0)
