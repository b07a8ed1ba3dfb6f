import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { checkObjectKey, type ObjectStore } from './object-store';

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Objects as files under one directory, a key's segments as sub-directories. A write goes to a
 * temporary file that is renamed into place, so a reader never sees half an object, even when
 * the process dies mid-write. The media type is not kept: callers keep it with the key.
 */
export class FilesystemObjectStore implements ObjectStore {
  private readonly root: string;

  constructor(directory: string) {
    this.root = resolve(directory);
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomUUID()}.partial`;
    await writeFile(temporary, bytes, { flag: 'wx' });
    await rename(temporary, path);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  /** checkObjectKey already refuses `..`; the prefix check is the second lock on the same door. */
  private pathOf(key: string): string {
    const path = resolve(join(this.root, checkObjectKey(key)));
    if (!path.startsWith(this.root + sep)) throw new Error('object key resolves outside the store');
    return path;
  }
}
