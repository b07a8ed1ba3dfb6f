import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SERVICES } from '../services';
import { COMPOSE_FILE, DEPLOYER_SECRETS, composeConfig } from './compose';
import { serviceNeeds } from './service-needs';

describe('docker-compose.yml', () => {
  const compose = composeConfig();

  it.each(['AUTH_JWT_SECRET', 'PII_KEYS', 'PII_ACTIVE_KEY_ID', 'PII_HASH_KEY', 'COURT_SECRET'])(
    "refuses to resolve without the deployer's own %s (fails closed)",
    (name) => {
      const result = composeConfig(COMPOSE_FILE, { ...DEPLOYER_SECRETS, [name]: undefined });
      expect(result.ok).toBe(false);
      expect(result.errors).toContain(`set ${name}`);
    },
  );

  it('signs the court simulator and checks its callbacks with the same secret', () => {
    const { services } = compose.config;
    expect(services['court-simulator'].environment.COURT_SECRET).toBe(DEPLOYER_SECRETS.COURT_SECRET);
    expect(services['judicial-confirmation'].environment.COURT_SECRETS).toBe(
      `court-simulator=${DEPLOYER_SECRETS.COURT_SECRET}`,
    );
  });

  it("refuses to resolve without a runtime-role password of the deployer's own", () => {
    const result = composeConfig(COMPOSE_FILE, { ...DEPLOYER_SECRETS, DATABASE_RUNTIME_PASSWORD: undefined });
    expect(result.ok).toBe(false);
    expect(result.errors).toContain('set DATABASE_RUNTIME_PASSWORD');
  });

  it('is valid Compose (docker-compose config)', () => {
    expect(compose.errors).toBe('');
    expect(compose.ok).toBe(true);
  });

  it('an invalid file fails the same check, naming the option', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'compose-'));
    const broken = readFileSync(COMPOSE_FILE, 'utf8').replace(/^ {4}healthcheck:/m, '    healthchek:');
    writeFileSync(path.join(dir, 'docker-compose.yml'), broken);
    const result = composeConfig(path.join(dir, 'docker-compose.yml'));
    expect(result.ok).toBe(false);
    expect(result.errors).toContain("Unsupported config option for services.kafka: 'healthchek'");
  });

  it.each(SERVICES.map((s) => [s.name, s] as const))(
    '%s is built from the Dockerfile and knows every peer',
    (name, service) => {
      const definition = compose.config.services[name];
      expect(definition.build).toMatchObject({
        dockerfile: 'deploy/docker/Dockerfile',
        args: { SERVICE: name },
      });
      expect(definition.environment.PORT).toBe(String(service.defaultPort));
      expect(definition.ports).toContainEqual({
        published: service.defaultPort,
        target: service.defaultPort,
      });
      for (const peer of SERVICES) {
        expect(definition.environment[peer.urlEnv]).toBe(`http://${peer.name}:${peer.defaultPort}`);
      }
      const needs = serviceNeeds(service, SERVICES);
      if (needs.kafka) expect(definition.depends_on.kafka).toEqual({ condition: 'service_healthy' });
      if (needs.postgres) expect(definition.depends_on.postgres).toEqual({ condition: 'service_healthy' });
    },
  );
});
