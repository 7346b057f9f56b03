#!/usr/bin/env python3
"""Summarises an async-profiler collapsed-stack file: the frames that cost most, self and total.

Usage: bench/run top bench/target/profile-cpu.collapsed [N] [--thread PREFIX]
Self = samples whose innermost frame is that frame; total = samples with that frame anywhere on the
stack (counted once per stack). Percentages are of all samples in the file.
"""
import collections
import sys


def main():
    args = [a for a in sys.argv[1:]]
    if not args:
        print(__doc__)
        sys.exit(2)
    path = args.pop(0)
    n = int(args.pop(0)) if args and args[0].isdigit() else 30
    self_counts, total_counts = collections.Counter(), collections.Counter()
    samples = 0
    with open(path) as f:
        for line in f:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            if not stack:
                continue
            c = int(count)
            frames = stack.split(";")
            samples += c
            self_counts[frames[-1]] += c
            for frame in set(frames):
                total_counts[frame] += c
    print(f"{samples} samples in {path}")
    for title, counts in (("self", self_counts), ("total", total_counts)):
        print(f"\n-- top {n} frames by {title} time")
        for frame, c in counts.most_common(n):
            print(f"{100.0 * c / samples:6.2f}%  {frame[:160]}")


if __name__ == "__main__":
    main()
