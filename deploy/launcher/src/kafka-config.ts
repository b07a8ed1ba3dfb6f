import { randomBytes } from 'node:crypto';

/** Keep in step with <kafka.version> in deploy/kafka/pom.xml. */
export const KAFKA_VERSION = '4.3.1';
export const SCALA_VERSION = '2.13';
/** Its presence in the libs folder means the Maven fetch completed. */
export const KAFKA_CORE_JAR = `kafka_${SCALA_VERSION}-${KAFKA_VERSION}.jar`;

export interface ServerConfig {
  port: number;
  controllerPort: number;
  /** log.dirs: where topic partitions and the KRaft metadata log live. */
  dataDir: string;
  host?: string;
  numPartitions?: number;
  /** node.id; 1 unless the broker is one of a cluster. */
  nodeId?: number;
  /**
   * Every node of a cluster (each is broker and controller): a static KRaft quorum of their
   * controller ports. Absent for a single node.
   */
  voters?: readonly ClusterNode[];
}

/** One node of a local cluster: its id and its two ports. */
export interface ClusterNode {
  nodeId: number;
  port: number;
  controllerPort: number;
}

/** Most brokers a local cluster may have: each is a JVM of a few hundred MB. */
export const MAX_CLUSTER_BROKERS = 5;

/**
 * The nodes of a local cluster of `count` brokers from `basePort`: node i listens on
 * basePort + 2(i-1) and its controller on the port after, so node 1 keeps the single broker's ports.
 */
export function clusterLayout(basePort: number, count: number): ClusterNode[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_CLUSTER_BROKERS) {
    throw new RangeError(`a cluster has 1 to ${MAX_CLUSTER_BROKERS} brokers, not ${count}`);
  }
  return Array.from({ length: count }, (_, i) => ({
    nodeId: i + 1,
    port: basePort + 2 * i,
    controllerPort: basePort + 2 * i + 1,
  }));
}

/**
 * Replication for a cluster of `brokers`: three copies at most, and with three, two of them must
 * have a record before acks=all acknowledges it (so one broker may fail without losing an
 * acknowledged record, and a producer waits rather than writing to a single copy).
 */
export function replicationFor(brokers: number): { replicationFactor: number; minInsyncReplicas: number } {
  const replicationFactor = Math.max(1, Math.min(brokers, 3));
  return { replicationFactor, minInsyncReplicas: replicationFactor >= 3 ? 2 : 1 };
}

/** Escapes a value for a java.util.Properties file (backslashes would otherwise vanish, e.g. on Windows paths). */
export function escapePropertyValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/^\s/, (space) => `\\${space}`);
}

export function formatProperties(
  entries: ReadonlyArray<readonly [string, string | number]>,
  header?: string,
): string {
  const lines = header ? header.split('\n').map((line) => `# ${line}`) : [];
  for (const [key, value] of entries) lines.push(`${key}=${escapePropertyValue(String(value))}`);
  return `${lines.join('\n')}\n`;
}

/** Reads back a properties file we wrote (simple key=value lines; enough to learn a running broker's ports). */
export function parseProperties(text: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    result.set(
      line.slice(0, eq).trim(),
      line
        .slice(eq + 1)
        .trim()
        .replace(/\\\\/g, '\\'),
    );
  }
  return result;
}

/**
 * server.properties for a KRaft node that is broker and controller. One node alone bootstraps its
 * own quorum; the nodes of a cluster name each other as static voters. Replication follows the
 * number of nodes (`replicationFor`); auto-creation is off so that a typo in a topic name fails
 * loudly instead of silently creating a topic (services create theirs explicitly).
 */
