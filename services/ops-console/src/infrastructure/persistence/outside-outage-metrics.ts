import { Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@chuishao/platform';
import type { Gauge } from 'prom-client';
import { OutsideOutagesRepository } from './outside-outages.repository';

/**
 * `chuishao_outside_outage{party, party_id}`: 1 for each outage of an outside system not over yet
 * (read at scrape time), for the alert (docs/runbook.md "Outside system down").
 */
@Injectable()
export class OutsideOutageMetrics {
  readonly open: Gauge<'party' | 'party_id'>;

  constructor(metrics: ServiceMetrics, outages: OutsideOutagesRepository) {
    this.open = metrics.gauge({
      name: 'chuishao_outside_outage',
      help: 'Outages of outside systems (a department webhook, a court) not over yet: 1 each (read at scrape time)',
      labelNames: ['party', 'party_id'] as const,
      async collect() {
        this.reset();
        for (const outage of await outages.open())
          this.set({ party: outage.party, party_id: outage.partyId }, 1);
      },
    });
  }
}
