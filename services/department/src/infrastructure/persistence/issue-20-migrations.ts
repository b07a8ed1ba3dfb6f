import type { MigrationInterface, QueryRunner } from 'typeorm';

// Issue 20's migrations of the department beside its summons: webhook health (item 7) and
// the people on the move (item 4). Listed in order in migrations.ts.

/**
 * Issue 20 item 7: each department webhook's run of failed attempts, and the outage announced
 * once it reached the threshold (domain/webhook-health.ts). A row only for a webhook that failed.
 */
export class DepartmentWebhookHealth1765000009000 implements MigrationInterface {
  name = 'DepartmentWebhookHealth1765000009000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE webhook_health (
        department_id text PRIMARY KEY,
        consecutive_failures integer NOT NULL CHECK (consecutive_failures >= 0),
        failing_since timestamptz,
        outage_since timestamptz,
        last_error text,
        CHECK (outage_since IS NULL OR failing_since IS NOT NULL)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE webhook_health');
  }
}

/**
 * Issue 20 item 4: a summons' people on the move (domain/movement.ts): set off with an ETA, left
 * the scene. A row only for a summons whose liaison reported either.
 */
export class SummonsMovements1765300000000 implements MigrationInterface {
  name = 'SummonsMovements1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE summons_movements (
        summons_id uuid PRIMARY KEY REFERENCES summons (id),
        en_route_at timestamptz,
        eta_at timestamptz,
        left_at timestamptz,
        CHECK ((en_route_at IS NULL) = (eta_at IS NULL))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE summons_movements');
  }
}
