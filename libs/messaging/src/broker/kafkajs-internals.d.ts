/**
 * kafkajs' table of Kafka protocol errors. Its typings leave it out, but it is the source of the
 * `retriable` flag kafkajs acts on, so kafkajs-log.ts reads it rather than keeping a copy.
 */
declare module 'kafkajs/src/protocol/error' {
  export const errorCodes: ReadonlyArray<{
    type: string;
    code: number;
    retriable: boolean;
    message: string;
  }>;
}
