// First: OpenTelemetry (when configured) must patch http, express, Nest and pg before they load.
import '@chuishao/platform/tracing';
import 'reflect-metadata';
import { createCourtSimulatorApp } from './app.module';
import { loadSimulatorListener, loadSimulatorSettings } from './application/simulator-settings';

/** The launcher passes PORT; COURT_SIMULATOR_PORT and 3007 are for running it by hand. */
async function main(): Promise<void> {
  const settings = loadSimulatorSettings();
  const { port, host } = loadSimulatorListener();
  const app = await createCourtSimulatorApp(settings);
  await app.listen(port, host);
  const address = app.getHttpServer().address() as { port: number };
  process.stdout.write(
    `${JSON.stringify({ level: 'info', service: 'court-simulator', msg: 'court simulator listening', port: address.port, courtId: settings.courtId })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'error', service: 'court-simulator', msg: 'failed to start', error: String(error) })}\n`,
  );
  process.exit(1);
});
