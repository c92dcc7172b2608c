# shellcheck shell=bash
# Shared by broker.sh and create-topics.sh (sourced, not run): where Kafka's jars are cached and how to run
# infra/kafka/KafkaTopics.java with them.

kafka_here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The newest Kafka served whose broker kafkajs 2.2.4 was checked against (docs/kafka.md says how).
KAFKA_VERSION="${KAFKA_VERSION:-4.4.0}"
KAFKA_CACHE_DIR="${KAFKA_CACHE_DIR:-$kafka_here/.cache}"
kafka_jars_dir="$KAFKA_CACHE_DIR/kafka-$KAFKA_VERSION/jars"
# Keyed by the source's hash: a fresh clone (CI) has a new file date but needs no new compile.
kafka_classes_dir="$KAFKA_CACHE_DIR/kafka-$KAFKA_VERSION/classes-$(sha1sum "$kafka_here/KafkaTopics.java" | cut -c1-12)"

kafka_die() {
  echo "kafka: $*" >&2
  exit 1
}

# Copies the broker's jars from Maven into the cache once per version. The copy goes to a temporary folder first,
# so an interrupted download is never taken for a cached one.
kafka_resolve_jars() {
  [ -d "$kafka_jars_dir" ] && return 0
  command -v mvn >/dev/null || kafka_die "Maven (mvn) is needed once to fetch Kafka $KAFKA_VERSION's jars"
  command -v java >/dev/null || kafka_die "Java 17 or later is needed to run the broker"
  local partial="$kafka_jars_dir.partial.$$"
  echo "kafka: fetching Kafka $KAFKA_VERSION's jars into $kafka_jars_dir (once)" >&2
  mkdir -p "$(dirname "$kafka_jars_dir")"
  # Maven's own output only when it fails: -q still prints colour codes.
  if ! mvn -q -B -Dstyle.color=never -f "$kafka_here/pom.xml" dependency:copy-dependencies \
      -Dkafka.version="$KAFKA_VERSION" -DincludeScope=runtime -DoutputDirectory="$partial" >"$partial.log" 2>&1; then
    cat "$partial.log" >&2
    rm -rf "$partial" "$partial.log"
    kafka_die "could not fetch Kafka $KAFKA_VERSION's jars with Maven"
  fi
  rm -f "$partial.log"
  mv "$partial" "$kafka_jars_dir"
}

# Compiles KafkaTopics.java against the cached jars once per version and source.
kafka_compile_tools() {
  [ -f "$kafka_classes_dir/KafkaTopics.class" ] && return 0
  command -v javac >/dev/null || kafka_die "javac (a JDK 17 or later) is needed to build KafkaTopics.java"
  local partial="$kafka_classes_dir.partial.$$"
  mkdir -p "$partial"
  javac -nowarn -d "$partial" -cp "$kafka_jars_dir/*" "$kafka_here/KafkaTopics.java" || {
    rm -rf "$partial"
    kafka_die "could not compile KafkaTopics.java"
  }
  mv "$partial" "$kafka_classes_dir"
}

# kafka_create_topics BOOTSTRAP TIMEOUT_SECONDS: waits for metadata, creates topics.txt's missing topics, waits
# for their leaders.
kafka_create_topics() {
  kafka_resolve_jars
  kafka_compile_tools
  java -Xmx128m -XX:TieredStopAtLevel=1 -Dlog4j2.configurationFile="$kafka_here/log4j2-tools.properties" \
    -cp "$kafka_classes_dir:$kafka_jars_dir/*" KafkaTopics \
    "$1" "$kafka_here/topics.txt" "$2" "${KAFKA_REPLICATION_FACTOR:-1}"
}
