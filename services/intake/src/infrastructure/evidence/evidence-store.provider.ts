import type { Provider } from '@nestjs/common';
import { OBJECT_STORE, objectStoreOf, objectStoreSettings, type ObjectStore } from '@chuishao/object-store';
import { join, resolve } from 'node:path';

const defaultDirectory = () =>
  join(resolve(process.env.CHUISHAO_CACHE_DIR ?? '.cache'), 'intake', 'evidence');

/**
 * Where intake keeps the bytes of evidence: the store a test passes, else the one the environment
 * names (libs/object-store: OBJECT_STORE, OBJECT_STORE_DIR, S3_*), by default files under
 * `intake/evidence` under the launcher's cache directory (CHUISHAO_CACHE_DIR, default `.cache`,
 * which git ignores). A deployment mounts a volume there or sets OBJECT_STORE_DIR, or uses S3.
 */
export function evidenceStoreProvider(store?: ObjectStore): Provider {
  return {
    provide: OBJECT_STORE,
    useFactory: () => store ?? objectStoreOf(objectStoreSettings(process.env, defaultDirectory())),
  };
}
