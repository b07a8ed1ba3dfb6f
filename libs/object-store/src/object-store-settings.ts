import {
  loadSettings,
  oneOf,
  onOffSwitch,
  optionalEndpoint,
  optionalText,
  secretValue,
  text,
  whenValid,
  type Environment,
} from '@chuishao/kernel';
import { z } from 'zod';
import { FilesystemObjectStore } from './filesystem-object-store';
import type { ObjectStore } from './object-store';
import { S3ObjectStore, type S3ObjectStoreConfig } from './s3-object-store';

export const objectStoreSettingsSchema = (defaultDirectory: string) =>
  z
    .object({
      OBJECT_STORE: oneOf(['filesystem', 's3'], 'filesystem').describe('where attached files are kept'),
      OBJECT_STORE_DIR: text(defaultDirectory).describe('the filesystem adapter’s directory'),
      S3_ENDPOINT: optionalEndpoint().describe('an S3-compatible server; unset for AWS'),
      S3_BUCKET: optionalText().describe('the bucket (must exist); required with OBJECT_STORE=s3'),
      S3_REGION: text('us-east-1'),
      S3_PREFIX: text('').describe('prepended to every key'),
      S3_FORCE_PATH_STYLE: onOffSwitch(true),
      S3_ACCESS_KEY_ID: optionalText(),
      S3_SECRET_ACCESS_KEY: secretValue(),
    })
    .superRefine(
      (value, ctx) => {
        if (value.OBJECT_STORE !== 's3') return;
        if (!value.S3_BUCKET)
          ctx.addIssue({
            code: 'custom',
            path: ['S3_BUCKET'],
            message: 'S3_BUCKET is required with OBJECT_STORE=s3',
          });
        // Both or neither: neither leaves the SDK's own chain (an instance role). There is no
        // built-in key pair, so a forgotten variable cannot fall back to a published one.
        if (Boolean(value.S3_ACCESS_KEY_ID) !== Boolean(value.S3_SECRET_ACCESS_KEY))
          ctx.addIssue({
            code: 'custom',
            path: ['S3_SECRET_ACCESS_KEY'],
            message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are set together or not at all',
          });
      },
      whenValid('OBJECT_STORE', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'),
    );

export type ObjectStoreSettings =
  { kind: 'filesystem'; directory: string } | ({ kind: 's3' } & S3ObjectStoreConfig);

/** The store's settings from the environment; a SettingsError lists every refusal. */
export function objectStoreSettings(env: Environment, defaultDirectory: string): ObjectStoreSettings {
  const value = loadSettings(objectStoreSettingsSchema(defaultDirectory), env);
  if (value.OBJECT_STORE === 'filesystem') return { kind: 'filesystem', directory: value.OBJECT_STORE_DIR };
  return {
    kind: 's3',
    endpoint: value.S3_ENDPOINT,
    bucket: value.S3_BUCKET!,
    region: value.S3_REGION,
    prefix: value.S3_PREFIX,
    forcePathStyle: value.S3_FORCE_PATH_STYLE,
    credentials:
      value.S3_ACCESS_KEY_ID && value.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: value.S3_ACCESS_KEY_ID, secretAccessKey: value.S3_SECRET_ACCESS_KEY }
        : null,
  };
}

export function objectStoreOf(settings: ObjectStoreSettings): ObjectStore {
  if (settings.kind === 'filesystem') return new FilesystemObjectStore(settings.directory);
  const { kind: _kind, ...config } = settings;
  return new S3ObjectStore(config);
}
