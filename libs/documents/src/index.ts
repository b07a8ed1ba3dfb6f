export * from './cjk-font';
export * from './document-layout';
export * from './render-pdf';
export * from './pdf-renderer';
