// First: OpenTelemetry (when configured) must patch http, express, Nest and pg before they load.
import '@chuishao/platform/tracing';
import 'reflect-metadata';
import { bootstrapService, loadServiceConfig } from '@chuishao/platform';
import { AppModule, OPS_CONSOLE_DESCRIPTION } from './app.module';
import { loadOidcSettings } from './application/console-settings';

const config = loadServiceConfig('ops-console', 3000);
// With an identity provider the workstation's pages fetch its discovery document and token endpoint.
const oidc = loadOidcSettings(process.env);
const cspSources = oidc ? { connect: [new URL(oidc.issuer).origin] } : {};
bootstrapService(AppModule.forRoot(config), config, OPS_CONSOLE_DESCRIPTION, cspSources).catch(
  (error: unknown) => {
    process.stderr.write(
      `${JSON.stringify({ level: 'error', service: 'ops-console', msg: 'failed to start', error: String(error) })}\n`,
    );
    process.exit(1);
  },
);
