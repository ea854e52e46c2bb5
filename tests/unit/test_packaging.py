"""``pip install .`` gives a working atlas, and ``requirements.lock`` stays consistent with pyproject.

* every third-party module the code imports is declared (runtime imports in ``dependencies``, test and
  benchmark imports in the ``dev`` extra), and Dash's compression (``compress=True``) is installed;
* the lock pins every distribution that the declared dependencies need, at a version each requirement
  accepts, pins nothing else, and is what is installed here;
* the wheel holds every module of every package and subpackage, and the front-end assets.
"""

from __future__ import annotations

import ast
import importlib.metadata as metadata
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from geodata.config import REPO_ROOT

FIRST_PARTY = {"geodata", "layers", "dashboard", "tests", "benchmarks", "app"}
RUNTIME_CODE = ["geodata", "layers", "dashboard", "app.py", "gunicorn.conf.py"]
DEV_CODE = ["tests", "benchmarks"]
PACKAGES = ["geodata", "layers", "dashboard"]
PROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]


def requirements(group: str) -> list[Requirement]:
    declared = (
        PROJECT["dependencies"] if group == "runtime" else PROJECT["optional-dependencies"][group]
    )
    return [Requirement(r) for r in declared]


def lock() -> dict[str, tuple[str, Requirement]]:
    """Canonical name -> (pinned version, the line as a requirement), for this Python."""
    pins = {}
    for line in (REPO_ROOT / "requirements.lock").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        requirement = Requirement(line)
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        (spec,) = requirement.specifier
        assert spec.operator == "==", f"requirements.lock: {line!r} is not an exact pin"
        pins[canonicalize_name(requirement.name)] = (spec.version, requirement)
    return pins


def third_party_imports(paths: list[str]) -> dict[str, set[str]]:
    """Top-level module name -> files importing it (anywhere in the file, lazy imports included)."""
    found: dict[str, set[str]] = {}
    files = [
        p for entry in paths for p in ([REPO_ROOT / entry] if entry.endswith(".py") else
                                       sorted((REPO_ROOT / entry).rglob("*.py")))
    ]  # fmt: skip
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in FIRST_PARTY:
                    found.setdefault(top, set()).add(str(path.relative_to(REPO_ROOT)))
    return found


def closure(roots: list[Requirement]) -> dict[str, list[tuple[Requirement, str]]]:
    """Every distribution the roots need on this Python, from the installed metadata: canonical name
    -> the requirements that ask for it and who asks."""
    needed: dict[str, list[tuple[Requirement, str]]] = {}
    seen: set[tuple[str, frozenset[str]]] = set()
    stack = [(r, "pyproject.toml") for r in roots]
    while stack:
        requirement, asked_by = stack.pop()
        name = canonicalize_name(requirement.name)
        needed.setdefault(name, []).append((requirement, asked_by))
        if (name, frozenset(requirement.extras)) in seen:
            continue
        seen.add((name, frozenset(requirement.extras)))
        try:
            dist = metadata.distribution(requirement.name)
        except metadata.PackageNotFoundError:
            continue  # reported by the test: a needed distribution that is not installed
        environments = [
            {**default_environment(), "extra": extra} for extra in (requirement.extras or {""})
        ]
        for text in dist.requires or []:
            sub = Requirement(text)
            if sub.marker is None or any(sub.marker.evaluate(env) for env in environments):
                stack.append((sub, name))
    return needed


def test_every_runtime_import_is_a_declared_dependency():
    declared = {canonicalize_name(r.name) for r in requirements("runtime")}
    owners = metadata.packages_distributions()
    missing = {
        module: sorted(files)
        for module, files in third_party_imports(RUNTIME_CODE).items()
        if not {canonicalize_name(d) for d in owners.get(module, [module])} & declared
    }
    assert not missing, f"imported but not in pyproject dependencies: {missing}"


def test_every_test_and_benchmark_import_is_declared():
    declared = {canonicalize_name(r.name) for r in requirements("runtime") + requirements("dev")}
    owners = metadata.packages_distributions()
    missing = {
        module: sorted(files)[:3]
        for module, files in third_party_imports(DEV_CODE).items()
        if not {canonicalize_name(d) for d in owners.get(module, [module])} & declared
    }
    assert not missing, f"imported but not in pyproject dependencies or the dev extra: {missing}"


def test_compression_is_a_runtime_dependency():
    """dashboard/factory.py creates the app with compress=True, which needs Flask-Compress."""
    assert "compress=True" in (REPO_ROOT / "dashboard" / "factory.py").read_text()
    assert "flask-compress" in closure(requirements("runtime"))


