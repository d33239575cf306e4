"""Reads JSON step events (ep train --json or ep runs launch --wait --json) on stdin; prints the median tokens/s over
steps 11..N, the loss at the last step, and the number of steps."""
import json
import statistics
import sys

steps = [json.loads(line) for line in sys.stdin if line.startswith("{") and '"event":"step"' in line]
tps = [s["tokens_per_second"] for s in steps if s["step"] > 10]
print(f"{statistics.median(tps):.0f} {steps[-1]['loss']:.6f} {len(steps)}")
