#!/usr/bin/env bash
# bench/ui: the web UI's figures (issue: "Web UI, part 1"), on this machine, against a private Azurite and the web host
# (co-hosting its silo and one CPU worker slot, as ./run.sh does), driven by Debian's Chromium through Playwright:
#   - the runs page with 10,000 runs: first render with data (new tab, p95 of 20), sort by a metric aggregate and filter;
#   - the run page of a 100,000-step run: curves drawn;
#   - a step reported for a running run until it is plotted on its open page;
#   - 20 pages open at once on 20 live runs: update delay, and the web host's memory per circuit.
# The data are seeded: datasets uploaded through the client, run rows written as run grains write them, step events
# appended to run logs as the run grain appends a worker's reports (no training, so the figures are the UI's and the
# platform's read paths, not libtorch's).
#   bench/ui/run.sh [runs=10000] [datasets=2000] [pages=20] [seconds=60]; EP_BENCH_PARTS="pages runs sort long live compare answers runlist" selects parts (runlist: the run list through the client, no browser)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/common.sh
require_tools
ensure_node_modules
command -v chromium >/dev/null 2>&1 || die "chromium not found: apt-get install chromium"
runs=${1:-10000}; datasets=${2:-2000}; pages=${3:-20}; seconds=${4:-60}

# dotnet-gcdump measures the web host's live heap (a full collection, then what survives): per-circuit memory.
tools=bench/out/tools
[ -x "$tools/dotnet-gcdump" ] || dotnet tool install dotnet-gcdump --tool-path "$tools" >/dev/null || die "installing dotnet-gcdump failed"
export EP_GCDUMP="$PWD/$tools/dotnet-gcdump"
for p in src/ExperimentPlatform.Web bench/ui; do
  dotnet build "$p" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null || die "build of $p failed"
done
tmp=$(mktemp -d -t ep-bench-ui-XXXXXX)
AZURITE_PID=""; WEB_PID=""
trap 'stop_pid "$WEB_PID" 60; stop_pid "$AZURITE_PID" 5; rm -rf "$tmp"' EXIT
blob=$(free_port); queue=$(free_port); table=$(free_port); http=$(free_port); silo=$(free_port); gateway=$(free_port)
start_azurite "$tmp/azurite" "$blob" "$queue" "$table" "$tmp/azurite.log"
storage=$(azurite_connection_string "$blob" "$table")
(
  cd src/ExperimentPlatform.Web/bin/Release/net10.0
  export ASPNETCORE_URLS="http://127.0.0.1:$http" ConnectionStrings__Storage="$storage" Catalog__ImportOnStart=false \
    Orleans__SiloPort=$silo Orleans__GatewayPort=$gateway Silo__Slots=1 Worker__Directory="$tmp/worker" \
    Authentication__DevelopmentUser=bench Roles__Grants__0__Actor=bench Roles__Grants__0__Roles__0=Admin
  exec dotnet ExperimentPlatform.Web.dll
) >"$tmp/web.log" 2>&1 &
WEB_PID=$!
for _ in $(seq 1 600); do
  curl -fsS "http://127.0.0.1:$http/healthz" >/dev/null 2>&1 && break
  kill -0 "$WEB_PID" 2>/dev/null || { tail -30 "$tmp/web.log"; die "the web host exited"; }
  sleep 0.2
done
web=$(pgrep -P "$WEB_PID" -f ExperimentPlatform.Web.dll || echo "$WEB_PID")

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "software: .NET $(dotnet --version), Azurite $(node -p "require('./node_modules/azurite/package.json').version"), $(chromium --version 2>/dev/null | head -1), headless, 1400x900"
echo "platform: one web host (silo + 1 CPU slot) and the browser on the same machine; $runs runs, $datasets datasets, $pages pages for $seconds s"
echo
dotnet bench/ui/bin/Release/net10.0/UiBench.dll "127.0.0.1:$gateway" "$storage" "http://127.0.0.1:$http" "$web" "$runs" "$datasets" "$pages" "$seconds"
