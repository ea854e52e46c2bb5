"""One way for a cached function to take a value that is not hashable (a bundle, a catalog, a layer)
under a key that says what it is: ``Keyed(key, value)`` compares and hashes by ``key`` only.

Process caches (``functools.lru_cache``) are keyed by everything their result depends on. Where that
includes the loaded bundle, the key is ``bundle_identity`` (its directory and input hash), so a
process that is handed another bundle (another region, rebuilt data, a test) never reads results
made from the first one.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

from geodata.bundle import Bundle

T = TypeVar("T")


@dataclass(frozen=True, eq=False)
class Keyed(Generic[T]):
    key: Hashable
    value: T

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Keyed) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)


def bundle_identity(bundle: Bundle) -> tuple[str, str]:
    """What tells one built bundle from another: its directory and the hash of its inputs."""
    return str(bundle.path), str(bundle.manifest.get("input_hash", ""))


def keyed_bundle(bundle: Bundle) -> Keyed[Bundle]:
    return Keyed(bundle_identity(bundle), bundle)
