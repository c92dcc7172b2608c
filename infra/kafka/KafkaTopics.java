import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Waits until a Kafka cluster answers a metadata request, creates the topics of a topics.txt file that do not
 * exist yet, and waits until the leader of every partition of them serves it. One JVM does all of it because each
 * JVM start costs seconds on a 2-core machine (kafka-topics.sh would start one per topic).
 *
 * <p>Usage: KafkaTopics BOOTSTRAP TOPICS_FILE TIMEOUT_SECONDS REPLICATION_FACTOR
 *
 * <p>Exit 0 when every topic exists with its leaders, 1 on a timeout or a refused topic, 2 on bad arguments.
 */
public final class KafkaTopics {
  record TopicRow(String name, int partitions, String cleanupPolicy) {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: KafkaTopics BOOTSTRAP TOPICS_FILE TIMEOUT_SECONDS REPLICATION_FACTOR");
      System.exit(2);
    }
    List<TopicRow> rows = readTopics(Path.of(args[1]));
    Instant deadline = Instant.now().plusSeconds(Long.parseLong(args[2]));
    short replicationFactor = Short.parseShort(args[3]);
    try (Admin admin = Admin.create(adminConfig(args[0]))) {
      Set<String> existing = awaitTopicNames(admin, deadline);
      createMissing(admin, rows, existing, replicationFactor);
      List<TopicPartition> partitions = awaitLeaders(admin, rows, deadline);
      awaitServedByLeaders(admin, partitions, deadline);
    } catch (TimeoutOrRefusal e) {
      System.err.println("KafkaTopics: " + e.getMessage());
      System.exit(1);
    }
    System.out.println("KafkaTopics: " + rows.size() + " topics ready on " + args[0]);
  }

  static List<TopicRow> readTopics(Path file) throws Exception {
    List<TopicRow> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) continue;
      String[] cells = trimmed.split("\\s+");
      if (cells.length != 3) throw new IllegalArgumentException("topics file: expected 3 columns in: " + line);
      rows.add(new TopicRow(cells[0], Integer.parseInt(cells[1]), cells[2]));
    }
    return rows;
  }

  static Properties adminConfig(String bootstrap) {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "dealerflow-kafka-topics");
    // Short per-request timeouts so the loop below, not the client, decides how long to wait for a broker.
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
    config.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 200);
    return config;
  }

  /** The metadata request that tells the broker is serving: it lists the topics. */
  static Set<String> awaitTopicNames(Admin admin, Instant deadline) throws Exception {
    while (true) {
      try {
        return admin.listTopics().names().get(5, TimeUnit.SECONDS);
      } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
        pauseOrGiveUp(deadline, "no metadata answer: " + e.getMessage());
      }
    }
  }

  static void createMissing(Admin admin, List<TopicRow> rows, Set<String> existing, short replicationFactor)
      throws Exception {
    List<NewTopic> missing = new ArrayList<>();
    for (TopicRow row : rows) {
      if (existing.contains(row.name())) continue;
      missing.add(new NewTopic(row.name(), row.partitions(), replicationFactor)
          .configs(Map.of("cleanup.policy", row.cleanupPolicy())));
    }
    if (missing.isEmpty()) return;
    for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> result :
        admin.createTopics(missing).values().entrySet()) {
      try {
        result.getValue().get(30, TimeUnit.SECONDS);
        System.out.println("KafkaTopics: created " + result.getKey());
      } catch (ExecutionException e) {
        // Another run may have created it between the listing and this request: that is the wanted state.
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new TimeoutOrRefusal("topic " + result.getKey() + " refused: " + e.getCause());
        }
      }
    }
  }

  /** Until every partition has a leader, a producer's first send would fail with LEADER_NOT_AVAILABLE. */
  static List<TopicPartition> awaitLeaders(Admin admin, List<TopicRow> rows, Instant deadline) throws Exception {
    List<String> names = rows.stream().map(TopicRow::name).toList();
    while (true) {
      try {
        Collection<TopicDescription> descriptions =
            admin.describeTopics(names).allTopicNames().get(5, TimeUnit.SECONDS).values();
        boolean allLed = descriptions.stream()
            .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        if (allLed) {
          return descriptions.stream()
              .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
              .toList();
        }
        pauseOrGiveUp(deadline, "some partitions have no leader yet");
      } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
        pauseOrGiveUp(deadline, "topics not described: " + e.getMessage());
      }
    }
  }

  /**
   * The metadata names a leader before that broker has opened the partition's log (KRaft publishes the metadata
   * first): asking each leader for its latest offset succeeds only once it serves the partition.
   */
  static void awaitServedByLeaders(Admin admin, List<TopicPartition> partitions, Instant deadline) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (TopicPartition partition : partitions) latest.put(partition, OffsetSpec.latest());
    while (true) {
      try {
        admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
        pauseOrGiveUp(deadline, "partitions not served by their leaders yet: " + e.getMessage());
      }
    }
  }

  static void pauseOrGiveUp(Instant deadline, String why) throws InterruptedException {
    if (Instant.now().isAfter(deadline)) throw new TimeoutOrRefusal("gave up waiting: " + why);
    Thread.sleep(250);
  }

  static final class TimeoutOrRefusal extends RuntimeException {
    TimeoutOrRefusal(String message) {
      super(message);
    }
  }
}
