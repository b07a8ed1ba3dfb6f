import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** A 500 as the service that answered it logged it (ErrorFilter's "request failed"). */
export interface LoggedServerError {
  service: string;
  time: string;
  method: string;
  path: string;
  error: string;
}

/**
 * The 500s the services of this run logged since `since` (epoch ms), from their log files (killed
 * instances' included). A scenario that saw one prints them: on CI the logs are gone with the
 * machine, and "500 INTERNAL_ERROR" alone does not say which error escaped the mapping to 503.
 */
export function serverErrorsLogged(
  logDir: string,
  tag: string,
  since: number,
  limit = 3,
): LoggedServerError[] {
  const found: LoggedServerError[] = [];
  for (const file of readdirSync(logDir).filter((f) => f.startsWith(`${tag}-`) && f.endsWith('.log'))) {
    for (const line of readFileSync(path.join(logDir, file), 'utf8').split('\n')) {
      if (!line.includes('"request failed"') || !line.includes('"status":500')) continue;
      const logged = parsed(line);
      if (logged && Date.parse(logged.time) >= since) found.push(logged);
    }
  }
  return found.sort((a, b) => a.time.localeCompare(b.time)).slice(0, limit);
}

function parsed(line: string): LoggedServerError | null {
  try {
    const entry = JSON.parse(line) as {
      service?: string;
      time?: string;
      method?: string;
      path?: string;
      error?: { message?: string; stack?: string } | string;
    };
    const error =
      typeof entry.error === 'string'
        ? entry.error
        : (entry.error?.stack ?? entry.error?.message ?? '').split('\n').slice(0, 6).join('\n');
    return {
      service: entry.service ?? '?',
      time: entry.time ?? '',
      method: entry.method ?? '?',
      path: entry.path ?? '?',
      error,
    };
  } catch {
    return null;
  }
}
