"""``make bench``: run every ``bench_*`` module and print its ratios.

Each module defines ``run() -> list[Result]``; a result is one measured ratio
against the stdlib or a named peer, both sides timed in this same run.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import benchmarks
from benchmarks._harness import Result


def main(argv: list[str]) -> int:
    """Run the benchmarks named in argv (all when none) and report; 1 if a goal is missed."""
    names = sorted(
        i.name for i in pkgutil.iter_modules(benchmarks.__path__) if i.name.startswith("bench_")
    )
    if argv:
        names = [n for n in names if any(a in n for a in argv)]
    results: list[Result] = []
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"== {name}", flush=True)
        for result in module.run():
            print(result.line(), flush=True)
            results.append(result)
    missed = [r for r in results if not r.ok]
    print(f"\n{len(results) - len(missed)} of {len(results)} goals met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
