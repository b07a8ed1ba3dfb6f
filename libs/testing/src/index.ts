export * from './infrastructure';
export * from './test-database';
export * from './wait-for';
export * from './names';
export * from './topic-observer';
export * from './service-harness';
export * from './tokens';
export * from './authorization-matrix';
