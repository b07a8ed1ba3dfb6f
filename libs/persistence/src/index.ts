export * from './database-config';
export * from './transaction-host';
export * from './data-source';
