import {
  ALL_TOPICS,
  CASE_EVENT_DEFINITIONS,
  EVENT_DEFINITIONS,
  buildAsyncApiDocument,
} from '@chuishao/contracts';
import { http, startService, type RunningService } from '@chuishao/testing';
import { AppModule, OPS_CONSOLE_DESCRIPTION } from '../src/app.module';
import { CONSUMED_EVENT_TYPES } from '../src/application/project-events/all-events.handlers';

/** The event catalogue the console serves is the one the contracts enforce, and the console reads all of it. */
describe('ops-console AsyncAPI document and subscriptions', () => {
  let consoleService: RunningService;

  beforeAll(async () => {
    consoleService = await startService(
      'ops-console',
      (config) => AppModule.forRoot(config),
      OPS_CONSOLE_DESCRIPTION,
    );
  });

  afterAll(async () => {
    await consoleService?.close();
  });

  it('serves the document generated from libs/contracts, with every topic and every event type', async () => {
    const response = await http(consoleService.baseUrl, 'GET', '/asyncapi.json');
    expect(response.status).toBe(200);
    expect(response.body).toEqual(JSON.parse(JSON.stringify(buildAsyncApiDocument())));
    expect(Object.keys(response.body.channels).sort()).toEqual([...ALL_TOPICS].sort());
    expect(Object.keys(response.body.components.messages).sort()).toEqual(
      EVENT_DEFINITIONS.map((d) => `${d.type}.v${d.version}`).sort(),
    );
    for (const definition of EVENT_DEFINITIONS)
      expect(Object.keys(response.body.channels[definition.topic].messages)).toContain(
        `${definition.type}.v${definition.version}`,
      );
  });

  it('subscribes to every case event type of the registry, hence to every topic', () => {
    expect([...CONSUMED_EVENT_TYPES].sort()).toEqual(
      [...new Set(CASE_EVENT_DEFINITIONS.map((d) => d.type))].sort(),
    );
    const transport = consoleService.app.getMicroservices()[0] as unknown as {
      serverInstance?: { subscribedTopics(): string[] };
    };
    // The transport derives its topics from the handlers' types: all six, none left out.
    expect(transport.serverInstance!.subscribedTopics()).toEqual(
      ALL_TOPICS.map((t) => consoleService.topic(t)).sort(),
    );
  });
});
