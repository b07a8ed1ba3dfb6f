import { checkSchemas } from './schema-check';

/** The validator the kustomize checks rely on must reject what a cluster would reject. */
describe('schema check', () => {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'intake' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'intake' } },
      template: {
        metadata: { labels: { app: 'intake' } },
        spec: { containers: [{ name: 'intake', image: 'chuishao/intake' }] },
      },
    },
  };
  const topic = {
    apiVersion: 'kafka.strimzi.io/v1',
    kind: 'KafkaTopic',
    metadata: { name: 'cases', labels: { 'strimzi.io/cluster': 'k' } },
    spec: { partitions: 12, replicas: 3, config: { 'min.insync.replicas': 2 } },
  };
  const cluster = {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    metadata: { name: 'db' },
    spec: { instances: 3, storage: { size: '1Gi' } },
  };

  it('passes valid built-in, CloudNativePG and Strimzi objects', () => {
    expect(checkSchemas([deployment, topic, cluster])).toEqual([]);
  });

  it('names the field of an invalid built-in object', () => {
    const bad = { ...deployment, spec: { ...deployment.spec, replicas: 'two' } };
    expect(checkSchemas([bad])).toEqual([
      { object: 'Deployment/intake', message: expect.stringContaining('spec/replicas must be integer') },
    ]);
  });

  it('names the field of an invalid CloudNativePG Cluster', () => {
    const bad = { ...cluster, spec: { ...cluster.spec, instances: 'three' } };
    expect(checkSchemas([bad])).toEqual([
      { object: 'Cluster/db', message: expect.stringContaining('spec/instances must be integer') },
    ]);
  });

  it("rejects a Strimzi object with a wrong type or a misspelt field (Strimzi's own CRD schema)", () => {
    const wrongType = { ...topic, spec: { ...topic.spec, replicas: 'three' } };
    const misspelt = { ...topic, spec: { partitons: 12 } };
    const problems = checkSchemas([wrongType, misspelt]);
    expect(problems).toHaveLength(2);
    expect(problems[0].message).toMatch(/^spec\.replicas: .*expected (int|number)/);
    expect(problems[1].message).toContain('"partitons"');
  });

  it('checks the Strimzi Kafka and KafkaNodePool schemas too', () => {
    const kafka = {
      apiVersion: 'kafka.strimzi.io/v1',
      kind: 'Kafka',
      metadata: { name: 'k' },
      spec: { kafka: { listeners: [{ name: 'plain', port: 9092, type: 'internal', tls: 'no' }] } },
    };
    const pool = {
      apiVersion: 'kafka.strimzi.io/v1',
      kind: 'KafkaNodePool',
      metadata: { name: 'p' },
      spec: { replicas: 3, roles: ['leader'], storage: { type: 'ephemeral' } },
    };
    const problems = checkSchemas([kafka, pool]);
    expect(problems.map((p) => p.object)).toEqual(['Kafka/k', 'KafkaNodePool/p']);
    expect(problems[0].message).toContain('spec.kafka.listeners.0.tls');
    expect(problems[1].message).toContain('spec.roles.0');
  });

  it('fails an object whose kind it has no schema for, instead of passing it', () => {
    const unknown = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
    expect(checkSchemas([unknown])).toEqual([
      { object: 'Widget/w', message: 'no schema known for example.com/v1 Widget' },
    ]);
  });
});
