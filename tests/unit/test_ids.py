"""Component ids (dashboard/ids.py): one name per id. Two constants with the same string would put
two pages' components under one id, and a callback of one page would fire on the other's."""

from __future__ import annotations

import ast
from collections import defaultdict

from geodata.config import REPO_ROOT


def test_every_id_string_is_named_once() -> None:
    tree = ast.parse((REPO_ROOT / "dashboard" / "ids.py").read_text())
    names: dict[str, list[str]] = defaultdict(list)
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    names[node.value.value].append(target.id)
    shared = {value: found for value, found in names.items() if len(found) > 1}
    assert shared == {}
