import { as, http, testEnv, waitFor, type Json } from '@chuishao/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { ANLIZHA_CASE, clerk, ok } from './api';
import { startSystem, type RunningSystem } from './system';

const supervisor = as({ role: 'supervisor', subject: 'supervisor-ganzhou-1', centerId: 'ganzhou-district' });
const mediator = as({ role: 'mediator', subject: 'mediator-zhang' });
const otherClerk = as({ role: 'clerk', subject: 'clerk-daman-1', centerId: 'daman-town' });
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(2048, 0x5a),
]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(512, 0x90)]);

/**
 * Evidence (证据) through the real system, as the workstation sends it: intake, mediation and
 * ops-console as processes on real Kafka and PostgreSQL, the bytes in a directory of the test's, every
 * call through the console's `/api/intake/…` gateway. A clerk attaches a scan named as a PDF
 * (kept as the PNG it is) and is refused a program renamed .jpg; a supervisor downloads it (the
 * same bytes, audited in intake); another town's clerk gets a 404; the console's timeline reads
 * the attachment as a sentence.
 */
describe('evidence, end to end (intake, mediation and ops-console as processes)', () => {
  let system: RunningSystem;
  let consoleUrl: string;
  const directory = mkdtempSync(path.join(tmpdir(), 'e2e-evidence-'));

  beforeAll(async () => {
    // Both services' stores in one directory: their keys (cases/…, mediations/…) never meet.
    system = await startSystem({
      services: ['intake', 'mediation', 'ops-console'],
      env: { OBJECT_STORE_DIR: directory },
    });
    consoleUrl = system.urls['ops-console'];
  });

  afterAll(async () => {
    await system?.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  const upload = async (caseId: string, bytes: Buffer, type: string, name: string) => {
    const response = await fetch(
      `${consoleUrl}/api/intake/cases/${caseId}/evidence?name=${encodeURIComponent(name)}`,
      {
        method: 'POST',
        headers: {
          ...clerk,
          'content-type': type,
          'idempotency-key': `ev-${caseId}-${encodeURIComponent(name)}`,
        },
        body: bytes,
      },
    );
    return { status: response.status, body: (await response.json()) as Json };
  };

  it('attaches by content, downloads the same bytes with an audit row, hides it out of scope, and reads it in the timeline', async () => {
    const registered = await ok(consoleUrl, 'POST', '/api/intake/cases', ANLIZHA_CASE, clerk);
    const attached = await upload(registered.id, PNG, 'application/pdf', '协议扫描件.pdf');
    expect(attached.status).toBe(201);
    expect(attached.body).toMatchObject({
      mediaType: 'image/png',
      byteSize: PNG.length,
      name: '协议扫描件.pdf',
    });
    const refused = await upload(registered.id, EXE, 'image/jpeg', 'photo.jpg');
    expect({ status: refused.status, code: refused.body.code }).toEqual({
      status: 415,
      code: 'EVIDENCE_TYPE_REFUSED',
    });

    const content = `/api/intake/cases/${registered.id}/evidence/${attached.body.id}/content`;
    const response = await fetch(`${consoleUrl}${content}`, { headers: supervisor });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await response.arrayBuffer()).equals(PNG)).toBe(true);
    const hidden = await http(consoleUrl, 'GET', content, undefined, otherClerk);
    expect({ status: hidden.status, code: hidden.body.code }).toEqual({
      status: 404,
      code: 'CASE_NOT_FOUND',
    });

    const db = new Client({ connectionString: testEnv().DATABASE_URL });
    await db.connect();
    try {
      const schema = `${system.topicPrefix.replace(/\.$/, '')}_intake`;
      const { rows } = await db.query(
        `SELECT actor_role, actor_id FROM "${schema}".audit_log WHERE action = 'EvidenceDownloaded' AND entity_id = $1`,
        [attached.body.id],
      );
      expect(rows).toEqual([{ actor_role: 'supervisor', actor_id: 'supervisor-ganzhou-1' }]);
    } finally {
      await db.end();
    }

    const line = await waitFor('the console’s timeline to read the attachment', async () => {
      const { status, body } = await http(
        consoleUrl,
        'GET',
        `/api/cases/${registered.id}`,
        undefined,
        supervisor,
      );
      return status === 200 && body.timeline.find((t: { type: string }) => t.type === 'EvidenceAttached');
    });
    expect(line.summary).toBe('Evidence attached (image/png, 2 KB)');
    expect(JSON.stringify(line)).not.toContain('协议扫描件');
  });

  it('attaches a receipt to the mediation of a case, and intake’s trail and the timeline read it', async () => {
    const registered = await ok(consoleUrl, 'POST', '/api/intake/cases', ANLIZHA_CASE, clerk);
    const opened = await waitFor('mediation to learn of the case and open', async () => {
      const { status, body } = await http(
        consoleUrl,
        'POST',
        `/api/mediation/cases/${registered.id}/mediations`,
        {},
        mediator,
      );
      return status === 201 && body;
    });
    const response = await fetch(
      `${consoleUrl}/api/mediation/mediations/${opened.id}/evidence?name=receipt.png`,
      {
        method: 'POST',
        headers: { ...mediator, 'content-type': 'image/png', 'idempotency-key': `ev-${opened.id}` },
        body: PNG,
      },
    );
    const attached = (await response.json()) as Json;
    expect({ status: response.status, mediaType: attached.mediaType }).toEqual({
      status: 201,
      mediaType: 'image/png',
    });
    const bytes = await fetch(
      `${consoleUrl}/api/mediation/mediations/${opened.id}/evidence/${attached.id}/content`,
      {
        headers: supervisor,
      },
    );
    expect(Buffer.from(await bytes.arrayBuffer()).equals(PNG)).toBe(true);

    const trail = await waitFor('intake’s trail to hold the mediation’s evidence', async () => {
      const { body } = await http(
        consoleUrl,
        'GET',
        `/api/intake/cases/${registered.id}/audit`,
        undefined,
        supervisor,
      );
      return body.items?.find((e: { type: string }) => e.type === 'EvidenceAttached');
    });
    expect(trail.actor).toEqual({ role: 'mediator', id: 'mediator-zhang' });
    const line = await waitFor('the console’s timeline to read it', async () => {
      const { status, body } = await http(
        consoleUrl,
        'GET',
        `/api/cases/${registered.id}`,
        undefined,
        supervisor,
      );
      return status === 200 && body.timeline.find((t: { type: string }) => t.type === 'EvidenceAttached');
    });
    expect(line.facts).toMatchObject({ attachedTo: 'mediation', mediaType: 'image/png' });
  });
});
