#!/usr/bin/env bash
# The platform as containers on this machine: publishes what the images hold, builds the web, worker and Azurite
# images from the repository's Dockerfiles and runs docker-compose.yml, on Docker when a Docker engine answers, else on
# Podman (through its Docker-compatible socket, which this script starts and stops). Everything it started (containers,
# network, volume, the Podman service) is torn down on exit or Ctrl-C.
#   scripts/containers.sh up              build, start, wait until every service is healthy; Ctrl-C tears down
#   scripts/containers.sh smoke [--quick] build, start, run the smoke scenario (docs/deploy.md), tear down;
#                                         --quick: healthy + one run on the worker container (what CI runs)
# Environment: EP_PORT (5080, the web host on 127.0.0.1), EP_GATEWAY_PORT (30000, the Orleans gateway on 127.0.0.1),
# EP_SUBNET (the compose network), EP_COMPOSE_PROJECT (ep), EP_KEEP_VOLUME=1 (keep Azurite's data volume at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/common.sh

mode=${1:-}
quick=false
case "$mode" in
  up) ;;
  smoke) [ "${2:-}" = --quick ] && quick=true; [ $# -le 1 ] || [ "${2:-}" = --quick ] || die "unknown flag '${2}' (smoke takes --quick)" ;;
  *) die "usage: scripts/containers.sh up | smoke [--quick]" ;;
esac

export COMPOSE_PROJECT_NAME=${EP_COMPOSE_PROJECT:-ep}
export EP_PORT=${EP_PORT:-5080} EP_GATEWAY_PORT=${EP_GATEWAY_PORT:-30000}
url="http://127.0.0.1:$EP_PORT"
admin=smoke-admin
export EP_ADMIN=$admin
state=$(mktemp -d -t ep-containers-XXXXXX)
PODMAN_PID=""; HEALTH_PID=""; ENGINE=""
started=$(date +%s)

elapsed() { echo $(( $(date +%s) - started )); }
COMPOSE_FILES=(-f docker-compose.yml)
compose() { docker-compose --ansi never "${COMPOSE_FILES[@]}" "$@"; }

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_pid "$HEALTH_PID" 2
  if [ -n "$ENGINE" ]; then
    say "Tearing down the stack"
    local volumes=(-v); [ "${EP_KEEP_VOLUME:-}" = 1 ] && volumes=()
    compose down "${volumes[@]}" --remove-orphans -t 60 >"$state/down.log" 2>&1 || { echo "docker-compose down failed:"; tail -5 "$state/down.log"; }
    # Earlier builds' images, now untagged (the current ones stay: the next build reuses their layers).
    engine image prune -f >/dev/null 2>&1 || true
  fi
  stop_pid "$PODMAN_PID" 10
  rm -rf "$state"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------------------------------
# The engine
# ---------------------------------------------------------------------------------------------------------------------
install_missing() { # debian packages...
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "missing Debian packages: ${missing[*]} (install them with apt-get, as root)"
  say "Installing ${missing[*]} (apt)"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
    || die "installing ${missing[*]} failed"
}

start_engine() {
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    ENGINE=docker
    command -v docker-compose >/dev/null 2>&1 || install_missing docker-compose
    say "Engine: Docker"
    return
  fi
  install_missing podman runc docker-compose mmdebstrap
  ENGINE=podman
  # runc, and ulimits the container may have: crun refuses some sandboxes' cgroup mode, and a sandbox may refuse to
  # raise nofile to Podman's default. Harmless elsewhere.
  cat >"$state/containers.conf" <<'EOF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
EOF
  export CONTAINERS_CONF="$state/containers.conf"
  podman system service --time=0 "unix://$state/podman.sock" >"$state/podman.log" 2>&1 &
  PODMAN_PID=$!
  export DOCKER_HOST="unix://$state/podman.sock"
  for _ in $(seq 1 100); do [ -S "$state/podman.sock" ] && break; sleep 0.1; done
  [ -S "$state/podman.sock" ] || die "podman system service did not open its socket (log: $(tail -3 "$state/podman.log"))"
  say "Engine: Podman $(podman version --format '{{.Client.Version}}'), Docker API on $DOCKER_HOST (service pid $PODMAN_PID)"
  # Podman reports its IPAM driver as an option docker-compose did not ask for, and docker-compose then refuses every
  # later `up` on the network ("needs to be recreated"). Asking for it up front (here only: Docker has no such option)
  # makes the two agree. (An override replaces the whole network, so it repeats the subnet.)
  cat >"$state/podman.override.yml" <<'EOF'
networks:
  default:
    ipam:
      options:
        driver: host-local
      config:
        - subnet: ${EP_SUBNET:-172.31.77.0/24}
EOF
  COMPOSE_FILES+=(-f "$state/podman.override.yml")
}

