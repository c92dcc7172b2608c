#!/usr/bin/env bash
# The servers and programs the tests use, on a Debian machine, without Docker:
#   scripts/services.sh up [NAME...]      install what is missing (Debian's packages), start, wait until ready, and
#                                         create PostgreSQL's role and database; running it again changes nothing
#   scripts/services.sh down [NAME...]    stop them (Chromium is a program, not a server: nothing to stop)
#   scripts/services.sh status [NAME...]  say what answers; exit 0 when all do, 3 when one does not
# NAME is postgres, redis, chromium or kafka; none means all. The tests' defaults then reach them:
#   DATABASE_URL=postgresql://dealerflow:dealerflow@127.0.0.1:5432/dealerflow  REDIS_URL=redis://127.0.0.1:6379
# Installing needs root or sudo; so does starting PostgreSQL. See docs/contributing.md.
set -euo pipefail
cd "$(dirname "$0")/.."

readonly PG_ROLE=dealerflow PG_PASSWORD=dealerflow PG_DATABASE=dealerflow PG_PORT=5432
readonly REDIS_PORT=6379
readonly KAFKA_BROKER_SCRIPT=infra/kafka/broker.sh KAFKA_PORT="${KAFKA_PORT:-9092}"
readonly ALL_NAMES=(postgres redis chromium kafka)
readonly CHROMIUM_NAMES=(chromium chromium-browser google-chrome google-chrome-stable)

log() { echo "services: $*"; }
die() {
  echo "services: $*" >&2
  exit 1
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    die "needs root for: $* (no sudo here)"
  fi
}

as_postgres() {
  # From /, so that psql does not complain about a working directory the postgres user cannot read.
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && sudo -u postgres "$@")
  fi
}

# Repeats a check for up to $2 seconds.
wait_for() {
  local what="$1" seconds="$2"
  shift 2
  for _ in $(seq 1 $((seconds * 5))); do
    "$@" && return 0
    sleep 0.2
  done
  die "$what did not answer within ${seconds}s"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# --- installing ------------------------------------------------------------------------------------------------

apt_install() {
  command -v apt-get >/dev/null || die "not a Debian machine: install $* yourself, then run this again"
  log "installing $* (Debian packages)"
  local install=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@")
  # A fresh machine may have no package lists yet: read them once and try again.
  as_root "${install[@]}" || { as_root apt-get update -q && as_root "${install[@]}"; }
}

postgres_installed() {
  command -v pg_ctlcluster >/dev/null && command -v psql >/dev/null && compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null
}
redis_installed() { command -v redis-server >/dev/null && command -v redis-cli >/dev/null; }
chromium_path() {
  if [ -n "${CHROMIUM_PATH:-}" ]; then
    echo "$CHROMIUM_PATH"
  else
    local name
    for name in "${CHROMIUM_NAMES[@]}"; do command -v "$name" && return 0; done
    return 1
  fi
}
# infra/kafka/broker.sh fetches Kafka's jars with Maven and compiles a small tool: it needs a JDK and Maven.
kafka_tools_installed() { command -v java >/dev/null && command -v javac >/dev/null && command -v mvn >/dev/null; }

# One apt-get for everything missing among the names asked for.
install_missing() {
  local missing=() name
  for name in "$@"; do
    case "$name" in
      postgres) postgres_installed || missing+=(postgresql) ;;
      redis) redis_installed || missing+=(redis-server) ;;
      chromium) chromium_path >/dev/null || missing+=(chromium) ;;
      kafka) [ ! -f "$KAFKA_BROKER_SCRIPT" ] || kafka_tools_installed || missing+=(default-jdk-headless maven) ;;
    esac
  done
  [ "${#missing[@]}" -eq 0 ] || apt_install "${missing[@]}"
}

# --- PostgreSQL --------------------------------------------------------------------------------------------------

# The newest installed version's cluster "main", created when the package did not create one.
postgres_cluster_version() {
  local version
  version="$(pg_lsclusters -h | awk '$2 == "main" { print $1 }' | sort -V | tail -n 1)"
  if [ -z "$version" ]; then
    version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
    as_root pg_createcluster "$version" main >/dev/null
  fi
  echo "$version"
}

postgres_online() { pg_lsclusters -h | awk -v v="$1" '$1 == v && $2 == "main" { print $4 }' | grep -q online; }
postgres_ready() { pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; }
# What the tests do: log in over TCP with the role's password.
postgres_role_answers() {
  PGPASSWORD="$PG_PASSWORD" psql -X -q -At -h 127.0.0.1 -p "$PG_PORT" -U "$PG_ROLE" -d "$PG_DATABASE" -c 'SELECT 1' >/dev/null 2>&1
}

# The role may create databases because every suite works in scratch databases of its own, which it drops.
create_role_and_database() {
  as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres \
    -v role="$PG_ROLE" -v password="$PG_PASSWORD" -v database="$PG_DATABASE" <<'SQL'
SELECT format('CREATE ROLE %I', :'role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role')\gexec
ALTER ROLE :"role" WITH LOGIN CREATEDB NOSUPERUSER PASSWORD :'password';
SELECT format('CREATE DATABASE %I OWNER %I', :'database', :'role')
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'database')\gexec
SQL
}

