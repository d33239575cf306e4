#!/usr/bin/env bash
# The lecture's pipeline, through the platform (ep against a running ./run.sh; nothing trains in this shell):
#   1. pretrain a foundation (tiny, GPT-2 tokenizer) on unlabeled text (moby-dick)          → lecture-foundation
#   2. continue pretraining it on unlabeled email: spam-assassin's TRAIN split as text        → lecture-email-foundation
#      (a derived dataset version, so no email the classifiers are tested on is ever read)
#   3. fine-tune spam classifiers with the same budget and seed from scratch, from the foundation and from the
#      domain-tuned foundation                                                                → spam-filter v(N..N+2)
#   4. instruction-tune the domain-tuned foundation on email-instructions                     → email-assistant
#   5. gate and promote the best classifier to spam-filter@production (another person approves: here the
#      actor $LECTURE_APPROVER, granted the Approver role for it)
# Every result is registered with its lineage; a summary (test accuracy, per-class F1, lineage) is printed and written
# to $LECTURE_OUT (default bench/out/lecture).
#   samples/lecture/run.sh [pretrain-steps=600] [domain-steps=400] [finetune-steps=600] [instruct-steps=200]
set -euo pipefail
cd "$(dirname "$0")/../.."
pre=${1:-600}; domain=${2:-400}; fine=${3:-600}; instruct=${4:-200}
out=${LECTURE_OUT:-bench/out/lecture}; mkdir -p "$out"
approver=${LECTURE_APPROVER:-lecture-reviewer}
ep() { dotnet src/ExperimentPlatform.Cli/bin/Release/net10.0/ep.dll "$@"; }
[ -f src/ExperimentPlatform.Cli/bin/Release/net10.0/ep.dll ] || dotnet build src/ExperimentPlatform.Cli -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
say() { echo "==> $*" >&2; }

# Launches a run, waits for it, keeps its event stream; prints the run id. Fails the script if the run fails. A run this
# script already completed (its stream in $out ends with the run completed) is not launched again: re-running resumes.
launch() {
  local name=$1; shift
  if [ -f "$out/$name.jsonl" ]; then
    local done_id
    done_id=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["id"])' "$out/$name.jsonl" 2>/dev/null || true)
    if [ -n "$done_id" ] && ep runs show "$done_id" --json 2>/dev/null | python3 -c 'import json,sys; sys.exit(json.load(sys.stdin)["status"] != "completed")'; then
      say "run $name: $done_id completed before, reused"
      echo "$done_id"; return
    fi
  fi
  say "run $name: ep runs launch $*"
  ep runs launch "$@" --experiment lecture --name "$name" --seed 1 --threads 2 --wait --json >"$out/$name.jsonl" \
    || { tail -5 "$out/$name.jsonl" >&2; echo "run $name did not complete" >&2; exit 1; }
  python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["id"])' "$out/$name.jsonl"
}
# Registers the run's latest checkpoint (every variant gets the same budget) once; prints NAME@vN.
register() {
  local model=$1 run=$2 description=$3 known
  known=$(awk -v run="$run" -v model="$model" '$1 == run && index($2, model "@") == 1 { print $2 }' "$out/registered.txt" 2>/dev/null || true)
  if [ -n "$known" ]; then echo "$known"; return; fi
  known=$(ep models register "$model" --run "$run" --latest --description "$description" --json \
    | python3 -c 'import json,sys; v=json.load(sys.stdin); print(v["model"] + "@v" + str(v["version"]))')
  echo "$run $known" >>"$out/registered.txt"
  echo "$known"
}

for d in moby-dick spam-assassin email-instructions; do
  ep datasets show "$d" >/dev/null 2>&1 || { echo "dataset $d is not on the platform yet (./run.sh imports the catalog as it starts)" >&2; exit 1; }
done
if ! ep datasets show spam-text >/dev/null 2>&1; then
  say "deriving spam-text@v1: the spam-assassin train split as unlabeled text"
  ep datasets derive spam-text --from spam-assassin --split train --kind text --version v1 --description "spam-assassin's train split, labels dropped"
fi