engine() { "$ENGINE" "$@"; }

# Debian 12, made locally when absent and no registry answers: the images' only base (they install their packages
# from the Debian mirror this machine uses).
ensure_base() {
  engine image inspect debian:12-slim >/dev/null 2>&1 && return
  if [ "$ENGINE" = docker ] && docker pull -q debian:12-slim >/dev/null 2>&1; then return; fi
  say "Making debian:12-slim locally: mmdebstrap --variant=minbase bookworm (no registry needed)"
  local t0; t0=$(date +%s)
  mmdebstrap --quiet --variant=minbase bookworm "$state/base.tar" >"$state/mmdebstrap.log" 2>&1 \
    || { tail -20 "$state/mmdebstrap.log"; die "mmdebstrap failed"; }
  engine import -q "$state/base.tar" debian:12-slim >/dev/null
  rm -f "$state/base.tar"
  say "  debian:12-slim made in $(( $(date +%s) - t0 )) s"
}

# Without systemd, Podman runs no health checks by itself, and docker-compose's `depends_on: service_healthy` would
# wait forever: run each container's check on an interval, as systemd's timers would.
start_health_checks() {
  [ "$ENGINE" = podman ] || return 0
  [ -d /run/systemd/system ] && return 0
  say "No systemd here: this script runs the containers' health checks every 3 s (podman healthcheck run)"
  (
    while true; do
      for id in $(podman ps -q --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME" 2>/dev/null); do
        podman healthcheck run "$id" >/dev/null 2>&1 || true
      done
      sleep 3
    done
  ) &
  HEALTH_PID=$!
}

# ---------------------------------------------------------------------------------------------------------------------
# Build and start
# ---------------------------------------------------------------------------------------------------------------------
build() {
  for image in web worker azurite; do
    if [ ! -d "build/publish/$image" ] || [ -n "${EP_REPUBLISH:-}" ]; then scripts/publish.sh "$image"; fi
  done
  ensure_base
  local t0; t0=$(date +%s)
  say "Building the images (docker-compose build: web, worker, azurite)"
  compose build -q azurite web worker >"$state/build.log" 2>&1 || { tail -30 "$state/build.log"; die "docker-compose build failed"; }
  say "  built in $(( $(date +%s) - t0 )) s"
}

container_of() { # service [index]
  engine ps -q --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME" --filter "label=com.docker.compose.service=$1" \
    | sed -n "${2:-1}p"
}

health_of() { engine inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$1" 2>/dev/null || echo gone; }

wait_healthy() { # seconds services...
  local seconds=$1; shift
  local deadline=$(( $(date +%s) + seconds )) service id all
  while true; do
    all=true
    for service in "$@"; do
      for id in $(engine ps -q --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME" --filter "label=com.docker.compose.service=$service"); do
        [ "$(health_of "$id")" = healthy ] || all=false
      done
      [ -n "$(container_of "$service")" ] || all=false
    done
    $all && return 0
    if [ "$(date +%s)" -gt "$deadline" ]; then
      engine ps -a --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME" || true
      die "not every service of $* was healthy within $seconds s"
    fi
    sleep 1
  done
}

up() { # docker-compose up arguments...
  # `up -d` itself waits for the health checks its depends_on name; they run in the background (start_health_checks).
  compose up -d "$@" >"$state/up.log" 2>&1 || { cat "$state/up.log"; die "docker-compose up failed"; }
}

restarts() { # container
  engine inspect --format '{{.RestartCount}}' "$1" 2>/dev/null || echo 0
}

# ---------------------------------------------------------------------------------------------------------------------
# The smoke scenario's tools: HTTP on the published port, ep through the published gateway
# ---------------------------------------------------------------------------------------------------------------------
api() { # path [curl arguments...]: prints the body, fails on an HTTP error
  local path=$1; shift
  curl -fsS -H "X-Actor: $admin" "$@" "$url$path"
}

json() { # expression over `it` (the JSON read from stdin), e.g. json 'it.status'
  node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const it=JSON.parse(s);const v=($1);console.log(typeof v==='string'?v:JSON.stringify(v))})"
}

EP=src/ExperimentPlatform.Cli/bin/Release/net10.0/ep
ep() { "$EP" "$@" --cluster "127.0.0.1:$EP_GATEWAY_PORT" --cluster-id compose --actor "$admin"; }

run_field() { api "/api/runs/$1" | json "$2"; }

wait_run() { # run status seconds
  local deadline=$(( $(date +%s) + $3 )) now
  while true; do
    now=$(run_field "$1" 'it.status')
    [ "$now" = "$2" ] && return 0
    [ "$(date +%s)" -gt "$deadline" ] && die "run $1 is $now, not $2, after $3 s"
    case "$now" in completed|failed|cancelled) [ "$now" != "$2" ] && die "run $1 ended $now, not $2: $(run_field "$1" "JSON.stringify(it.failure ?? null)")" ;; esac
    sleep 0.5
  done
}

