import { EvidenceAttached } from '@chuishao/contracts';
import { FilesystemObjectStore } from '@chuishao/object-store';
import {
  TopicObserver,
  as,
  http,
  startService,
  waitFor,
  type Json,
  type RunningService,
} from '@chuishao/testing';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AppModule, MEDIATION_DESCRIPTION } from '../src/app.module';
import { AS_MEDIATOR, AS_SUPERVISOR, Script } from './support';

const otherMediator = as({ role: 'mediator', subject: 'mediator-li' });
const liaison = as({ role: 'liaison', subject: 'liaison-1', departmentId: 'shangqin-town-government' });
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('receipt'),
]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100, 0x90)]);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Evidence of a mediation (issue #19 item 6) on real PostgreSQL and Kafka: the mediator in charge
 * attaches by content, another mediator gets a 404, whoever may see the mediation downloads (each
 * download audited), EvidenceAttached on `cases` with `attachedTo: mediation` and no file name.
 */
describe('mediation: evidence attached to a mediation (real PostgreSQL and Kafka)', () => {
  let mediation: RunningService;
  let observer: TopicObserver;
  let directory: string;
  const script = new Script(() => mediation);
  const query = (sql: string, params: unknown[] = []) => mediation.app.get(DataSource).query(sql, params);

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'mediation-evidence-'));
    mediation = await startService(
      'mediation',
      (config) =>
        AppModule.forRoot(config, {
          settings: { evidenceMaxBytes: 1024 },
          evidenceStore: new FilesystemObjectStore(directory),
        }),
      MEDIATION_DESCRIPTION,
    );
    observer = await new TopicObserver(process.env.KAFKA_BROKERS!, [mediation.topic('cases')]).start();
  });

  afterAll(async () => {
    await observer?.stop();
    await script.stop();
    await mediation?.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  async function opened(): Promise<{ caseId: string; id: string }> {
    const caseId = await script.registerCase();
    await waitFor(
      'mediation to learn the case',
      async () => (await query('SELECT 1 FROM known_cases WHERE case_id = $1', [caseId])).length === 1,
    );
    const open = await http(mediation.baseUrl, 'POST', `/cases/${caseId}/mediations`, {}, AS_MEDIATOR);
    expect(open.status).toBe(201);
    return { caseId, id: open.body.id as string };
  }

  const upload = async (id: string, bytes: Buffer, headers: Record<string, string>, name = 'receipt.pdf') => {
    const response = await fetch(`${mediation.baseUrl}/mediations/${id}/evidence?name=${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', ...headers },
      body: bytes,
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Json };
  };

  it('keeps a file by its content for the mediator in charge, publishes EvidenceAttached, and refuses others', async () => {
    const { caseId, id } = await opened();
    const headers = { ...AS_MEDIATOR, 'idempotency-key': `ev-${id}` };
    const attached = await upload(id, PNG, headers);
    expect(attached.status).toBe(201);
    expect(attached.body).toMatchObject({
      mediationId: id,
      caseId,
      mediaType: 'image/png',
      sha256: sha256(PNG),
    });
    const again = await upload(id, PNG, headers);
    expect({ id: again.body.id, replayed: again.headers.get('idempotent-replayed') }).toEqual({
      id: attached.body.id,
      replayed: 'true',
    });
    const message = await observer.waitForMessage(
      'EvidenceAttached',
      (m) => m.json?.type === EvidenceAttached.type && m.json.payload?.evidenceId === attached.body.id,
    );
    expect(message.json).toMatchObject({
      caseId,
      payload: { attachedTo: 'mediation', mediationId: id, mediaType: 'image/png', byteSize: PNG.length },
    });
    expect(JSON.stringify(message.json)).not.toContain('receipt.pdf');

    const before = (await query('SELECT count(*)::int AS n FROM mediation_evidence'))[0].n;
    expect((await upload(id, EXE, AS_MEDIATOR, 'photo.jpg')).body.code).toBe('EVIDENCE_TYPE_REFUSED');
    expect((await upload(id, Buffer.concat([PDF, Buffer.alloc(1024)]), AS_MEDIATOR)).status).toBe(413);
    expect((await upload(id, PDF, otherMediator)).body.code).toBe('MEDIATION_NOT_FOUND');
    expect((await upload(id, PDF, liaison)).status).toBe(403);
    expect((await query('SELECT count(*)::int AS n FROM mediation_evidence'))[0].n).toBe(before);
  });

  it('lists and gives back the bytes to those who may see the mediation, auditing every download', async () => {
    const { id } = await opened();
    const attached = await upload(id, PDF, AS_MEDIATOR);
    const list = await http(mediation.baseUrl, 'GET', `/mediations/${id}/evidence`, undefined, AS_SUPERVISOR);
    expect(list.body.items.map((e: { id: string }) => e.id)).toEqual([attached.body.id]);
    const path = `/mediations/${id}/evidence/${attached.body.id}/content`;
    const response = await fetch(`${mediation.baseUrl}${path}`, { headers: AS_SUPERVISOR });
    expect({ status: response.status, type: response.headers.get('content-type') }).toEqual({
      status: 200,
      type: 'application/pdf',
    });
    expect(Buffer.from(await response.arrayBuffer()).equals(PDF)).toBe(true);
    const hidden = await http(mediation.baseUrl, 'GET', path, undefined, otherMediator);
    expect({ status: hidden.status, code: hidden.body.code }).toEqual({
      status: 404,
      code: 'MEDIATION_NOT_FOUND',
    });
    const audited = await query(
      `SELECT actor_role, actor_id FROM audit_log WHERE action = 'EvidenceDownloaded' AND entity_id = $1`,
      [attached.body.id],
    );
    expect(audited).toEqual([{ actor_role: 'supervisor', actor_id: 'supervisor-1' }]);
  });
});
