import { FilesystemObjectStore } from '@chuishao/object-store';
import { TopicObserver, as, http, startService, type Json, type RunningService } from '@chuishao/testing';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AppModule, INTAKE_DESCRIPTION } from '../src/app.module';
import { EVIDENCE_UPLOAD_CEILING } from '../src/domain/evidence';

const villageClerk = as({ role: 'clerk', subject: 'clerk-anlizha', centerId: 'anlizha-village' });
const otherVillageClerk = as({ role: 'clerk', subject: 'clerk-other', centerId: 'liangjiadun-town' });
const mediator = as({ role: 'mediator', subject: 'med-1' });
const supervisor = as({ role: 'supervisor', subject: 'sup-1' });
const liaison = as({ role: 'liaison', subject: 'liaison-1', departmentId: 'shangqin-town-government' });

const MAX_BYTES = 64 * 1024;
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF photo'),
  Buffer.from([0xff, 0xd9]),
]);
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('IHDR scan'),
]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);

const dispute = {
  centerId: 'anlizha-village',
  channel: 'walk_in',
  disputeType: 'neighbour',
  summary: 'A wall between two yards blocks the drain.',
  headcount: 2,
  urgency: 'normal',
  parties: [{ role: 'applicant', name: '钱某' }],
};

/**
 * Evidence on a case (issue #19 item 6): photos and documents kept by their content's type, within
 * a size limit, in the object store (a directory here); read by whoever may read the case, every
 * download audited, EvidenceAttached published without the file's name.
 */
