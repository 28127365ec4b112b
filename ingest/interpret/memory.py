"""A bounded memory of a pure function: interpreters meet the same labels, headers and set
phrases in document after document, and work each out once."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memory(dict[K, V], Generic[K, V]):
    """``memory[key]`` is ``function(key)``, computed on first use and remembered; past
    ``size`` entries everything is forgotten at once (the working set of a corpus is far
    smaller; a bound keeps a long run's memory flat)."""

    def __init__(self, function: Callable[[K], V], size: int) -> None:
        super().__init__()
        self.function = function
        self.size = size

    def __missing__(self, key: K) -> V:
        if len(self) >= self.size:
            self.clear()
        value = self[key] = self.function(key)
        return value
