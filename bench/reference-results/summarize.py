"""Summarizes bench/reference-results runs as the markdown tables of docs/results.md."""
import json
import statistics
import sys

out = sys.argv[1]


def events(name):
    return [json.loads(line) for line in open(f"{out}/{name}.jsonl") if line.startswith("{")]


def summary(name):
    return next(e for e in events(name) if e["event"] == "summary")


pre = events("foundation")
steps = [e for e in pre if e["event"] == "step"]
evals = [e for e in pre if e["event"] == "eval" and e["split"] == "validation"]
s = summary("foundation")
print("## Pretraining: tiny on moby-dick\n")
print(f"{s['step']} steps, {s['tokens']:,} tokens, {s['seconds']:.0f} s, median {statistics.median(e['tokens_per_second'] for e in steps[5:]):,.0f} tokens/s\n")
print("| step | train loss | validation loss | validation perplexity |\n| --- | --- | --- | --- |")
for e in evals:
    train = next(x["loss"] for x in steps if x["step"] == e["step"])
    print(f"| {e['step']} | {train:.3f} | {e['metrics']['loss']:.3f} | {e['metrics']['perplexity']:.1f} |")
test = s["eval"].get("test", {})
if test:
    print(f"\nTest loss {test['loss']:.3f} (perplexity {test['perplexity']:.1f}).")
sample = next((e for e in pre if e["event"] == "sample"), None)
if sample:
    print(f"\nSample at step {sample['step']}: `{(sample['prompt'] + sample['text']).strip()[:300]!r}`")

print("\n## Classification: spam-assassin, from the foundation vs from scratch\n")
print("| trainable | start | test accuracy | F1 spam | F1 ham | macro F1 | wall time |\n| --- | --- | --- | --- | --- | --- | --- |")
for trainable in ("last-block", "all"):
    for init in ("foundation", "scratch"):
        s = summary(f"spam-{init}-{trainable}")
        t = s["eval"]["test"]
        print(f"| {trainable} | {init} | {t['accuracy']:.3f} | {t['f1/spam']:.3f} | {t['f1/ham']:.3f} | {t['macro_f1']:.3f} | {s['seconds']:.0f} s |")

print("\n## Instruction tuning: email-instructions from the foundation\n")
s = summary("instruct")
print("| split | loss | exact match | contains | examples scored |\n| --- | --- | --- | --- | --- |")
for split in ("validation", "test"):
    m = s["eval"].get(split)
    if m:
        scored = sum(v for k, v in m.items() if k.startswith("examples/"))
        print(f"| {split} | {m['loss']:.3f} | {m['exact_match']:.3f} | {m['contains']:.3f} | {scored:.0f} |")
print("\n| split | task | exact match | contains | examples |\n| --- | --- | --- | --- | --- |")
for split in ("validation", "test"):
    m = s["eval"].get(split, {})
    for key in sorted(k for k in m if k.startswith("examples/")):
        task = key.split("/", 1)[1]
        print(f"| {split} | {task} | {m['exact_match/' + task]:.3f} | {m['contains/' + task]:.3f} | {m[key]:.0f} |")
print(f"\n{s['step']} steps, {s['seconds']:.0f} s")
