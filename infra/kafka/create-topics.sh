#!/usr/bin/env bash
# Creates the topics of infra/kafka/topics.txt on a broker (default $KAFKA_BROKERS, else 127.0.0.1:9092) and waits
# until each partition has a leader; safe to run twice. Replication factor: $KAFKA_REPLICATION_FACTOR (default 1).
# Inside the apache/kafka image (docker-compose.yml) it uses the image's kafka-topics.sh; anywhere else the jars
# that broker.sh caches (Maven fetches them once) and KafkaTopics.java, one JVM for all topics.
set -euo pipefail
broker="${1:-${KAFKA_BROKERS:-127.0.0.1:9092}}"
here="$(cd "$(dirname "$0")" && pwd)"

if [ -x /opt/kafka/bin/kafka-topics.sh ]; then
  grep -v '^#' "$here/topics.txt" | while read -r topic partitions cleanup; do
    [ -n "$topic" ] || continue
    /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$broker" --create --if-not-exists --topic "$topic" \
      --partitions "$partitions" --replication-factor "${KAFKA_REPLICATION_FACTOR:-1}" --config "cleanup.policy=$cleanup"
  done
  exit 0
fi

# shellcheck source=infra/kafka/lib.sh
source "$here/lib.sh"
kafka_create_topics "$broker" "${KAFKA_TOPICS_TIMEOUT:-60}"
