/** One partition of the run's topics as the cluster describes it, with how many messages it holds. */
export interface PartitionLoad {
  topic: string;
  partition: number;
  /** Node id of the leader; -1 while it has none. */
  leader: number;
  replicas: number[];
  isr: number[];
  messages: number;
}

/**
 * The broker leading the most messages of the run's topics: killing it moves the busiest
 * partitions to new leaders. Ties go to the lower node id, so the choice is reproducible.
 */
export function busiestLeader(partitions: readonly PartitionLoad[]): number | undefined {
  const byLeader = new Map<number, number>();
  for (const p of partitions) {
    if (p.leader < 0) continue;
    byLeader.set(p.leader, (byLeader.get(p.leader) ?? 0) + p.messages);
  }
  let best: number | undefined;
  for (const [leader, messages] of byLeader) {
    const bestMessages = best === undefined ? -1 : byLeader.get(best)!;
    if (messages > bestMessages || (messages === bestMessages && leader < best!)) best = leader;
  }
  return best;
}

/** Partitions whose in-sync replicas are fewer than their replicas (a broker has not caught up). */
export function underReplicated(partitions: readonly PartitionLoad[]): PartitionLoad[] {
  return partitions.filter((p) => p.isr.length < p.replicas.length || p.leader < 0);
}
