import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../../../src/db/database.ts';
import { registry } from '../../../src/modules/index.ts';
import { TenancyGuard, TenancyViolation } from '../../../src/tenancy/guard.ts';
import { inScope, organisationScope, organisationsScope, unscoped } from '../../../src/tenancy/scope.ts';
import { freshDatabase } from '../../support/database.ts';

describe('the tenancy guard', () => {
  let database: Database;
  let dispose: () => Promise<void>;
  let db: Db;
  const org = '00000000-0000-4000-8000-000000000001';

  beforeAll(async () => {
    ({ database, dispose } = await freshDatabase('embedded'));
    db = database.db.withPlugin(new TenancyGuard(registry.tenantTables()));
  });
  afterAll(async () => dispose?.());

  const refuses = async (run: () => Promise<unknown>, message: RegExp) => {
    const error = await run().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TenancyViolation);
    expect((error as Error).message).toMatch(message);
  };

  it('knows every table that carries organisation_id, from the modules', () => {
    const tables = registry.tenantTables();
    for (const t of ['complaints', 'complaint_events', 'users', 'sessions', 'outbox', 'audit_log']) {
      expect(tables.has(t)).toBe(true);
    }
    expect(tables.has('organisations')).toBe(false);
    expect(tables.has('bank_holidays')).toBe(false);
  });

  it('refuses a read, change or delete of a tenant table without an organisation condition', async () => {
    await refuses(() => db.selectFrom('complaints').select('id').execute(), /select on complaints/);
    await refuses(
      () => db.updateTable('users').set({ name: 'x' }).where('id', '=', org).execute(),
      /update on users/,
    );
    await refuses(() => db.deleteFrom('sessions').where('id', '=', 'x').execute(), /delete on sessions/);
  });

  it('refuses a join whose tenant table is not tied to an organisation', async () => {
    await refuses(
      () =>
        db
          .selectFrom('complaints')
          .leftJoin('users', 'users.id', 'complaints.handler_id')
          .select('complaints.id')
          .where('complaints.organisation_id', '=', org)
          .execute(),
      /select on users/,
    );
  });

  it('refuses a subquery that is not scoped, even inside a scoped query', async () => {
    await refuses(
      () =>
        db
          .selectFrom('complaints')
          .select('id')
          .where('organisation_id', '=', org)
          .where('id', 'in', (eb) => eb.selectFrom('complaint_events').select('complaint_id'))
          .execute(),
      /select on complaint_events/,
    );
  });

  it('refuses an insert into a tenant table that does not set organisation_id', async () => {
    await refuses(
      () =>
        db
          .insertInto('reference_counters')
          .values({ year: 2026, last_value: 1 } as never)
          .execute(),
      /insert into reference_counters/,
    );
  });

  it('lets through queries scoped to one organisation or several, and scoped joins', async () => {
    await db
      .selectFrom('complaints')
      .select('id')
      .where(inScope(organisationScope(org), 'complaints'))
      .execute();
    await db
      .selectFrom('complaints')
      .select('id')
      .where(inScope(organisationsScope([org, '00000000-0000-4000-8000-000000000002']), 'complaints'))
      .execute();
    await db
      .selectFrom('complaints')
      .leftJoin('users', (join) =>
        join
          .onRef('users.id', '=', 'complaints.handler_id')
          .onRef('users.organisation_id', '=', 'complaints.organisation_id'),
      )
      .select('complaints.id')
      .where('complaints.organisation_id', '=', org)
      .execute();
  });

  it('does not watch work that is deliberately across organisations', async () => {
    await unscoped(db).selectFrom('sessions').select('id').where('id', '=', 'x').execute();
  });
});
