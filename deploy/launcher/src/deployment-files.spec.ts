import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SERVICE_NODE_OPTIONS, SERVICES } from './services';

/**
 * The one list of services (SERVICES) drives `npm start`; docker-compose.yml and deploy/k8s must
 * describe the same services on the same ports, or a deployment silently lacks one.
 */
describe('deployment files agree with the launcher', () => {
  const root = path.resolve(__dirname, '..', '..', '..');
  const compose = readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');

  it.each(SERVICES.map((s) => [s.name, s.defaultPort] as const))(
    '%s (port %i) is in docker-compose.yml and has a Kubernetes manifest',
    (name, port) => {
      expect(compose).toContain(`\n  ${name}:\n`);
      expect(compose).toContain(`SERVICE: ${name} }`);
      expect(compose).toContain(`PORT: '${port}'`);
      const manifest = path.join(root, 'deploy', 'k8s', `${name}.yaml`);
      expect(existsSync(manifest)).toBe(true);
      const text = readFileSync(manifest, 'utf8');
      expect(text).toContain(`containerPort: ${port}`);
      expect(text).toContain('path: /health/ready');
    },
  );

  it('the image runs every service with the heap settings `npm start` gives it', () => {
    const dockerfile = readFileSync(path.join(root, 'deploy', 'docker', 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain(`ENV NODE_OPTIONS="${SERVICE_NODE_OPTIONS}"`);
  });
});
