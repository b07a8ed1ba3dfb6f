import { SERVICES } from '../services';
import { buildOverlay, named, ofKind, type KubeObject } from './manifests';
import { egressOf, type NetworkPolicySpec, type Target } from './network-policy';
import { checkSchemas } from './schema-check';
import { serviceNeeds } from './service-needs';

/**
 * What `kubectl apply -k deploy/k8s/overlays/<dev|prod>` would send, built by the kubectl on PATH
 * (CI: Debian's kubernetes-client), then validated object by object and checked for what each
 * overlay promises (deploy/README.md).
 */
const overlays = { dev: buildOverlay('dev'), prod: buildOverlay('prod') };

function container(deployment: KubeObject) {
  return deployment.spec.template.spec.containers[0];
}

describe.each(Object.keys(overlays) as (keyof typeof overlays)[])('overlay %s', (overlay) => {
  const objects = overlays[overlay];

  it('every object is valid against its schema (Kubernetes, CloudNativePG, Strimzi)', () => {
    expect(checkSchemas(objects)).toEqual([]);
  });

  it('commits no Secret: the operator creates them from a vault (deploy/README.md)', () => {
    expect(ofKind(objects, 'Secret')).toEqual([]);
  });

  it.each(SERVICES.map((s) => [s.name]))(
    '%s runs as a non-root, read-only container probed on /health',
    (name) => {
      const deployment = named(objects, 'Deployment', name);
      const pod = deployment.spec.template.spec;
      const main = container(deployment);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
      expect(main.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(main.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
      expect(main.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(main.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      expect(main.resources.limits).toEqual({ memory: expect.any(String) });
    },
  );

  it('services that use PostgreSQL log in as their own role of the CloudNativePG Cluster', () => {
    const cluster = ofKind(objects, 'Cluster')[0];
    const { database, owner } = cluster.spec.bootstrap.initdb;
    const roles: { name: string; login: boolean; inRoles: string[]; passwordSecret: { name: string } }[] =
      cluster.spec.managed.roles;
    for (const service of SERVICES.filter((s) => serviceNeeds(s, SERVICES).postgres)) {
      const env: { name: string; value?: string; valueFrom?: unknown }[] = container(
        named(objects, 'Deployment', service.name),
      ).env;
      const secret = `chuishao-db-${service.name}`;
      // $(VAR) expands only variables declared before it.
      expect(env.map((e) => e.name).filter((n) => n.startsWith('DB_') || n === 'DATABASE_URL')).toEqual([
        'DB_USER',
        'DB_PASSWORD',
        'DATABASE_URL',
      ]);
      expect(env).toContainEqual({
        name: 'DB_USER',
        valueFrom: { secretKeyRef: { name: secret, key: 'username' } },
      });
      expect(env).toContainEqual({
        name: 'DB_PASSWORD',
        valueFrom: { secretKeyRef: { name: secret, key: 'password' } },
      });
      expect(env).toContainEqual({
        name: 'DATABASE_URL',
        value: `postgresql://$(DB_USER):$(DB_PASSWORD)@${cluster.metadata.name}-rw:5432/${database}`,
      });
      // The role migrates; the service runs as <schema>_runtime, which that role creates.
      expect(env).toContainEqual({
        name: 'DATABASE_RUNTIME_PASSWORD',
        valueFrom: { secretKeyRef: { name: `${secret}-runtime`, key: 'password' } },
      });
      const role = roles.find((r) => r.passwordSecret.name === secret);
      expect(role).toMatchObject({
        name: service.name.replace(/-/g, '_'),
        login: true,
        createrole: true,
        inRoles: [owner],
      });
    }
  });

  it("KAFKA_BROKERS is the Strimzi cluster's bootstrap Service", () => {
    const kafka = ofKind(objects, 'Kafka')[0];
    const listener = kafka.spec.kafka.listeners.find((l: { tls: boolean }) => !l.tls);
    expect(named(objects, 'ConfigMap', 'chuishao-config').data?.KAFKA_BROKERS).toBe(
      `${kafka.metadata.name}-kafka-bootstrap:${listener.port}`,
    );
  });
});

describe('overlay dev', () => {
  const objects = overlays.dev;

  it('runs one replica of each service, one Kafka node and one PostgreSQL instance', () => {
    for (const d of ofKind(objects, 'Deployment'))
      expect([d.metadata.name, d.spec.replicas]).toEqual([d.metadata.name, 1]);
    expect(ofKind(objects, 'KafkaNodePool').map((p) => p.spec.replicas)).toEqual([1]);
    expect(ofKind(objects, 'Cluster').map((c) => c.spec.instances)).toEqual([1]);
    for (const t of ofKind(objects, 'KafkaTopic')) expect(t.spec.replicas).toBe(1);
  });
});

describe('overlay prod', () => {
  const objects = overlays.prod;
  const scaled = SERVICES.filter((s) => s.name !== 'court-simulator');

  it('provisions the observability: the alert rules, a ServiceMonitor that finds each service, the dashboards', () => {
    expect(ofKind(objects, 'PrometheusRule').map((r) => r.spec.groups.length)).toEqual([expect.any(Number)]);
    // Every service but the stand-in court (no /metrics) is scraped through a Service it selects.
    const services = ofKind(objects, 'Service');
    for (const { name } of scaled) {
      const monitor = named(objects, 'ServiceMonitor', name);
      expect(monitor.spec.endpoints[0]).toMatchObject({ port: 'http', path: '/metrics' });
      const selected = services.filter((svc) =>
        Object.entries(monitor.spec.selector.matchLabels as Record<string, string>).every(
          ([k, v]) => svc.metadata.labels?.[k] === v,
        ),
      );
      expect(selected.map((svc) => svc.metadata.name)).toEqual([name]);
    }
    expect(
      ofKind(objects, 'ConfigMap').filter((c) => c.metadata.labels?.grafana_dashboard === '1'),
    ).toHaveLength(3);
  });

  it('runs three KRaft nodes (controller and broker) and a three-instance PostgreSQL', () => {
    const pools = ofKind(objects, 'KafkaNodePool');
    expect(pools.map((p) => [p.spec.replicas, [...p.spec.roles].sort()])).toEqual([
      [3, ['broker', 'controller']],
    ]);
    expect(ofKind(objects, 'Cluster').map((c) => c.spec.instances)).toEqual([3]);
    expect(ofKind(objects, 'Kafka')[0].spec.kafka.config).toMatchObject({
      'min.insync.replicas': 2,
      'default.replication.factor': 3,
    });
  });

  it.each(scaled.map((s) => [s.name]))(
    '%s starts with two replicas and scales within the partition count',
    (name) => {
      const partitions = Number(named(objects, 'ConfigMap', 'chuishao-config').data?.KAFKA_PARTITIONS);
      expect(named(objects, 'Deployment', name).spec.replicas).toBeGreaterThanOrEqual(2);
      const hpa = named(objects, 'HorizontalPodAutoscaler', name);
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
      expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
      expect(hpa.spec.maxReplicas).toBeLessThanOrEqual(partitions);
    },
  );

  it.each(SERVICES.map((s) => [s.name]))('%s has a PodDisruptionBudget over its pods', (name) => {
    const labels = named(objects, 'Deployment', name).spec.template.metadata.labels;
    const pdb = named(objects, 'PodDisruptionBudget', name);
    expect(labels).toMatchObject(pdb.spec.selector.matchLabels);
  });

  it('images come from a registry with a fixed tag', () => {
    for (const d of ofKind(objects, 'Deployment'))
      expect(container(d).image).toMatch(/^[\w.-]+\/[\w/-]+:[\w.-]+$/);
  });

  describe('NetworkPolicies: each service reaches only what its code calls', () => {
    const policies = ofKind(objects, 'NetworkPolicy').map((p) => p.spec as NetworkPolicySpec);
    const kafka = ofKind(objects, 'Kafka')[0].metadata.name;
    const db = ofKind(objects, 'Cluster')[0].metadata.name;
    // The labels Strimzi and CloudNativePG put on the pods they run.
    const targets: Target[] = [
      {
        name: 'kafka',
        labels: { 'strimzi.io/cluster': kafka, 'strimzi.io/kind': 'Kafka', 'strimzi.io/broker-role': 'true' },
      },
      { name: 'postgres', labels: { 'cnpg.io/cluster': db, 'cnpg.io/podRole': 'instance' } },
      ...SERVICES.map((s) => ({
        name: s.name,
        labels: named(objects, 'Deployment', s.name).spec.template.metadata.labels,
      })),
    ];

    it.each(SERVICES.map((s) => [s.name, s] as const))('%s', (_name, service) => {
      const needs = serviceNeeds(service, SERVICES);
      const expected = [
        'any-pod:53',
        ...(needs.kafka ? ['kafka:9092'] : []),
        ...(needs.postgres ? ['postgres:5432'] : []),
        ...(needs.externalHttps ? ['outside:443'] : []),
        ...needs.peers.map((peer) => `${peer}:${SERVICES.find((s) => s.name === peer)?.defaultPort}`),
      ];
      const labels = named(objects, 'Deployment', service.name).spec.template.metadata.labels;
      const allowed = egressOf(labels, policies, targets);
      expect(allowed && [...allowed].sort()).toEqual(expected.sort());
    });
  });
});