postgres_up() {
  local version port
  version="$(postgres_cluster_version)"
  port="$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')"
  [ "$port" = "$PG_PORT" ] || die "PostgreSQL $version's cluster main uses port $port; the tests expect $PG_PORT (or set DATABASE_URL)"
  if postgres_online "$version"; then
    log "PostgreSQL $version already running"
  else
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start
  fi
  wait_for "PostgreSQL" 60 postgres_ready
  create_role_and_database
  postgres_role_answers || die "PostgreSQL answers, but not to role $PG_ROLE over TCP (check pg_hba.conf)"
  log "PostgreSQL $version ready: postgresql://$PG_ROLE:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DATABASE"
}

postgres_down() {
  local version
  postgres_installed || return 0
  for version in $(pg_lsclusters -h | awk '$2 == "main" { print $1 }'); do
    if postgres_online "$version"; then
      as_root pg_ctlcluster --skip-systemctl-redirect "$version" main stop
      log "PostgreSQL $version stopped"
    fi
  done
}

postgres_status() {
  if postgres_installed && postgres_role_answers; then
    log "PostgreSQL: answers on 127.0.0.1:$PG_PORT as $PG_ROLE, database $PG_DATABASE"
  elif postgres_installed && postgres_ready; then
    log "PostgreSQL: answers on 127.0.0.1:$PG_PORT, but not to role $PG_ROLE: run scripts/services.sh up"
    return 3
  else
    log "PostgreSQL: not answering on 127.0.0.1:$PG_PORT"
    return 3
  fi
}

# --- Redis ------------------------------------------------------------------------------------------------------

redis_answers() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }

redis_up() {
  if redis_answers; then
    log "Redis already running"
  else
    # Nothing kept on disk: tests put their keys under fresh prefixes and delete them.
    (cd / && redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no >/dev/null)
    wait_for "Redis" 15 redis_answers
  fi
  log "Redis ready: redis://127.0.0.1:$REDIS_PORT"
}

redis_down() {
  if redis_installed && redis_answers; then
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    log "Redis stopped"
  fi
}

redis_status() {
  if redis_installed && redis_answers; then
    log "Redis: answers on 127.0.0.1:$REDIS_PORT"
  else
    log "Redis: not answering on 127.0.0.1:$REDIS_PORT"
    return 3
  fi
}

# --- Chromium (for test/browser) ---------------------------------------------------------------------------------

chromium_up() { log "Chromium: $(chromium_path)"; }
chromium_status() {
  if chromium_path >/dev/null; then
    log "Chromium: $(chromium_path)"
  else
    log "Chromium: not installed"
    return 3
  fi
}

# --- Kafka hook ---------------------------------------------------------------------------------------------------
# The broker itself is infra/kafka/broker.sh's (start|stop|status); this only calls it, when the checkout has it.
# A broker that already listens on KAFKA_PORT (9092) (Docker's, say) is used as it is, as Redis and PostgreSQL are.

kafka_up() {
  if [ ! -f "$KAFKA_BROKER_SCRIPT" ]; then
    log "Kafka: no $KAFKA_BROKER_SCRIPT in this checkout; nothing to start"
  elif ! bash "$KAFKA_BROKER_SCRIPT" status >/dev/null 2>&1 && port_open "$KAFKA_PORT"; then
    log "Kafka: something already listens on 127.0.0.1:$KAFKA_PORT; using it"
  else
    bash "$KAFKA_BROKER_SCRIPT" start
  fi
}

kafka_down() { [ ! -f "$KAFKA_BROKER_SCRIPT" ] || bash "$KAFKA_BROKER_SCRIPT" stop; }

kafka_status() {
  local said=""
  if [ -f "$KAFKA_BROKER_SCRIPT" ] && said="$(bash "$KAFKA_BROKER_SCRIPT" status)"; then
    echo "$said"
  elif port_open "$KAFKA_PORT"; then
    log "Kafka: something listens on 127.0.0.1:$KAFKA_PORT (not started by $KAFKA_BROKER_SCRIPT)"
  elif [ -f "$KAFKA_BROKER_SCRIPT" ]; then
    echo "$said"
    return 3
  else
    log "Kafka: no $KAFKA_BROKER_SCRIPT in this checkout"
  fi
}

# --- commands -----------------------------------------------------------------------------------------------------

check_names() {
  local name
  for name in "$@"; do
    case " ${ALL_NAMES[*]} " in
      *" $name "*) ;;
      *) die "unknown name '$name': expected some of ${ALL_NAMES[*]}" ;;
    esac
  done
}

up() {
  install_missing "$@"
  local name
  for name in "$@"; do "${name}_up"; done
}

down() {
  local name
  for name in "$@"; do
    [ "$name" = chromium ] || "${name}_down"
  done
}

status() {
  local name result=0
  for name in "$@"; do "${name}_status" || result=3; done
  return "$result"
}

main() {
  local command="${1:-}"
  shift || true
  [ "$#" -gt 0 ] || set -- "${ALL_NAMES[@]}"
  check_names "$@"
  case "$command" in
    up) up "$@" ;;
    down) down "$@" ;;
    status) status "$@" ;;
    *)
      echo "usage: $0 up|down|status [${ALL_NAMES[*]}]" >&2
      exit 2
      ;;
  esac
}

main "$@"
