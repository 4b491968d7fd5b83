"""Where two versions of a text differ, as one region of lines."""

from __future__ import annotations


def changed_span(before: str, after: str) -> tuple[int, int, int]:
    """``(start, end_before, end_after)``: lines ``before[start:end_before]`` became ``after[start:end_after]``.

    A prefix and suffix scan, linear in the text: fast enough for every keystroke on a
    template of thousands of lines, and a single edit changes one contiguous region.
    """
    a, b = before.split("\n"), after.split("\n")
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[len(a) - 1 - end] == b[len(b) - 1 - end]:
        end += 1
    return start, len(a) - end, len(b) - end


def changed_region(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines that differ: (removed, added)."""
    start, end_before, end_after = changed_span(before, after)
    return before.split("\n")[start:end_before], after.split("\n")[start:end_after]
