import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { KafkaCluster } from './kafka-cluster';
import { KAFKA_CORE_JAR } from './kafka-config';

describe('KafkaCluster', () => {
  let cache: string;
  beforeEach(() => (cache = mkdtempSync(path.join(tmpdir(), 'cluster-spec-'))));
  afterEach(() => rmSync(cache, { recursive: true, force: true }));

  it('is the single broker of old when its size is 1', () => {
    const cluster = new KafkaCluster({ size: 1, port: 19092, cacheDir: cache, env: {} });
    expect(cluster.nodes.map((n) => [n.name, n.port, n.controllerPort, n.nodeId])).toEqual([
      ['kafka', 19092, 19093, 1],
    ]);
    expect(cluster.brokers).toBe('127.0.0.1:19092');
  });

  it('names its nodes <name>-<i>, lists every one as a bootstrap server, and finds them by id', () => {
    const cluster = new KafkaCluster({ name: 'c', size: 3, port: 19092, cacheDir: cache, env: {} });
    expect(cluster.nodes.map((n) => [n.name, n.port, n.controllerPort, n.nodeId])).toEqual([
      ['c-1', 19092, 19093, 1],
      ['c-2', 19094, 19095, 2],
      ['c-3', 19096, 19097, 3],
    ]);
    expect(cluster.nodes.map((n) => n.stateDir)).toEqual(
      ['c-1', 'c-2', 'c-3'].map((name) => path.join(cache, 'kafka', name)),
    );
    expect(cluster.brokers).toBe('127.0.0.1:19092,127.0.0.1:19094,127.0.0.1:19096');
    expect(cluster.node(2).port).toBe(19094);
    expect(() => cluster.node(4)).toThrow('no node 4');
  });

  it('keeps the cluster id node 1 was formatted with', () => {
    mkdirSync(path.join(cache, 'kafka', 'c-1'), { recursive: true });
    writeFileSync(path.join(cache, 'kafka', 'c-1', 'cluster-id'), 'AAAAAAAAAAAAAAAAAAAAAA\n');
    const cluster = new KafkaCluster({ name: 'c', size: 3, port: 19092, cacheDir: cache, env: {} });
    expect((cluster.nodes[2] as unknown as { clusterId: string }).clusterId).toBe('AAAAAAAAAAAAAAAAAAAAAA');
  });

  it('keeps the id of whichever node a cut-short first start formatted', () => {
    mkdirSync(path.join(cache, 'kafka', 'c-2'), { recursive: true });
    writeFileSync(path.join(cache, 'kafka', 'c-2', 'cluster-id'), 'BBBBBBBBBBBBBBBBBBBBBB\n');
    const cluster = new KafkaCluster({ name: 'c', size: 3, port: 19092, cacheDir: cache, env: {} });
    for (const node of cluster.nodes)
      expect((node as unknown as { clusterId: string }).clusterId).toBe('BBBBBBBBBBBBBBBBBBBBBB');
  });

  it('fetches the jars once when its nodes start together on a fresh cache', async () => {
    // Stand-ins for Maven and Java: the Maven one counts its runs and "downloads" the core jar.
    const bin = path.join(cache, 'bin');
    mkdirSync(bin);
    const runs = path.join(cache, 'mvn-runs');
    writeFileSync(
      path.join(bin, 'mvn'),
      `#!/bin/sh\necho run >> '${runs}'\nfor a in "$@"; do case "$a" in -DoutputDirectory=*) d="\${a#-DoutputDirectory=}";; esac; done\n` +
        `mkdir -p "$d" && touch "$d/${KAFKA_CORE_JAR}"\n`,
    );
    writeFileSync(path.join(bin, 'java'), '#!/bin/sh\necho \'openjdk version "21.0.2" 2024-01-16\' >&2\n');
    for (const tool of ['mvn', 'java']) chmodSync(path.join(bin, tool), 0o755);
    const env = { PATH: `${bin}:/usr/bin:/bin` };
    const cluster = new KafkaCluster({ name: 'c', size: 3, port: 19092, cacheDir: cache, env });

    const fetched = await Promise.all(cluster.nodes.map((n) => n.ensureJars()));

    expect(new Set(fetched).size).toBe(1);
    expect(existsSync(path.join(fetched[0]!, KAFKA_CORE_JAR))).toBe(true);
    expect(readFileSync(runs, 'utf8').trim().split('\n')).toHaveLength(1);
  });
});