def test_requirements_lock_is_consistent_with_pyproject():
    pins = lock()
    needed = closure(requirements("runtime") + requirements("dev"))
    problems = []
    for name, asks in sorted(needed.items()):
        if name not in pins:
            who = sorted({by for _, by in asks})
            problems.append(f"{name} is needed (by {', '.join(who)}) but not pinned")
            continue
        version = pins[name][0]
        for requirement, asked_by in asks:
            if not requirement.specifier.contains(version, prereleases=True):
                problems.append(f"{name}=={version} does not satisfy {requirement} ({asked_by})")
    for name in sorted(set(pins) - set(needed)):
        problems.append(f"{name} is pinned but nothing in pyproject.toml needs it")
    assert not problems, "requirements.lock and pyproject.toml disagree:\n" + "\n".join(problems)


def test_the_installed_environment_is_the_lock():
    problems = []
    for name, (version, _) in lock().items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            problems.append(f"{name}=={version} is pinned but not installed")
            continue
        if Version(installed) != Version(version):
            problems.append(f"{name}=={version} is pinned but {installed} is installed")
    assert not problems, "\n".join(problems)


def test_python_3_11_and_later_are_allowed():
    allowed = SpecifierSet(PROJECT["requires-python"])
    for version in ("3.11.0", "3.12.0", "3.13.0", "3.14.0"):
        assert allowed.contains(version), version
    assert not allowed.contains("3.10.12")


def test_an_installed_package_keeps_its_bundle_out_of_site_packages(tmp_path, monkeypatch):
    from geodata import config

    monkeypatch.delenv(config.CACHE_DIR_ENV, raising=False)
    assert config.cache_root() == REPO_ROOT / ".cache" / "bundle"  # a checkout
    site_packages = tmp_path / "site-packages"
    (site_packages / "geodata").mkdir(parents=True)
    (site_packages / "pyproject.toml").write_text("")  # some packages leave one there
    monkeypatch.setattr(config, "REPO_ROOT", site_packages)
    monkeypatch.chdir(tmp_path)
    assert config.cache_root() == tmp_path / ".cache" / "bundle"
    monkeypatch.setenv(config.CACHE_DIR_ENV, str(tmp_path / "elsewhere"))
    assert config.cache_root() == tmp_path / "elsewhere"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """The wheel ``pip install .`` installs, built from a copy of the checkout (a build in place would
    leave build/ and *.egg-info behind)."""
    source = tmp_path_factory.mktemp("source") / "outreach-atlas"
    shutil.copytree(
        REPO_ROOT, source,
        ignore=shutil.ignore_patterns(".*", "__pycache__", "node_modules", "build", "dist",
                                      "*.egg-info", "artifacts", "results"),
    )  # fmt: skip
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--quiet", "--wheel-dir", str(out), str(source)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (path,) = out.glob("outreach_atlas-*.whl")
    return zipfile.ZipFile(path)


def test_the_wheel_ships_every_module_of_every_package(wheel: zipfile.ZipFile):
    names = set(wheel.namelist())
    expected = {
        path.relative_to(REPO_ROOT).as_posix()
        for package in PACKAGES
        for path in (REPO_ROOT / package).rglob("*.py")
        if "__pycache__" not in path.parts
    }
    missing = sorted(expected - names)
    assert not missing, f"not in the wheel (add the package to pyproject.toml): {missing}"
    # A directory of modules without __init__.py is not a package setuptools can list.
    for path in expected:
        assert f"{Path(path).parent.as_posix()}/__init__.py" in names, path


def test_the_wheel_ships_the_assets(wheel: zipfile.ZipFile):
    names = set(wheel.namelist())
    assets = REPO_ROOT / "assets"
    expected = {
        "dashboard/assets/" + path.relative_to(assets).as_posix()
        for path in assets.rglob("*")
        if path.is_file()
    }
    assert expected, "assets/ is empty"
    missing = sorted(expected - names)
    assert not missing, f"assets not in the wheel: {missing}"


def test_the_wheel_declares_what_pyproject_declares(wheel: zipfile.ZipFile):
    (meta,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    text = wheel.read(meta).decode()
    declared = {
        str(Requirement(line.split(":", 1)[1].strip()))
        for line in text.splitlines()
        if line.startswith("Requires-Dist:") and "extra ==" not in line
    }
    assert declared == {str(r) for r in requirements("runtime")}
    assert f"Requires-Python: {PROJECT['requires-python']}" in text
