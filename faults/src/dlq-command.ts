import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './system';

/** The operators' DLQ command as built (`npm run dlq` runs the same file after a build). */
export const DLQ_CLI = path.join(ROOT, 'libs', 'messaging', 'dist', 'src', 'dlq', 'cli.js');

/** One audit line of a replay (libs/messaging/src/dlq/dead-letter-replay.ts). */
export interface AuditLine {
  msg: 'dead letter replayed' | 'dead letter not replayed';
  audit: string;
  operator: string;
  dlqTopic: string;
  partition: number;
  offset: string;
  eventId: string | null;
  originalTopic: string;
  consumerGroup: string | null;
  errorCode: string | null;
  reason?: string;
}

export interface ReplayRun {
  topic: string;
  exitCode: number | null;
  /** "replayed N, not replayed M", as the command prints it. */
  summary: string;
  replayed: AuditLine[];
  notReplayed: AuditLine[];
  stderr: string;
}

/**
 * `node libs/messaging/dist/src/dlq/cli.js replay <topic>` as an operator runs it, against the
 * suite's system (its brokers and topic prefix), as a process of its own. Its audit lines are
 * the JSON lines it writes on stderr.
 */
export function replayTopic(topic: string, brokers: string, topicPrefix: string): Promise<ReplayRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DLQ_CLI, 'replay', topic], {
      env: {
        ...process.env,
        KAFKA_BROKERS: brokers,
        KAFKA_TOPIC_PREFIX: topicPrefix,
        DLQ_OPERATOR: 'faults-suite',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.once('error', reject);
    child.once('exit', (exitCode) => {
      clearTimeout(timer);
      const audit = stderr.split('\n').flatMap((line) => {
        try {
          const entry = JSON.parse(line) as AuditLine;
          return entry.audit === 'dlq-replay' ? [entry] : [];
        } catch {
          return [];
        }
      });
      resolve({
        topic,
        exitCode,
        summary: stdout.trim(),
        replayed: audit.filter((a) => a.msg === 'dead letter replayed'),
        notReplayed: audit.filter((a) => a.msg === 'dead letter not replayed'),
        stderr,
      });
    });
  });
}
