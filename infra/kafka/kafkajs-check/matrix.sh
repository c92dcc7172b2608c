#!/usr/bin/env bash
# For each Kafka version given: start a broker with infra/kafka/broker.sh, run check.cjs with kafkajs against it,
# keep the outputs, stop. kafkajs is installed in a scratch folder (not in the workspaces).
#   infra/kafka/kafkajs-check/matrix.sh 3.9.1 4.0.1 4.4.0
# Settings: KAFKAJS_VERSION (2.2.4), KAFKAJS_CHECK_DIR (/tmp/kafkajs-check), and broker.sh's own: with
# KAFKA_PORT=19092 KAFKA_CONTROLLER_PORT=19093 it leaves a broker on 9092 alone.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
scratch="${KAFKAJS_CHECK_DIR:-/tmp/kafkajs-check}"
kafkajs_version="${KAFKAJS_VERSION:-2.2.4}"
[ "$#" -gt 0 ] || { echo "usage: $0 KAFKA_VERSION..." >&2; exit 2; }

mkdir -p "$scratch"
if [ "$(node -p "try{require('$scratch/node_modules/kafkajs/package.json').version}catch{''}")" != "$kafkajs_version" ]; then
  (cd "$scratch" && { [ -f package.json ] || npm init -y >/dev/null; } && npm install --no-audit --no-fund "kafkajs@$kafkajs_version" >/dev/null)
fi
cp "$here/check.cjs" "$here/old-version.cjs" "$scratch/"
export KAFKA_BROKERS="127.0.0.1:${KAFKA_PORT:-9092}"

status=0
for version in "$@"; do
  echo "=== Kafka $version, kafkajs $kafkajs_version ($(cut -d' ' -f1-3 /proc/loadavg) load)"
  if ! KAFKA_VERSION="$version" "$here/../broker.sh" start >"$scratch/start-$version.txt" 2>&1; then
    tail -n 5 "$scratch/start-$version.txt"
    status=1
    continue
  fi
  tail -n 1 "$scratch/start-$version.txt"
  (cd "$scratch" && node check.cjs >"$scratch/check-$version.txt" 2>&1) || status=1
  grep -E '^(FAIL|INFO-FAIL) |^  FAIL |^[0-9]+ passed' "$scratch/check-$version.txt" || true
  KAFKA_VERSION="$version" "$here/../broker.sh" stop >/dev/null
done
echo "outputs: $scratch/check-<version>.txt"
exit "$status"
