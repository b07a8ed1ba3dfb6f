export { OBJECT_STORE, ObjectKeyError, checkObjectKey, type ObjectStore } from './object-store';
export { FilesystemObjectStore } from './filesystem-object-store';
export { S3ObjectStore, type S3ObjectStoreConfig } from './s3-object-store';
export {
  objectStoreOf,
  objectStoreSettings,
  objectStoreSettingsSchema,
  type ObjectStoreSettings,
} from './object-store-settings';
export { sniffMediaType } from './media-type';
