export * from './principal';
export * from './auth-error';
export * from './auth-config';
export * from './token-verifier';
export * from './token-issuer';
export * from './center-scope';
