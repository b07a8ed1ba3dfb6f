export * from './database-config';
export * from './transaction-host';
export * from './data-source';
export * from './request-scope';
export * from './audit-trail';
export * from './transient-errors';
export * from './typed-sql';
export * from './transition-sql';
