#!/usr/bin/env bash
# A single-node Apache Kafka (KRaft: broker and controller in one JVM) for tests and developers, without Docker.
#   infra/kafka/broker.sh start    fetch the jars once, format a fresh data folder, start, wait, create the topics
#   infra/kafka/broker.sh stop     stop it and delete its data folder
#   infra/kafka/broker.sh restart  stop, then start: a broker with nothing but the topics of topics.txt
#   infra/kafka/broker.sh status   exit 0 and print where it listens when it runs, exit 3 when it does not
# Settings (environment): KAFKA_VERSION, KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_CACHE_DIR,
# KAFKA_HEAP (512m), KAFKA_START_TIMEOUT (seconds, 90). See docs/kafka.md.
set -euo pipefail
# shellcheck source=infra/kafka/lib.sh
source "$(cd "$(dirname "$0")" && pwd)/lib.sh"

port="${KAFKA_PORT:-9092}"
controller_port="${KAFKA_CONTROLLER_PORT:-9093}"
bootstrap="127.0.0.1:$port"
# One folder per port, so a second broker (say, tests on KAFKA_PORT=19092) can run beside a developer's.
run_dir="$KAFKA_CACHE_DIR/broker-$port"
data_dir="$run_dir/data"
pid_file="$run_dir/broker.pid"
log_file="$run_dir/broker.log"
config_file="$run_dir/server.properties"

# The pid of our broker, or nothing: a pid file whose process is gone, or is no longer our JVM, does not count.
running_pid() {
  [ -f "$pid_file" ] || return 0
  local pid
  pid="$(cat "$pid_file")"
  if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "kafka.Kafka $config_file"; then
    echo "$pid"
  fi
}

# Seconds since a `date +%s%N` stamp, with one decimal.
elapsed_since() {
  local tenths=$((($(date +%s%N) - $1) / 100000000))
  echo "$((tenths / 10)).$((tenths % 10))"
}

# The Kafka version a running broker was started with: its class path names the jars' folder.
running_version() {
  tr '\0' '\n' <"/proc/$1/cmdline" | sed -n 's|.*/kafka-\([^/]*\)/jars/\*$|\1|p' | head -n 1
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Kafka's cluster ids are 16 random bytes in URL-safe base64 without padding; one starting with '-' would read
# as an option on a command line, so Kafka never makes one and neither do we.
random_cluster_id() {
  local id
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
    [ "${id:0:1}" != "-" ] && echo "$id" && return
  done
}

write_config() {
  cat >"$config_file" <<EOF
# Written by infra/kafka/broker.sh start; rewritten on every start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://$bootstrap
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$data_dir
auto.create.topics.enable=false
num.partitions=12
offsets.topic.replication.factor=1
offsets.topic.num.partitions=12
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
min.insync.replicas=1
group.initial.rebalance.delay.ms=0
# Two cores: few threads, and a log cleaner that fits the small heap (its default buffer is 128 MiB).
num.network.threads=2
num.io.threads=2
num.recovery.threads.per.data.dir=1
background.threads=2
log.cleaner.threads=1
log.cleaner.dedupe.buffer.size=16777216
EOF
}

format_data_dir() {
  rm -rf "$data_dir"
  mkdir -p "$data_dir"
  java -Xmx256m -XX:TieredStopAtLevel=1 -Dlog4j2.configurationFile="$kafka_here/log4j2-tools.properties" \
    -cp "$kafka_jars_dir/*" kafka.tools.StorageTool format \
    --cluster-id "$(random_cluster_id)" --config "$config_file" --ignore-formatted >/dev/null
}

launch() {
  # setsid: the broker outlives the shell that started it and a Ctrl-C typed there.
  setsid nohup java -Xms128m -Xmx"${KAFKA_HEAP:-512m}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Djava.awt.headless=true -Dlog4j2.configurationFile="$kafka_here/log4j2-broker.properties" \
    -cp "$kafka_jars_dir/*" kafka.Kafka "$config_file" >"$log_file" 2>&1 </dev/null &
  echo $! >"$pid_file"
}

# Port first (cheap, no JVM), then KafkaTopics's metadata request and the topics of topics.txt.
await_ready() {
  local pid="$1" deadline=$((SECONDS + ${KAFKA_START_TIMEOUT:-90}))
  until port_open "$port"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$log_file" >&2
      kafka_die "the broker exited during start; its log: $log_file"
    fi
    [ "$SECONDS" -lt "$deadline" ] || kafka_die "port $port not open after ${KAFKA_START_TIMEOUT:-90}s; log: $log_file"
    sleep 0.2
  done
  kafka_create_topics "$bootstrap" "$((deadline - SECONDS > 5 ? deadline - SECONDS : 5))" >/dev/null ||
    kafka_die "the broker did not answer metadata or refused a topic; log: $log_file"
}

start() {
  local pid
  pid="$(running_pid)"
  if [ -n "$pid" ]; then
    echo "kafka: Kafka $(running_version "$pid") already running (pid $pid) on $bootstrap; left as it is (restart for a fresh one)"
    return 0
  fi
  for p in "$port" "$controller_port"; do
    port_open "$p" && kafka_die "port $p is taken by another process: stop it, or set KAFKA_PORT/KAFKA_CONTROLLER_PORT"
  done
  local started
  started="$(date +%s%N)"
  kafka_resolve_jars
  kafka_compile_tools
  mkdir -p "$run_dir"
  write_config
  format_data_dir
  launch
  pid="$(cat "$pid_file")"
  # A subshell, so that kafka_die in it ends only the wait and the broker is stopped below.
  if ! (await_ready "$pid"); then
    stop >/dev/null
    exit 1
  fi
  echo "kafka: Kafka $KAFKA_VERSION ready on $bootstrap (pid $pid, $(elapsed_since "$started") s): export KAFKA_BROKERS=$bootstrap"
}

stop() {
  local pid
  pid="$(running_pid)"
  if [ -n "$pid" ]; then
    kill -TERM "$pid"
    # A controlled shutdown takes seconds on a busy machine; its data is deleted below, so after 10 s a kill loses
    # nothing.
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    echo "kafka: stopped (pid $pid)"
  else
    echo "kafka: not running"
  fi
  rm -f "$pid_file"
  rm -rf "$data_dir"
}

status() {
  local pid
  pid="$(running_pid)"
  if [ -z "$pid" ]; then
    echo "kafka: not running"
    exit 3
  fi
  echo "kafka: Kafka $(running_version "$pid") running (pid $pid) on $bootstrap, controller on 127.0.0.1:$controller_port, data in $data_dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  restart)
    stop
    start
    ;;
  *)
    echo "usage: $0 start|stop|restart|status" >&2
    exit 2
    ;;
esac
