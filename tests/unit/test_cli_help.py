"""Every command line in the repository answers ``--help`` with its usage and exit code 0, and does no
work doing so (no data read, no server started, no benchmark run).

The commands are discovered: every module with an ``if __name__ == "__main__":`` block (``python -m
package.module``, or ``python app.py`` for a script at the top), then every subcommand each one lists
in its usage line (``{build}``, ``{add,list,remove}``).
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from geodata.config import REPO_ROOT

PACKAGES = ("geodata", "layers", "dashboard", "benchmarks")
TOP_LEVEL_SCRIPTS = ("app.py",)


def _has_main_block(path: Path) -> bool:
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if (
            isinstance(node, ast.If)
            and isinstance(node.test, ast.Compare)
            and isinstance(node.test.left, ast.Name)
            and node.test.left.id == "__name__"
            and any(
                isinstance(c, ast.Constant) and c.value == "__main__" for c in node.test.comparators
            )
        ):
            return True
    return path.name == "__main__.py"


def commands() -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = [(script,) for script in TOP_LEVEL_SCRIPTS]
    for package in PACKAGES:
        for path in sorted((REPO_ROOT / package).rglob("*.py")):
            if not _has_main_block(path):
                continue
            parts = path.relative_to(REPO_ROOT).with_suffix("").parts
            if parts[-1] == "__main__":
                parts = parts[:-1]
            found.append(("-m", ".".join(parts)))
    return found


COMMANDS = commands()


def run_help(command: tuple[str, ...]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "100"}
    # A help request must not need the data: point at a missing directory so any attempt to read it
    # fails (rather than starting a server or a benchmark).
    env["OUTREACH_ATLAS_DATA_DIR"] = str(REPO_ROOT / "no-such-data-dir")
    return subprocess.run(
        [sys.executable, *command, "--help"], cwd=REPO_ROOT, env=env, capture_output=True,
        text=True, timeout=120, check=False,
    )  # fmt: skip


def subcommands(help_text: str) -> list[str]:
    """The choices in the usage line's ``{a,b,c}``, if the command has subcommands."""
    found = re.search(r"\{([\w,-]+)\}", help_text.split("\n\n", 1)[0])
    return found.group(1).split(",") if found else []


@pytest.fixture(scope="module")
def helped() -> dict[tuple[str, ...], subprocess.CompletedProcess[str]]:
    """Every command's --help, then every subcommand's, two at a time (each one mostly waits for
    its imports, so this halves the wall time on two cores)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = dict(zip(COMMANDS, pool.map(run_help, COMMANDS), strict=True))
        nested = [(*c, sub) for c, r in results.items() for sub in subcommands(r.stdout)]
        results.update(zip(nested, pool.map(run_help, nested), strict=True))
    return results


def _check(result: subprocess.CompletedProcess[str], command: tuple[str, ...]) -> None:
    shown = " ".join(command)
    assert result.returncode == 0, f"{shown} --help exited {result.returncode}:\n{result.stderr}"
    assert result.stdout.startswith("usage: "), f"{shown} --help printed no usage:\n{result.stdout}"
    assert "-h, --help" in result.stdout


def test_every_known_command_is_discovered():
    found = {" ".join(c) for c in COMMANDS}
    for expected in (
        "app.py", "-m geodata", "-m geodata.imports", "-m dashboard.export", "-m benchmarks",
        "-m benchmarks.bench_load", "-m benchmarks.journeys", "-m benchmarks.headline",
    ):  # fmt: skip
        assert expected in found


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_help_prints_usage_and_exits_0(command: tuple[str, ...], helped):
    _check(helped[command], command)
    for sub in subcommands(helped[command].stdout):
        _check(helped[(*command, sub)], (*command, sub))


def test_subcommands_are_discovered(helped):
    assert subcommands(helped[("-m", "geodata")].stdout) == ["build", "region"]
    assert subcommands(helped[("-m", "geodata.imports")].stdout) == ["add", "list", "remove"]
