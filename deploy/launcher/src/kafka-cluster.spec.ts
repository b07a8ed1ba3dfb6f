import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { KafkaCluster } from './kafka-cluster';

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
});
