import { SettingsError } from '@chuishao/kernel';
import { FilesystemObjectStore } from './filesystem-object-store';
import { objectStoreOf, objectStoreSettings } from './object-store-settings';
import { S3ObjectStore } from './s3-object-store';

const refusals = (env: Record<string, string>) => {
  try {
    objectStoreSettings(env, '/var/lib/evidence');
  } catch (error) {
    if (error instanceof SettingsError) return error.problems;
    throw error;
  }
  return [];
};

describe('which object store the environment names', () => {
  it('given nothing, is the filesystem under the service’s default directory', () => {
    const settings = objectStoreSettings({}, '/var/lib/evidence');
    expect(settings).toEqual({ kind: 'filesystem', directory: '/var/lib/evidence' });
    expect(objectStoreOf(settings)).toBeInstanceOf(FilesystemObjectStore);
  });

  it('given S3 with a bucket and a key pair, is an S3 store with those', () => {
    const settings = objectStoreSettings(
      {
        OBJECT_STORE: 's3',
        S3_ENDPOINT: 'http://minio:9000',
        S3_BUCKET: 'evidence',
        S3_ACCESS_KEY_ID: 'id',
        S3_SECRET_ACCESS_KEY: 'a secret of the deployer’s own',
      },
      '/unused',
    );
    expect(settings).toMatchObject({
      kind: 's3',
      endpoint: 'http://minio:9000',
      bucket: 'evidence',
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'id', secretAccessKey: 'a secret of the deployer’s own' },
    });
    const store = objectStoreOf(settings);
    expect(store).toBeInstanceOf(S3ObjectStore);
    (store as S3ObjectStore).destroy();
  });

  it('given S3 without a bucket, or half a key pair, refuses to start naming every problem', () => {
    expect(refusals({ OBJECT_STORE: 's3', S3_ACCESS_KEY_ID: 'id' })).toEqual([
      'S3_BUCKET is required with OBJECT_STORE=s3',
      'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are set together or not at all',
    ]);
    expect(refusals({ OBJECT_STORE: 'disk' })[0]).toMatch(/OBJECT_STORE must be one of filesystem, s3/);
  });
});