lm=(--tokenizer gpt2 --config tiny --batch-size 8 --lr 1e-3 --min-lr 1e-4 --warmup 30 --eval-interval 100 --eval-batches 20 --checkpoint-interval 0)
clf=(--kind classify --data spam-assassin --tokenizer gpt2 --config tiny --steps "$fine" --batch-size 8 --max-length 128 --lr 5e-4 --min-lr 5e-5
     --warmup 20 --eval-interval 100 --eval-batches 50 --trainable all --checkpoint-interval 0)

foundation_run=$(launch foundation --kind pretrain --data moby-dick "${lm[@]}" --steps "$pre")
foundation=$(register lecture-foundation "$foundation_run" "tiny pretrained on moby-dick, $pre steps")
domain_run=$(launch email-foundation --kind pretrain --data spam-text@v1 "${lm[@]}" --steps "$domain" --start-model "$foundation")
email_foundation=$(register lecture-email-foundation "$domain_run" "$foundation continued on spam-assassin's train emails, $domain steps")

declare -A classifier
for start in scratch foundation email-foundation; do
  from=(); [ "$start" = foundation ] && from=(--start-model "$foundation"); [ "$start" = email-foundation ] && from=(--start-model "$email_foundation")
  run=$(launch "spam-from-$start" "${clf[@]}" "${from[@]}")
  classifier[$start]=$(register spam-filter "$run" "spam classifier from $start, $fine steps, all weights trained")
done
instruct_run=$(launch assistant --kind instruct --data email-instructions --tokenizer gpt2 --config tiny --steps "$instruct" --batch-size 8 --max-length 128 \
  --lr 5e-4 --min-lr 5e-5 --warmup 20 --eval-interval 0 --eval-batches 20 --eval-examples 150 --checkpoint-interval 0 --start-model "$email_foundation")
assistant=$(register email-assistant "$instruct_run" "instruction-tuned from $email_foundation, $instruct steps")

# The summary: each classifier's final test figures (from its run's last evaluation), the best one.
python3 - "$out" "${classifier[scratch]}" "${classifier[foundation]}" "${classifier[email-foundation]}" >"$out/summary.md" <<'PY'
import json, sys
out, versions = sys.argv[1], dict(zip(["scratch", "foundation", "email-foundation"], sys.argv[2:5]))
def final(name):
    metrics = {}
    for line in open(f"{out}/{name}.jsonl"):
        event = json.loads(line)
        if event.get("event") == "eval":
            metrics.update(event.get("values") or {})
    return metrics
print("| start | version | test accuracy | F1 spam | F1 ham | macro F1 |")
print("| --- | --- | --- | --- | --- | --- |")
best = None
for start, version in versions.items():
    m = final(f"spam-from-{start}")
    print(f"| {start} | {version} | {m['test/accuracy']:.4f} | {m['test/f1/spam']:.4f} | {m['test/f1/ham']:.4f} | {m['test/macro_f1']:.4f} |")
    if best is None or m["test/accuracy"] > best[1]:
        best = (version, m["test/accuracy"])
a = final("assistant")
print()
print(f"instruct: test exact match {a.get('test/exact_match', float('nan')):.3f}, validation {a.get('validation/exact_match', float('nan')):.3f}")
print(f"best: {best[0]} ({best[1]:.4f})")
PY
cat "$out/summary.md"
best=$(sed -n 's/^best: \([^ ]*\) .*/\1/p' "$out/summary.md")

say "promoting $best to production: the gate evaluates it on the workers, then $approver approves"
ep roles grant "$approver" approver >/dev/null
ep models promote "$best" --alias production --reason "best of the lecture's classifiers" --wait --json >"$out/promotion.json" || true
request=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["id"], r["status"])' "$out/promotion.json")
read -r id status <<<"$request"
if [ "$status" = awaiting-approval ] || [ "$status" = AwaitingApproval ]; then
  ep models approve spam-filter "$id" --actor "$approver" --reason "reviewed the gate's figures"
else
  echo "promotion #$id ended $status; see $out/promotion.json" >&2; exit 1
fi
ep models show spam-filter@production
ep models lineage "$best" | tee "$out/lineage.txt"
echo "registered: $foundation, $email_foundation, ${classifier[scratch]}, ${classifier[foundation]}, ${classifier[email-foundation]}, $assistant; production: $best"
