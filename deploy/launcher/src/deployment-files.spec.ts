import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { ALL_TOPICS, dlqTopicOf } from '@chuishao/contracts';
import { KAFKA_VERSION } from './kafka-config';
import { SERVICE_NODE_OPTIONS, SERVICES } from './services';
import { buildOverlay, named, ofKind, REPO_ROOT } from './deployment/manifests';

/**
 * The one list of services (SERVICES) and the one list of topics (libs/contracts TOPICS) drive
 * `npm start`; docker-compose.yml, the kustomize overlays and the image must describe the same
 * services, ports, topics and Kafka version, or a deployment silently lacks one.
 */
describe('deployment files agree with the launcher and the contracts', () => {
  const read = (...parts: string[]) => readFileSync(path.join(REPO_ROOT, ...parts), 'utf8');
  const compose = YAML.parse(read('docker-compose.yml'), { merge: true });
  const overlays = { dev: buildOverlay('dev'), prod: buildOverlay('prod') };
  const topics = ALL_TOPICS.flatMap((t) => [t, dlqTopicOf(t)]).sort();

  it.each(SERVICES.map((s) => [s.name, s.defaultPort] as const))(
    '%s (port %i) is a compose service and a Deployment and Service in every overlay',
    (name, port) => {
      expect(compose.services[name]?.build?.args?.SERVICE).toBe(name);
      expect(compose.services[name].environment.PORT).toBe(String(port));
      for (const objects of Object.values(overlays)) {
        const deployment = named(objects, 'Deployment', name);
        expect(deployment.spec.template.spec.containers[0].ports).toEqual([
          { name: 'http', containerPort: port },
        ]);
        expect(named(objects, 'Service', name).spec.ports).toEqual([
          { name: 'http', port, targetPort: 'http' },
        ]);
      }
    },
  );

  it.each(Object.entries(overlays))(
    '%s: a KafkaTopic for every topic and dead-letter topic, and no other',
    (overlay, objects) => {
      const kafka = ofKind(objects, 'Kafka')[0].metadata.name;
      const partitions = Number(named(objects, 'ConfigMap', 'chuishao-config').data?.KAFKA_PARTITIONS);
      const kafkaTopics = ofKind(objects, 'KafkaTopic');
      expect(kafkaTopics.map((t) => t.spec.topicName ?? t.metadata.name).sort()).toEqual(topics);
      const replicas = overlay === 'prod' ? { replicas: 3, minIsr: 2 } : { replicas: 1, minIsr: 1 };
      for (const topic of kafkaTopics) {
        expect(topic.metadata.labels?.['strimzi.io/cluster']).toBe(kafka);
        expect(topic.spec).toEqual({
          partitions,
          replicas: replicas.replicas,
          config: { 'min.insync.replicas': replicas.minIsr },
        });
      }
    },
  );

  it("runs the launcher's Kafka version everywhere", () => {
    expect(read('deploy', 'kafka', 'pom.xml')).toContain(`<kafka.version>${KAFKA_VERSION}</kafka.version>`);
    expect(compose.services.kafka.image).toBe(`apache/kafka:${KAFKA_VERSION}`);
    for (const objects of Object.values(overlays)) {
      expect(ofKind(objects, 'Kafka').map((k) => k.spec.kafka.version)).toEqual([KAFKA_VERSION]);
    }
  });

  it('the image runs every service with the heap settings `npm start` gives it', () => {
    expect(read('deploy', 'docker', 'Dockerfile')).toContain(`ENV NODE_OPTIONS="${SERVICE_NODE_OPTIONS}"`);
  });
});