# The silo (address) a run trains on, and which container that is: its IP among the containers of a service.
run_silo_ip() { run_field "$1" '(it.assignment?.silo ?? "").split(":")[0]'; }
ip_of() { engine inspect --format '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$1"; }
container_with_ip() { # service ip
  local id
  for id in $(engine ps -q --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME" --filter "label=com.docker.compose.service=$1"); do
    [ "$(ip_of "$id")" = "$2" ] && { echo "$id"; return 0; }
  done
  return 1
}

losses() { # run: "step loss" lines of train/loss at full resolution
  api "/api/runs/$1/metrics/train/loss?maxPoints=100000" | json 'it.points.map(p=>p.step+" "+p.value).join("\n")'
}

launch() { # name steps [more ep runs launch flags]: prints the run id
  local name=$1 steps=$2; shift 2
  ep runs launch --data smoke-text --config tiny --tokenizer bytes --steps "$steps" --batch-size 4 --seq-len 32 \
    --eval-interval 50 --eval-batches 2 --checkpoint-interval 20 --threads 1 --name "$name" --experiment smoke --json "$@" | json 'it.id'
}

# ---------------------------------------------------------------------------------------------------------------------
start_engine
build
start_health_checks
say "Starting the stack (docker-compose up -d)"
t_up=$(date +%s)
up
wait_healthy 300 azurite web worker
healthy_after=$(( $(date +%s) - t_up ))
say "Every service healthy $healthy_after s after up: $(api /health/ready | head -c 200)"

if [ "$mode" = up ]; then
  say "The platform runs at $url (gateway 127.0.0.1:$EP_GATEWAY_PORT, actor $admin). Ctrl-C tears it down."
  while true; do sleep 3600; done
fi

dotnet build src/ExperimentPlatform.Cli -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null || die "building ep failed"
web=$(container_of web); worker=$(container_of worker)

say "1. Catalog and a dataset"
api /api/catalog | json '"catalog " + it.status + ": " + it.imported + " datasets"'
node -e 'for (let i = 0; i < 400; i++) console.log(JSON.stringify({text: `record ${i}: the quick brown fox jumps over the lazy dog, and the dog sleeps on in the sun.`}))' >"$state/smoke.jsonl"
ep datasets upload "$state/smoke.jsonl" --name smoke-text --version v1 --kind text >/dev/null
api /api/datasets/smoke-text | json '"dataset smoke-text: " + it.versions.length + " version(s)"'

say "2. A tiny pretraining trains on the worker container"
t0=$(date +%s)
first=$(launch smoke-first 60)
wait_run "$first" completed 600
ip=$(run_silo_ip "$first")
container_with_ip worker "$ip" >/dev/null || die "run $first trained on $ip, which is not a worker container (web is $(ip_of "$web"))"
checkpoints=$(api "/api/runs/$first" | json 'it.checkpoints.length')
[ "$checkpoints" -gt 0 ] || die "run $first completed without a checkpoint"
stored=$(api "/api/runs/$first" | json 'it.checkpoints.at(-1).bytes')
say "  $first completed on the worker ($ip) in $(( $(date +%s) - t0 )) s; $checkpoints checkpoint(s), the last $stored bytes in Azurite"

if $quick; then
  for c in $(engine ps -q --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME"); do
    [ "$(restarts "$c")" = 0 ] || die "container $c restarted $(restarts "$c") time(s)"
  done
  say "Smoke (quick) passed in $(elapsed) s: healthy $healthy_after s after up, one run on the worker container"
  exit 0
fi

say "3. Two workers; SIGKILL the one training a run: it resumes on the other from its checkpoint"
for c in $(engine ps -q --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME"); do
  [ "$(restarts "$c")" = 0 ] || die "container $c restarted $(restarts "$c") time(s) before anything was killed"
done
up --scale worker=2 --no-recreate
wait_healthy 300 worker
[ "$(engine ps -q --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME" --filter label=com.docker.compose.service=worker | wc -l)" -eq 2 ] \
  || die "scaling to two workers did not give two worker containers"
straight=$(launch smoke-straight 200)
wait_run "$straight" completed 600
killed=$(launch smoke-killed 200)
wait_run "$killed" running 300
until [ "$(run_field "$killed" 'it.progress?.step ?? 0')" -ge 60 ]; do sleep 0.2; done
victim=$(container_with_ip worker "$(run_silo_ip "$killed")") || die "run $killed is not on a worker container"
attempt=$(run_field "$killed" 'it.attempt')
t_kill=$(date +%s.%N)
engine kill -s KILL "$victim" >/dev/null
say "  killed worker ${victim:0:12} at step $(run_field "$killed" 'it.progress?.step ?? 0') of $killed"
until [ "$(run_field "$killed" 'it.attempt')" -gt "$attempt" ] && [ "$(run_field "$killed" 'it.status')" = running ]; do
  [ "$(node -e "console.log(Date.now()/1000 - $t_kill > 180)")" = false ] || die "run $killed did not train again within 180 s of the kill"
  sleep 0.2
done
again=$(node -e "console.log((Date.now()/1000 - $t_kill).toFixed(1))")
resumed=$(api "/api/runs/$killed" | json '(it.transitions ?? []).filter(t => String(t.to).toLowerCase() === "running").map(t => t.reason).at(-1) ?? ""')
wait_run "$killed" completed 600
if diff <(losses "$straight") <(losses "$killed") >"$state/losses.diff"; then
  say "  training again $again s after the kill ($resumed); completed with the straight run's 200 per-step losses, equal"
else
  head -5 "$state/losses.diff"; die "run $killed's per-step losses differ from the straight run $straight's"
fi

say "4. docker-compose stop worker while a run trains: checkpointed and handed back, resumed when a worker returns"
wait_healthy 300 worker
handed=$(launch smoke-handback 5000)
wait_run "$handed" running 300
until [ "$(run_field "$handed" 'it.progress?.step ?? 0')" -ge 40 ]; do sleep 0.2; done
running=$(engine ps -q --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME" --filter label=com.docker.compose.service=worker)
t0=$(date +%s)
compose stop -t 60 worker >"$state/stop.log" 2>&1 || { cat "$state/stop.log"; die "docker-compose stop worker failed"; }
stopped_in=$(( $(date +%s) - t0 ))
for c in $running; do
  code=$(engine inspect --format '{{.State.ExitCode}}' "$c")
  [ "$code" != 137 ] || die "worker ${c:0:12} was killed (exit 137) instead of stopping within its grace period"
done
[ "$(run_field "$handed" 'it.status')" = queued ] || die "run $handed is $(run_field "$handed" 'it.status') after its workers stopped, not queued"
at=$(run_field "$handed" 'it.checkpoints.at(-1)?.step ?? 0')
say "  workers stopped in $stopped_in s (no SIGKILL); $handed queued, checkpointed at step $at: $(run_field "$handed" 'it.waiting ?? ""')"
compose start worker >/dev/null 2>&1
wait_run "$handed" running 300
say "  resumed on a returning worker (attempt $(run_field "$handed" 'it.attempt')) from step $at"
ep runs cancel "$handed" --reason "smoke: enough" >/dev/null
wait_run "$handed" cancelled 120

say "5. docker-compose down, then up: datasets, runs and metrics are still there"
before=$(losses "$killed" | wc -l)
compose down -t 60 >"$state/down1.log" 2>&1 || { cat "$state/down1.log"; die "docker-compose down failed"; }
t_up=$(date +%s)
up
wait_healthy 300 azurite web worker
say "  healthy again $(( $(date +%s) - t_up )) s after up"
api /api/datasets/smoke-text >/dev/null || die "dataset smoke-text is gone after down/up"
for run in "$first" "$straight" "$killed"; do
  [ "$(run_field "$run" 'it.status')" = completed ] || die "run $run is $(run_field "$run" 'it.status') after down/up"
done
[ "$(losses "$killed" | wc -l)" -eq "$before" ] || die "run $killed had $before loss points before down/up and $(losses "$killed" | wc -l) after"
say "  dataset, 3 completed runs and their $before-point loss curves kept"

say "6. Images and containers"
for service in web worker azurite; do
  c=$(container_of "$service")
  user=$(engine exec "$c" id -u)
  [ "$user" != 0 ] || die "$service runs as root"
  if engine exec "$c" sh -c 'command -v dotnet || ls /usr/share/dotnet /usr/lib/dotnet' >/dev/null 2>&1; then die "$service holds a .NET SDK or runtime install"; fi
  image=$(engine inspect --format '{{.Image}}' "$c")
  size=$(engine image inspect --format '{{.Size}}' "$image")
  memory=$(engine stats --no-stream --format '{{.MemUsage}}' "$c" | cut -d/ -f1)
  say "  $service: uid $user, no SDK, image $(( size / 1000000 )) MB, idle memory $memory"
done

say "Smoke passed in $(elapsed) s"
