import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { checkObjectKey, type ObjectStore } from './object-store';

export interface S3ObjectStoreConfig {
  /** An S3-compatible server's URL (MinIO, Ceph, a cloud's); null for AWS itself. */
  endpoint: string | null;
  bucket: string;
  region: string;
  /** Null: the SDK's own chain (an instance role, AWS_* variables); never a built-in default. */
  credentials: { accessKeyId: string; secretAccessKey: string } | null;
  /** Bucket in the path (`/bucket/key`), which most self-hosted S3-compatible servers need. */
  forcePathStyle: boolean;
  /** Prepended to every key (`evidence/`), so services can share a bucket. */
  prefix?: string;
}

const isNotFound = (error: unknown) =>
  error instanceof S3ServiceException &&
  (error.name === 'NoSuchKey' || error.name === 'NotFound' || error.$metadata.httpStatusCode === 404);

/** Objects in an S3-compatible bucket (the production adapter); the bucket must exist. */
export class S3ObjectStore implements ObjectStore {
  private readonly client: S3Client;

  constructor(private readonly config: S3ObjectStoreConfig) {
    this.client = new S3Client({
      region: config.region,
      endpoint: config.endpoint ?? undefined,
      forcePathStyle: config.forcePathStyle,
      credentials: config.credentials ?? undefined,
      // The SDK's default since 2025 sends every upload aws-chunked with a CRC trailer, which many
      // S3-compatible servers store verbatim or refuse; checksums only where the API requires them.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, bytes: Buffer, mediaType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.config.bucket,
        Key: this.keyOf(key),
        Body: bytes,
        ContentType: mediaType,
        ContentLength: bytes.length,
      }),
    );
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      const answer = await this.client.send(
        new GetObjectCommand({ Bucket: this.config.bucket, Key: this.keyOf(key) }),
      );
      if (!answer.Body) return Buffer.alloc(0);
      return Buffer.from(await answer.Body.transformToByteArray());
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: this.keyOf(key) }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  /** Closes the SDK's connection pool (tests, shutdown). */
  destroy(): void {
    this.client.destroy();
  }

  private keyOf(key: string): string {
    return `${this.config.prefix ?? ''}${checkObjectKey(key)}`;
  }
}
