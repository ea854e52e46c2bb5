"""Nothing under a page reads the served bundle or its region on its own: the bundle is read where
a request's context is built (``dashboard/context.py``), where it is loaded (``dashboard/data.py``)
and at start-up; everything else takes the context, the catalog, the bundle or the region from its
caller (docs/decisions/0004-request-context.md). Read from the source, so a new ambient read fails
here before it reaches a page."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"

# The process-wide readers: each returns the bundle (or part of it) the process serves.
AMBIENT = {"get_bundle", "get_region", "served"}

# (file under dashboard/, enclosing function): the only places allowed to call them, and why.
ALLOWED = {
    ("context.py", "request_context"),  # builds a page or callback request's context
    ("context.py", "shared_context"),  # builds a download's or the command line's context
    ("context.py", "served_bundle"),  # geometry files and /healthz: no catalog, no session
    ("data.py", "get_bundle"),  # the loader itself
    ("data.py", "build_failure"),
    ("factory.py", "create_app"),  # start-up, before any request
    ("routes/geo.py", "register"),  # start-up: point layers made before workers fork
    ("routes/downloads.py", "register"),  # start-up: scoring tables built once
    ("routes/overview.py", "register"),  # start-up: the overview warmed once
}


def _called_name(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def ambient_calls(source: str) -> list[tuple[str, str, int]]:
    """(enclosing function or "<module>", name called, line) of every call of an ``AMBIENT``
    reader in ``source``."""
    found: list[tuple[str, str, int]] = []

    def visit(node: ast.AST, where: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = where
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                # A nested function (a callback inside register) is its own entry point.
                inner = child.name
            if isinstance(child, ast.Call) and _called_name(child) in AMBIENT:
                found.append((where, str(_called_name(child)), child.lineno))
            visit(child, inner)

    visit(ast.parse(source), "<module>")
    return found


def test_the_checker_sees_a_call_by_name_or_through_a_module():
    source = (
        "from dashboard import data\n"
        "def label(code):\n"
        "    return get_region().lad_name(code)\n"
        "def stem():\n"
        "    return data.get_bundle().region.prefix\n"
        "TITLE = get_region().name\n"
    )
    assert ambient_calls(source) == [
        ("label", "get_region", 3),
        ("stem", "get_bundle", 5),
        ("<module>", "get_region", 6),
    ]


def test_the_served_bundle_is_read_only_where_a_context_is_built_or_at_start_up():
    stray = [
        f"dashboard/{rel}:{line} {function}() calls {name}(): take the context, catalog, bundle "
        "or region from the caller instead"
        for path in sorted(DASHBOARD.rglob("*.py"))
        for rel in [path.relative_to(DASHBOARD).as_posix()]
        for function, name, line in ambient_calls(path.read_text(encoding="utf-8"))
        if (rel, function) not in ALLOWED
    ]
    assert stray == []


@pytest.mark.parametrize(("rel", "function"), sorted(ALLOWED))
def test_every_allowed_place_still_exists(rel, function):
    """An allow-list entry whose function is gone would let a new one of that name in unseen."""
    tree = ast.parse((DASHBOARD / rel).read_text(encoding="utf-8"))
    names = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    assert function in names


# Process caches whose value does not depend on the bundle, and what it depends on instead.
NOT_BUNDLE_CACHES = {
    ("data.py", "served"),  # the loader: the data directory chosen at start-up
    ("upload_store.py", "upload_store"),  # the store's connection (env)
    ("uploads.py", "held"),  # an upload's content, under its sha256
    ("postcodes/store.py", "held_caseload"),  # a caseload's content, under its sha256
    ("cache.py", "shared_cache"),  # the shared cache's connection (env)
    ("code_version.py", "code_fingerprint"),  # the running code
    ("routes/plotlyjs.py", "load_script"),  # a file shipped with the code
    ("pack/pdf.py", "font_dir"),  # a font shipped with matplotlib
}


def _is_lru_cache(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
    return name == "lru_cache"


def _takes_keyed(function: ast.FunctionDef) -> bool:
    args = function.args
    return any(
        a.annotation is not None and ast.unparse(a.annotation).startswith("Keyed[")
        for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]
    )


def test_every_process_cache_keys_on_the_bundle_or_says_what_it_depends_on():
    """A cache keyed on a path alone, or on nothing, answers for whichever bundle came first: every
    ``lru_cache`` takes a ``Keyed`` value (``dashboard.context.keyed``/``keyed_catalog``, the
    bundle's ``cache_key``) or is listed above with what it depends on instead."""
    unkeyed = [
        f"dashboard/{rel}:{node.lineno} {node.name}"
        for path in sorted(DASHBOARD.rglob("*.py"))
        for rel in [path.relative_to(DASHBOARD).as_posix()]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef)
        and any(_is_lru_cache(d) for d in node.decorator_list)
        and not _takes_keyed(node)
        and (rel, node.name) not in NOT_BUNDLE_CACHES
    ]
    assert unkeyed == []
