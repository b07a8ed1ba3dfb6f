import path from 'node:path';

import { KafkaBroker, defaultKafkaPort, type KafkaBrokerOptions, type KafkaStartResult } from './kafka';
import { clusterLayout, generateClusterId } from './kafka-config';
import { cacheDir as defaultCacheDir } from './paths';
import { readFileOr } from './proc';

export interface KafkaClusterOptions extends Omit<
  KafkaBrokerOptions,
  'port' | 'controllerPort' | 'stateDir' | 'nodeId' | 'voters' | 'clusterId'
> {
  /** How many brokers (1 to 5). One is exactly the single KafkaBroker of old. */
  size: number;
  /** Node 1's client port; node i takes port + 2(i-1) (clusterLayout). Default: env KAFKA_PORT, else 9092. */
  port?: number;
}

/** Smaller than a lone broker's default: three of them share a developer's machine. */
const CLUSTER_HEAP = ['-Xmx320m'];

/**
 * A local KRaft cluster: `size` JVMs, each broker and controller, named `<name>-<i>` with their own
 * state folders, formatted with one cluster id and a static quorum of all of them. With three, topics
 * are created with replication factor 3 and min.insync.replicas 2 (the brokers' defaults), so a
 * producer's acks=all is acknowledged by two copies at least.
 */
export class KafkaCluster {
  readonly name: string;
  readonly nodes: readonly KafkaBroker[];

  constructor(options: KafkaClusterOptions) {
    const env = options.env ?? process.env;
    this.name = options.name ?? 'kafka';
    const layout = clusterLayout(options.port ?? defaultKafkaPort(env), options.size);
    if (layout.length === 1) {
      this.nodes = [new KafkaBroker({ ...options, name: this.name, port: layout[0]!.port })];
      return;
    }
    const cacheRoot = options.cacheDir ?? defaultCacheDir(env);
    const nameOf = (nodeId: number) => `${this.name}-${nodeId}`;
    // A cluster formatted before keeps its id, remembered by whichever node was formatted: a
    // first start cut short may have formatted node 2 and not node 1, and a fresh id then would
    // leave node 2 refusing its peers' votes (INCONSISTENT_CLUSTER_ID) for good.
    const clusterId =
      layout
        .map((node) =>
          readFileOr(path.join(cacheRoot, 'kafka', nameOf(node.nodeId), 'cluster-id'), '').trim(),
        )
        .find(Boolean) ?? generateClusterId();
    const heapFromEnv = env.KAFKA_HEAP_OPTS?.trim();
    this.nodes = layout.map(
      (node) =>
        new KafkaBroker({
          ...options,
          name: nameOf(node.nodeId),
          port: node.port,
          controllerPort: node.controllerPort,
          cacheDir: cacheRoot,
          heapOpts: options.heapOpts ?? (heapFromEnv ? heapFromEnv.split(/\s+/) : CLUSTER_HEAP),
          nodeId: node.nodeId,
          voters: layout,
          clusterId,
        }),
    );
  }

  get size(): number {
    return this.nodes.length;
  }

  /** Bootstrap servers: every node, so a client finds the cluster while any one of them is down. */
  get brokers(): string {
    return this.nodes.map((n) => n.brokers).join(',');
  }

  node(nodeId: number): KafkaBroker {
    const node = this.nodes.find((n) => n.nodeId === nodeId);
    if (!node) throw new RangeError(`no node ${nodeId} in cluster "${this.name}"`);
    return node;
  }

  /**
   * Starts every node at once (or reuses those that run): a node of a cluster only answers once a
   * majority of the quorum is up, so starting them one after another would wait on the first.
   */
  async start(): Promise<KafkaStartResult> {
    const results = await Promise.all(this.nodes.map((n) => n.start()));
    return {
      started: results.some((r) => r.started),
      pid: results[0]!.pid,
      brokers: this.brokers,
    };
  }

  /** Stops every node (controlled shutdown, SIGKILL after the timeout). True when any ran. */
  async stop(): Promise<boolean> {
    const stopped = await Promise.all(this.nodes.map((n) => n.stop()));
    return stopped.some(Boolean);
  }

  runningPids(): number[] {
    return this.nodes.map((n) => n.runningPid()).filter((pid): pid is number => pid !== undefined);
  }
}
