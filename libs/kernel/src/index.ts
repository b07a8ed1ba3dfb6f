export * from './clock';
export * from './uuidv7';
export * from './domain-error';
export * from './masking';
export * from './logger';
export * from './personal-data';
export * from './trace-context';
