"""Small-number suppression for published tables.

Counts from 1 to 4 are shown as "<5" (primary suppression). Because the table is
a hierarchy of totals (offices add up to their region, regions to the nation), a
hidden count could be recovered by subtraction; secondary suppression hides more
cells until no group has exactly one unknown:
- a visible total may not have exactly one hidden part (hide the smallest other
  non-zero part; if there is none, hide the total);
- a hidden total may not have all its parts visible (hide its smallest non-zero part).
The rules are applied until nothing changes; hidden cells only ever grow, so it ends.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

THRESHOLD = 5


def primary(value: float | None) -> bool:
    return value is not None and 0 < value < THRESHOLD


@dataclass(eq=False)
class Node:
    value: float | None
    children: list[Node] = field(default_factory=list)
    hidden: bool = False

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


def _smallest_visible(children: list[Node]) -> Node | None:
    candidates = [c for c in children if not c.hidden and (c.value or 0) > 0]
    return min(candidates, key=lambda c: c.value, default=None)


def suppress_tree(root: Node) -> None:
    """Mark `hidden` on every node of the tree (primary, then secondary rules)."""
    for node in root.walk():
        node.hidden = node.hidden or primary(node.value)
    changed = True
    while changed:
        changed = False
        for node in root.walk():
            if not node.children:
                continue
            hidden_parts = sum(c.hidden for c in node.children)
            if (not node.hidden and hidden_parts == 1) or (node.hidden and hidden_parts == 0):
                part = _smallest_visible(node.children)
                if part is not None:
                    part.hidden = changed = True
                elif not node.hidden:
                    node.hidden = changed = True
