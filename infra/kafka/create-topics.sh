#!/usr/bin/env bash
# Creates the topics of infra/kafka/topics.txt on a broker (default localhost:9092); safe to run twice.
set -euo pipefail
broker="${1:-localhost:9092}"
here="$(cd "$(dirname "$0")" && pwd)"
kafka_topics="$(command -v kafka-topics.sh || echo /opt/kafka/bin/kafka-topics.sh)"
grep -v '^#' "$here/topics.txt" | while read -r topic partitions cleanup; do
  [ -n "$topic" ] || continue
  "$kafka_topics" --bootstrap-server "$broker" --create --if-not-exists --topic "$topic" \
    --partitions "$partitions" --replication-factor 1 --config "cleanup.policy=$cleanup"
done
