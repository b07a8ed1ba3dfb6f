import {
  clusterLayout,
  escapePropertyValue,
  generateClusterId,
  log4j2Properties,
  parseJavaMajorVersion,
  parseProperties,
  replicationFor,
  serverProperties,
} from './kafka-config';

describe('a local cluster', () => {
  it('lays node i out on basePort + 2(i-1), its controller on the next port', () => {
    expect(clusterLayout(19092, 3)).toEqual([
      { nodeId: 1, port: 19092, controllerPort: 19093 },
      { nodeId: 2, port: 19094, controllerPort: 19095 },
      { nodeId: 3, port: 19096, controllerPort: 19097 },
    ]);
  });

  it('refuses a count that is not 1 to 5', () => {
    for (const count of [0, 6, 2.5, NaN]) expect(() => clusterLayout(9092, count)).toThrow(RangeError);
  });

  it('replicates three times with two in sync from three brokers on, once on one broker', () => {
    expect(replicationFor(1)).toEqual({ replicationFactor: 1, minInsyncReplicas: 1 });
    expect(replicationFor(2)).toEqual({ replicationFactor: 2, minInsyncReplicas: 1 });
    expect(replicationFor(3)).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
    expect(replicationFor(5)).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
  });

  it('renders node 2 of three as a static voter of the quorum, with RF 3 and min.insync.replicas 2', () => {
    const voters = clusterLayout(19092, 3);
    const props = parseProperties(
      serverProperties({ port: 19094, controllerPort: 19095, dataDir: '/d', nodeId: 2, voters }),
    );
    expect(props.get('node.id')).toBe('2');
    expect(props.get('controller.quorum.voters')).toBe(
      '1@127.0.0.1:19093,2@127.0.0.1:19095,3@127.0.0.1:19097',
    );
    expect(props.has('controller.quorum.bootstrap.servers')).toBe(false);
    expect(props.get('listeners')).toBe('PLAINTEXT://127.0.0.1:19094,CONTROLLER://127.0.0.1:19095');
    expect(props.get('default.replication.factor')).toBe('3');
    expect(props.get('offsets.topic.replication.factor')).toBe('3');
    expect(props.get('min.insync.replicas')).toBe('2');
    expect(props.get('transaction.state.log.min.isr')).toBe('2');
  });
});

describe('serverProperties', () => {
  const text = serverProperties({ port: 19092, controllerPort: 19093, dataDir: '/tmp/x/data' });
  const props = parseProperties(text);

  it('describes a single-node KRaft broker+controller on the given ports', () => {
    expect(props.get('process.roles')).toBe('broker,controller');
    expect(props.get('node.id')).toBe('1');
    expect(props.get('controller.quorum.bootstrap.servers')).toBe('127.0.0.1:19093');
    expect(props.get('listeners')).toBe('PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093');
    expect(props.get('advertised.listeners')).toBe(props.get('listeners'));
    expect(props.get('controller.listener.names')).toBe('CONTROLLER');
    expect(props.get('inter.broker.listener.name')).toBe('PLAINTEXT');
    expect(props.get('listener.security.protocol.map')).toBe('CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT');
    expect(props.get('log.dirs')).toBe('/tmp/x/data');
  });

  it('uses replication factor 1 everywhere and never auto-creates topics', () => {
    for (const key of [
      'offsets.topic.replication.factor',
      'transaction.state.log.replication.factor',
      'transaction.state.log.min.isr',
      'share.coordinator.state.topic.replication.factor',
      'share.coordinator.state.topic.min.isr',
      'default.replication.factor',
      'min.insync.replicas',
    ]) {
      expect(props.get(key)).toBe('1');
    }
    expect(props.get('num.partitions')).toBe('6');
    expect(props.get('group.initial.rebalance.delay.ms')).toBe('0');
    expect(props.get('auto.create.topics.enable')).toBe('false');
  });

  it('lets a crashed broker re-register quickly, with heartbeats well inside the session timeout', () => {
    expect(Number(props.get('broker.session.timeout.ms'))).toBeLessThan(9000);
    expect(Number(props.get('broker.heartbeat.interval.ms')) * 3).toBeLessThanOrEqual(
      Number(props.get('broker.session.timeout.ms')),
    );
  });

  it("keeps the log cleaner's dedupe buffer a small part of a cluster node's 320 MB heap", () => {
    // Allocated in one piece at start-up after the logs load; 128 MB (Kafka's default) killed a node.
    expect(Number(props.get('log.cleaner.dedupe.buffer.size'))).toBeLessThanOrEqual(32 * 1024 * 1024);
  });

  it('starts with a comment and ends with a newline', () => {
    expect(text.startsWith('# ')).toBe(true);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('escapes backslashes so Windows paths survive java.util.Properties', () => {
    const win = serverProperties({ port: 1, controllerPort: 2, dataDir: 'C:\\cache\\data' });
    expect(win).toContain('log.dirs=C:\\\\cache\\\\data\n');
    expect(parseProperties(win).get('log.dirs')).toBe('C:\\cache\\data');
    expect(escapePropertyValue(' lead')).toBe('\\ lead');
  });
});

describe('log4j2Properties', () => {
  it('logs INFO to a rolling file at the given path', () => {
    const props = parseProperties(log4j2Properties('/state/logs/server.log'));
    expect(props.get('rootLogger.level')).toBe('info');
    expect(props.get('appender.file.type')).toBe('RollingFile');
    expect(props.get('appender.file.fileName')).toBe('/state/logs/server.log');
    expect(props.get('appender.file.filePattern')).toBe('/state/logs/server.log.%i');
    expect(props.get('rootLogger.appenderRef.file.ref')).toBe(props.get('appender.file.name'));
  });
});

describe('generateClusterId', () => {
  it('is 22 URL-safe base64 characters (16 bytes), like kafka-storage random-uuid', () => {
    const id = generateClusterId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(id, 'base64url')).toHaveLength(16);
  });

  it('never starts with "-" (a command line would read it as a flag)', () => {
    const draws = [Buffer.alloc(16, 0xf8), Buffer.alloc(16, 0x11)]; // 0xf8... encodes to "-..."
    const id = generateClusterId(() => draws.shift() ?? Buffer.alloc(16, 0x22));
    expect(Buffer.alloc(16, 0xf8).toString('base64url').startsWith('-')).toBe(true);
    expect(id).toBe(Buffer.alloc(16, 0x11).toString('base64url'));
  });

  it('skips the ids Kafka reserves (all zero, one)', () => {
    const one = Buffer.alloc(16);
    one[15] = 1;
    const draws = [Buffer.alloc(16), one, Buffer.alloc(16, 0x33)];
    expect(generateClusterId(() => draws.shift()!)).toBe(Buffer.alloc(16, 0x33).toString('base64url'));
  });
});

describe('parseJavaMajorVersion', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "21" 2023-09-19', 21],
    ['java version "1.8.0_392"', 8],
    ['Picked up JAVA_TOOL_OPTIONS: -Xss1m\nopenjdk version "11.0.2" 2019-01-15', 11],
  ])('%s -> %d', (output, major) => {
    expect(parseJavaMajorVersion(output)).toBe(major);
  });

  it('is undefined for unrecognisable output', () => {
    expect(parseJavaMajorVersion('command not found')).toBeUndefined();
  });
});

describe('parseProperties', () => {
  it('ignores comments and blank lines and keeps "=" inside values', () => {
    const props = parseProperties('# c\n! c\n\n a = b=c \nnoequals\n');
    expect([...props]).toEqual([['a', 'b=c']]);
  });
});
