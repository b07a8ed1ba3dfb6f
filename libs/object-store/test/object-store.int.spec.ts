import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { FilesystemObjectStore, ObjectKeyError, S3ObjectStore, type ObjectStore } from '../src';

/**
 * One contract, both adapters: what a service may count on whichever store it is given. The S3
 * adapter runs against s3rver, an S3-compatible server from npm, on a port of its own.
 */
function honoursTheContract(
  name: string,
  open: () => Promise<{ store: ObjectStore; close: () => Promise<void> }>,
) {
  describe(`${name}: the object store contract`, () => {
    let store: ObjectStore;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ store, close } = await open());
    });
    afterAll(() => close?.());

    it('gives back exactly the bytes put under a key, and says the key exists', async () => {
      const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255, 0x0d, 0x0a]);
      await store.put('cases/c-1/evidence/e-1', bytes, 'image/png');
      expect(await store.exists('cases/c-1/evidence/e-1')).toBe(true);
      expect(Buffer.compare((await store.get('cases/c-1/evidence/e-1'))!, bytes)).toBe(0);
    });

    it('answers null and false for a key never written', async () => {
      expect(await store.get('cases/c-1/evidence/never')).toBeNull();
      expect(await store.exists('cases/c-1/evidence/never')).toBe(false);
    });

    it('keeps a larger object whole, and a second put under the key replaces the first', async () => {
      const large = Buffer.alloc(3 * 1024 * 1024 + 7, 0xab);
      await store.put('cases/c-2/evidence/e-2', large, 'application/pdf');
      expect((await store.get('cases/c-2/evidence/e-2'))!.equals(large)).toBe(true);
      await store.put('cases/c-2/evidence/e-2', Buffer.from('%PDF-1.7'), 'application/pdf');
      expect((await store.get('cases/c-2/evidence/e-2'))!.toString()).toBe('%PDF-1.7');
    });

    it('refuses keys that could leave the store, before touching it', async () => {
      await expect(store.put('../escape', Buffer.from('x'), 'image/png')).rejects.toThrow(ObjectKeyError);
      await expect(store.get('cases/../../etc/passwd')).rejects.toThrow(ObjectKeyError);
      await expect(store.exists('/etc/passwd')).rejects.toThrow(ObjectKeyError);
    });
  });
}

honoursTheContract('filesystem', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'object-store-'));
  return {
    store: new FilesystemObjectStore(directory),
    close: () => rm(directory, { recursive: true, force: true }),
  };
});

honoursTheContract('S3 (s3rver)', async () => {
  const directory = await mkdtemp(join(tmpdir(), 's3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: 'evidence' }],
  });
  const { port } = (await server.run()) as { port: number };
  const store = new S3ObjectStore({
    endpoint: `http://127.0.0.1:${port}`,
    bucket: 'evidence',
    region: 'us-east-1',
    prefix: 'intake/',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  return {
    store,
    close: async () => {
      store.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
});

describe('filesystem adapter: a write is never seen half-done', () => {
  it('leaves no temporary file behind once a put resolves', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'object-store-'));
    const store = new FilesystemObjectStore(directory);
    await store.put('a/b', Buffer.from('x'));
    expect(await readdir(join(directory, 'a'))).toEqual(['b']);
    await rm(directory, { recursive: true, force: true });
  });
});
