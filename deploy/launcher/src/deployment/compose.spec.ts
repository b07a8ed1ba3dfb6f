import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SERVICES } from '../services';
import { COMPOSE_FILE, DEPLOYER_SECRETS, composeConfig } from './compose';
import { serviceNeeds } from './service-needs';

describe('docker-compose.yml', () => {
  const compose = composeConfig();

  it("refuses to resolve without a JWT secret of the deployer's own (fails closed)", () => {
    const result = composeConfig(COMPOSE_FILE, { ...DEPLOYER_SECRETS, AUTH_JWT_SECRET: undefined });
    expect(result.ok).toBe(false);
    expect(result.errors).toContain('set AUTH_JWT_SECRET');
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