describe('intake: evidence attached to a case (real PostgreSQL and Kafka)', () => {
  let intake: RunningService;
  let observer: TopicObserver;
  let directory: string;
  let caseId: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'intake-evidence-'));
    intake = await startService(
      'intake',
      (config) =>
        AppModule.forRoot(config, {
          evidence: { maxBytes: MAX_BYTES },
          evidenceStore: new FilesystemObjectStore(directory),
        }),
      INTAKE_DESCRIPTION,
    );
    observer = await new TopicObserver(process.env.KAFKA_BROKERS!, [intake.topic('cases')]).start();
    const registered = await http(intake.baseUrl, 'POST', '/cases', dispute, villageClerk);
    expect(registered.status).toBe(201);
    caseId = (registered.body as { id: string }).id;
  });

  afterAll(async () => {
    await observer?.stop();
    await intake?.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  const upload = async (bytes: Buffer, headers: Record<string, string>, query = '', id = caseId) => {
    const response = await fetch(`${intake.baseUrl}/cases/${id}/evidence${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', ...headers },
      body: bytes,
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as Json,
    };
  };
  const db = () => intake.app.get(DataSource);
  const count = async (table: string) =>
    (await db().query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;
  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

  it('keeps a JPEG, a PNG and a PDF as their content says, and publishes EvidenceAttached without the name', async () => {
    for (const [bytes, type, name] of [
      [JPEG, 'image/jpeg', '现场照片.jpg'],
      [PNG, 'image/png', 'scan.png'],
      [PDF, 'application/pdf', '协议.pdf'],
    ] as const) {
      const answer = await upload(
        bytes,
        { ...villageClerk, 'content-type': type },
        `?name=${encodeURIComponent(name)}`,
      );
      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({
        caseId,
        mediaType: type,
        byteSize: bytes.length,
        sha256: sha256(bytes),
        name,
      });
      const message = await observer.waitForMessage(
        'EvidenceAttached',
        (m) =>
          m.json?.type === 'EvidenceAttached' &&
          (m.json.payload as { evidenceId?: string }).evidenceId === answer.body.id,
      );
      expect(message.json).toMatchObject({
        caseId,
        actor: { role: 'clerk', id: 'clerk-anlizha' },
        payload: {
          attachedTo: 'case',
          mediationId: null,
          mediaType: type,
          byteSize: bytes.length,
          sha256: sha256(bytes),
        },
      });
      expect(JSON.stringify(message.json)).not.toContain(name);
      const stored = await new FilesystemObjectStore(directory).get(
        `cases/${caseId}/evidence/${answer.body.id}`,
      );
      expect(stored?.equals(bytes)).toBe(true);
    }
    const list = await http(intake.baseUrl, 'GET', `/cases/${caseId}/evidence`, undefined, supervisor);
    expect(list.status).toBe(200);
    expect((list.body as { items: Array<{ mediaType: string }> }).items.map((e) => e.mediaType)).toEqual([
      'image/jpeg',
      'image/png',
      'application/pdf',
    ]);
  });

  it('reads the type from the bytes: a PNG named .pdf and declared a PDF is kept as a PNG', async () => {
    const answer = await upload(
      PNG,
      { ...mediator, 'content-type': 'application/pdf' },
      '?name=contract.pdf',
    );
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ mediaType: 'image/png', name: 'contract.pdf' });
  });

  it('refuses a program renamed .jpg (415), an oversized file (413), an empty body and a bad name (400), writing nothing', async () => {
    const before = { evidence: await count('case_evidence'), outbox: await count('outbox') };
    const exe = await upload(EXE, { ...villageClerk, 'content-type': 'image/jpeg' }, '?name=photo.jpg');
    expect({ status: exe.status, code: exe.body.code, field: exe.body.errors?.[0]?.field }).toEqual({
      status: 415,
      code: 'EVIDENCE_TYPE_REFUSED',
      field: 'body',
    });
    const json = await upload(Buffer.from('{"a":1}'), {
      ...villageClerk,
      'content-type': 'application/json',
    });
    expect(json.status).toBe(415);
    const large = await upload(Buffer.concat([PNG, Buffer.alloc(MAX_BYTES)]), villageClerk);
    expect({ status: large.status, code: large.body.code }).toEqual({
      status: 413,
      code: 'EVIDENCE_TOO_LARGE',
    });
    const empty = await upload(Buffer.alloc(0), villageClerk);
    expect({ status: empty.status, code: empty.body.code }).toEqual({ status: 400, code: 'EVIDENCE_EMPTY' });
    const badName = await upload(JPEG, villageClerk, '?name=..%2Fetc%2Fpasswd');
    expect({ status: badName.status, field: badName.body.errors?.[0]?.field }).toEqual({
      status: 400,
      field: 'name',
    });
    expect({ evidence: await count('case_evidence'), outbox: await count('outbox') }).toEqual(before);
  });

  it('answers 404 to a clerk of another center, 403 to roles that may not attach or read, and changes nothing', async () => {
    const before = await count('case_evidence');
    const [first] = (await http(intake.baseUrl, 'GET', `/cases/${caseId}/evidence`, undefined, villageClerk))
      .body.items as Array<{ id: string }>;
    expect((await upload(JPEG, otherVillageClerk)).body.code).toBe('CASE_NOT_FOUND');
    for (const path of [`/cases/${caseId}/evidence`, `/cases/${caseId}/evidence/${first.id}/content`]) {
      const answer = await http(intake.baseUrl, 'GET', path, undefined, otherVillageClerk);
      expect({ status: answer.status, code: answer.body.code }).toEqual({
        status: 404,
        code: 'CASE_NOT_FOUND',
      });
      expect((await http(intake.baseUrl, 'GET', path, undefined, liaison)).status).toBe(403);
    }
    expect((await upload(JPEG, supervisor)).status).toBe(403);
    expect((await upload(JPEG, villageClerk, '', '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const unknown = await http(
      intake.baseUrl,
      'GET',
      `/cases/${caseId}/evidence/00000000-0000-4000-8000-000000000000/content`,
      undefined,
      villageClerk,
    );
    expect(unknown.body.code).toBe('EVIDENCE_NOT_FOUND');
    expect(await count('case_evidence')).toBe(before);
  });

  it('gives the bytes back as their type to a reader of the case, and audits every download', async () => {
    const attached = await upload(PDF, villageClerk, '?name=agreement.pdf');
    const path = `/cases/${caseId}/evidence/${attached.body.id}/content`;
    for (const reader of [villageClerk, supervisor]) {
      const response = await fetch(`${intake.baseUrl}${path}`, { headers: reader });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(response.headers.get('content-disposition')).toBe(
        `attachment; filename="evidence-${attached.body.id}.pdf"`,
      );
      expect(Buffer.from(await response.arrayBuffer()).equals(PDF)).toBe(true);
    }
    const audited = await db().query(
      `SELECT actor_role, actor_id, case_id, details FROM audit_log
        WHERE action = 'EvidenceDownloaded' AND entity_id = $1 ORDER BY id`,
      [attached.body.id],
    );
    expect(audited).toEqual([
      {
        actor_role: 'clerk',
        actor_id: 'clerk-anlizha',
        case_id: caseId,
        details: expect.objectContaining({ sha256: sha256(PDF) }),
      },
      {
        actor_role: 'supervisor',
        actor_id: 'sup-1',
        case_id: caseId,
        details: expect.objectContaining({ mediaType: 'application/pdf' }),
      },
    ]);
  });

  it('honours Idempotency-Key: a retry gets the same evidence back and stores nothing twice; other bytes are a 422', async () => {
    const headers = { ...villageClerk, 'idempotency-key': `ev-${caseId}` };
    const first = await upload(JPEG, headers, '?name=a.jpg');
    const again = await upload(JPEG, headers, '?name=a.jpg');
    expect(first.status).toBe(201);
    expect({
      status: again.status,
      id: again.body.id,
      replayed: again.headers.get('idempotent-replayed'),
    }).toEqual({
      status: 201,
      id: first.body.id,
      replayed: 'true',
    });
    const rows = await db().query(
      'SELECT count(*)::int AS n FROM case_evidence WHERE sha256 = $1 AND name = $2',
      [sha256(JPEG), 'a.jpg'],
    );
    expect(rows[0].n).toBe(1);
    expect((await upload(PNG, headers, '?name=a.jpg')).body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('makes the one exception to JSON-only bodies for the upload route alone, and caps what it reads', async () => {
    const close = await fetch(`${intake.baseUrl}/cases/${caseId}/close`, {
      method: 'POST',
      headers: { ...villageClerk, 'content-type': 'application/octet-stream' },
      body: JPEG,
    });
    expect({ status: close.status, code: ((await close.json()) as Json).code }).toEqual({
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
    const huge = await upload(Buffer.alloc(EVIDENCE_UPLOAD_CEILING + 1, 0xff), villageClerk);
    expect({ status: huge.status, code: huge.body.code }).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });
});
