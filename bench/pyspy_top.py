"""The top of a py-spy profile (`bench/load.py --profile FILE`, raw collapsed stacks).

    .venv/bin/python bench/pyspy_top.py FILE [--top 15] [--under FUNCTION]

Idle samples (the event loop's select, worker threads waiting for work) are left out; shares
are of the busy samples. `--under`: what a function's time goes to, one level down.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

IDLE = (
    "EpollSelector.select",
    "_PollLikeSelector.select",  # py-spy names the epoll wait by the class that defines it
    "_worker (concurrent/futures/thread.py:81)",
    "Condition.wait",  # a thread waiting for work (the journal writer, the placer)
)
PLACE = re.compile(r" \(/.*?/(site-packages|lib/python3\.\d+|raise|dialoogtafel)/")


def frames(line: str) -> tuple[list[str], int, bool]:
    """One stack's frames (thread name dropped, paths shortened, line numbers dropped), its
    count, and whether it is idle."""
    stack, _, n = line.rstrip().rpartition(" ")
    raw = [PLACE.sub(" (", f) for f in stack.split(";")[1:]]
    idle = not raw or raw[-1].startswith(IDLE)
    return [re.sub(r":\d+\)$", ")", f) for f in raw], int(n), idle


def main() -> None:
    """Print self time and inclusive time, or one function's children."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("file", type=Path)
    p.add_argument("--top", type=int, default=15)
    p.add_argument("--under", help="a function name: where its samples go, one level down")
    args = p.parse_args()
    own, inclusive, children, busy = Counter[str](), Counter[str](), Counter[str](), 0
    for line in args.file.read_text().splitlines():
        names, n, idle = frames(line)
        if idle:
            continue
        busy += n
        own[names[-1]] += n
        for name in set(names):
            inclusive[name] += n
        if args.under:
            for k, name in enumerate(names):
                if name.startswith(args.under):
                    children[names[k + 1] if k + 1 < len(names) else "(itself)"] += n
                    break
    print(f"{busy} busy samples")
    if args.under:
        for name, n in children.most_common(args.top):
            print(f"{100 * n / busy:5.1f}%  {name}")
        return
    print("self:")
    for name, n in own.most_common(args.top):
        print(f"{100 * n / busy:5.1f}%  {name}")
    print("inclusive, the server's own code:")
    ours = [(k, n) for k, n in inclusive.most_common() if "(dialoogtafel/server/" in k]
    for name, n in ours[: args.top]:
        print(f"{100 * n / busy:5.1f}%  {name}")


if __name__ == "__main__":
    main()