export function serverProperties(config: ServerConfig): string {
  const host = config.host ?? '127.0.0.1';
  const voters = config.voters ?? [];
  const { replicationFactor, minInsyncReplicas } = replicationFor(Math.max(1, voters.length));
  const quorum: [string, string] =
    voters.length > 0
      ? ['controller.quorum.voters', voters.map((v) => `${v.nodeId}@${host}:${v.controllerPort}`).join(',')]
      : ['controller.quorum.bootstrap.servers', `${host}:${config.controllerPort}`];
  const entries: Array<[string, string | number]> = [
    ['process.roles', 'broker,controller'],
    ['node.id', config.nodeId ?? 1],
    quorum,
    ['listeners', `PLAINTEXT://${host}:${config.port},CONTROLLER://${host}:${config.controllerPort}`],
    [
      'advertised.listeners',
      `PLAINTEXT://${host}:${config.port},CONTROLLER://${host}:${config.controllerPort}`,
    ],
    ['controller.listener.names', 'CONTROLLER'],
    ['inter.broker.listener.name', 'PLAINTEXT'],
    ['listener.security.protocol.map', 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT'],
    ['log.dirs', config.dataDir],
    ['num.partitions', config.numPartitions ?? 6],
    ['default.replication.factor', replicationFactor],
    ['min.insync.replicas', minInsyncReplicas],
    ['offsets.topic.replication.factor', replicationFactor],
    ['transaction.state.log.replication.factor', replicationFactor],
    ['transaction.state.log.min.isr', minInsyncReplicas],
    ['share.coordinator.state.topic.replication.factor', replicationFactor],
    ['share.coordinator.state.topic.min.isr', minInsyncReplicas],
    // Consumers join immediately instead of waiting 3 s for more members: tests start one at a time.
    ['group.initial.rebalance.delay.ms', 0],
    ['auto.create.topics.enable', 'false'],
    // After a crash (kill -9, outage tests) the restarted controller keeps rejecting the broker's
    // registration as a duplicate until the dead incarnation's session expires: 9 s by default, about
    // 4 s with these. Heartbeats stay well inside the timeout, and everything runs on one machine.
    ['broker.session.timeout.ms', 4000],
    ['broker.heartbeat.interval.ms', 1000],
    // The log cleaner takes its dedupe buffer (128 MB by default) from the heap in one piece when it
    // starts, after the logs are loaded: a cluster node (320 MB heap) restarted by the fault suite on
    // 266 logs died with "OutOfMemoryError: Java heap space" right there. The compacted topics here
    // (consumer offsets, metadata) need a fraction of 16 MB.
    ['log.cleaner.dedupe.buffer.size', 16 * 1024 * 1024],
  ];
  return formatProperties(entries, 'Written by deploy/launcher on every start; edits are overwritten.');
}

/**
 * log4j2 config for the broker: INFO to a size-capped rolling file in the state dir, so a long-lived
 * dev broker cannot fill the disk. log4j-core reads the .properties format without extra jars
 * (YAML would need jackson-dataformat-yaml on the classpath at the right version).
 */
export function log4j2Properties(logFile: string): string {
  const entries: Array<[string, string | number]> = [
    ['status', 'warn'],
    ['name', 'chuishao-kafka'],
    ['appender.file.type', 'RollingFile'],
    ['appender.file.name', 'file'],
    ['appender.file.fileName', logFile],
    ['appender.file.filePattern', `${logFile}.%i`],
    ['appender.file.layout.type', 'PatternLayout'],
    ['appender.file.layout.pattern', '[%d] %p %m (%c)%n'],
    ['appender.file.policies.type', 'Policies'],
    ['appender.file.policies.size.type', 'SizeBasedTriggeringPolicy'],
    ['appender.file.policies.size.size', '20MB'],
    ['appender.file.strategy.type', 'DefaultRolloverStrategy'],
    ['appender.file.strategy.max', 3],
    ['rootLogger.level', 'info'],
    ['rootLogger.appenderRef.file.ref', 'file'],
  ];
  return formatProperties(entries, 'Written by deploy/launcher on every start; edits are overwritten.');
}

/**
 * A Kafka cluster id, in the format of `kafka-storage random-uuid` (org.apache.kafka.common.Uuid):
 * 16 random bytes, URL-safe base64 without padding. Generated here rather than by spawning a JVM
 * (about a second). Like Kafka we avoid ids starting with '-', which command lines would take for a flag.
 */
export function generateClusterId(random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const bytes = random(16);
    const id = bytes.toString('base64url');
    // Kafka reserves Uuid.ZERO_UUID and Uuid.ONE_UUID (0 and 1): never hand those out as a cluster id.
    const reserved = bytes.subarray(0, 15).every((b) => b === 0) && (bytes[15] ?? 0) <= 1;
    if (!id.startsWith('-') && !reserved) return id;
  }
}

/** The JVM major version from `java -version` output ("17.0.15", "1.8.0_392" → 8), if recognisable. */
export function parseJavaMajorVersion(output: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}
