"""A longer fuzzing session: ``python -m tests.fuzz --minutes 10``.

Runs every target (or those given with ``--target``) in turn, in batches of random
inputs, until the time is up; prints the inputs tried per target, the slowest input and
every failure (Hypothesis shrinks it and prints the smallest input that fails). Exit
status 1 when an input failed. Failing inputs are not kept between runs (no example
database), so a session never replays old inputs instead of trying new ones.
"""
from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import defaultdict


def main(argv=None) -> int:
    from hypothesis import HealthCheck, settings

    from tests.fuzz import TARGETS, Counter, no_cache, properties

    ap = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=10.0, help="total time (default: 10)")
    ap.add_argument("--target", action="append", choices=TARGETS, help="fuzz only this target (repeatable)")
    ap.add_argument("--batch", type=int, default=200, help="inputs per Hypothesis run (default: 200)")
    args = ap.parse_args(argv)
    no_cache()
    targets = args.target or list(TARGETS)
    counters: dict = defaultdict(Counter)
    props = properties(counters)
    budget = args.minutes * 60 / len(targets)
    failures: list[tuple[str, str]] = []
    started = time.monotonic()
    for name in targets:
        prop = settings(max_examples=args.batch, deadline=None, database=None, print_blob=True,
                        suppress_health_check=list(HealthCheck))(props[name])
        end = time.monotonic() + budget
        while time.monotonic() < end:
            try:
                prop()
            except Exception:  # noqa: BLE001 - a failure found: report it and fuzz on
                failures.append((name, traceback.format_exc()))
                sys.stderr.write(f"--- {name}: failure\n{failures[-1][1]}\n")
        c = counters[name]
        print(f"{name:9} {c.tried:8d} inputs  slowest {c.slowest:6.2f} s", flush=True)
    total = sum(c.tried for c in counters.values())
    print(f"total     {total:8d} inputs in {time.monotonic() - started:.0f} s; {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
