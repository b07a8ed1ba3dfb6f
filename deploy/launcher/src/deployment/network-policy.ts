/**
 * What NetworkPolicies let a pod reach, evaluated from the manifests alone: which policies select
 * the pod, and which known targets (pods by their labels, DNS, outside addresses) their egress
 * rules admit on which ports.
 */
type Labels = Record<string, string>;

interface LabelSelector {
  matchLabels?: Labels;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string };
}

export interface NetworkPolicySpec {
  podSelector: LabelSelector;
  policyTypes?: string[];
  egress?: { to?: PolicyPeer[]; ports?: { port?: number | string; protocol?: string }[] }[];
}

/** A pod of this namespace that a policy may name. */
export interface Target {
  name: string;
  labels: Labels;
}

export function selects(selector: LabelSelector, labels: Labels): boolean {
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpression = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    if (operator === 'In') return key in labels && values.includes(labels[key]);
    if (operator === 'NotIn') return !(key in labels) || !values.includes(labels[key]);
    if (operator === 'Exists') return key in labels;
    if (operator === 'DoesNotExist') return !(key in labels);
    throw new Error(`unknown selector operator ${operator}`);
  });
  return byLabel && byExpression;
}

function peerTargets(peer: PolicyPeer, targets: readonly Target[]): string[] {
  if (peer.ipBlock) return ['outside'];
  if (peer.namespaceSelector) return peer.podSelector ? ['pods-anywhere'] : ['any-pod'];
  const podSelector = peer.podSelector ?? {};
  return targets.filter((t) => selects(podSelector, t.labels)).map((t) => t.name);
}

/**
 * `<target>:<port>` for everything the pod may connect to, or null when no policy restricts its
 * egress (then it may connect anywhere).
 */
export function egressOf(
  podLabels: Labels,
  policies: readonly NetworkPolicySpec[],
  targets: readonly Target[],
): Set<string> | null {
  const applying = policies.filter(
    (p) => (p.policyTypes ?? []).includes('Egress') && selects(p.podSelector, podLabels),
  );
  if (applying.length === 0) return null;
  const allowed = new Set<string>();
  for (const rule of applying.flatMap((p) => p.egress ?? [])) {
    const names = rule.to ? rule.to.flatMap((peer) => peerTargets(peer, targets)) : ['anywhere'];
    const ports = rule.ports?.map((p) => String(p.port ?? '*')) ?? ['*'];
    for (const name of names) for (const port of ports) allowed.add(`${name}:${port}`);
  }
  return allowed;
}
