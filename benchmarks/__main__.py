"""``make bench``: run every ``bench_*`` module and print its ratios.

Each module defines ``run() -> list[Result]``; a result is one measured ratio
against the stdlib or a named peer, both sides timed in this same run. Each
module runs in a fresh interpreter of its own, so what one benchmark leaves
behind (a large heap, warm caches, threads) cannot slow or speed another.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
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
        print(f"== {name}", flush=True)
        results.extend(_run_isolated(name))
    missed = [r for r in results if not r.ok]
    print(f"\n{len(results) - len(missed)} of {len(results)} goals met")
    return 1 if missed else 0


_MARK = "@@results "


def _run_isolated(name: str) -> list[Result]:
    """Run one benchmark module in a child interpreter; return its results."""
    child = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--one", name],
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    results: list[Result] = []
    for line in child.stdout.splitlines():
        if line.startswith(_MARK):
            results = [Result(*fields) for fields in json.loads(line[len(_MARK) :])]
        else:
            print(line, flush=True)
    if child.returncode != 0:
        results.append(Result(f"{name} (crashed, exit {child.returncode})", 1.0, 0.0, 1.0))
        print(results[-1].line(), flush=True)
    return results


def _run_one(name: str) -> int:
    """The child's side: run one module, print its lines, then its results as JSON."""
    module = importlib.import_module(f"benchmarks.{name}")
    results = module.run()
    for result in results:
        print(result.line(), flush=True)
    print(_MARK + json.dumps([list(r) for r in results]), flush=True)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        sys.exit(_run_one(sys.argv[2]))
    sys.exit(main(sys.argv[1:]))
