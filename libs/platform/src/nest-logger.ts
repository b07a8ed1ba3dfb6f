import type { LoggerService } from '@nestjs/common';
import type { Logger } from '@chuishao/kernel';

/** Routes Nest's own log lines into the service's JSON logger. */
export class NestLoggerAdapter implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.debug(String(message), context ? { nestContext: context } : undefined);
  }
  error(message: unknown, stack?: string, context?: string): void {
    this.logger.error(String(message), { stack, nestContext: context });
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn(String(message), { nestContext: context });
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug(String(message), { nestContext: context });
  }
  verbose(message: unknown, context?: string): void {
    this.logger.debug(String(message), { nestContext: context });
  }
}
