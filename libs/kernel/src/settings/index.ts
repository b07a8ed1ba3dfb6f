export * from './env-values';
export * from './load-settings';
export * from './development';
