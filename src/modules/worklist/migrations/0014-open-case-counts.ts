import { type Kysely, sql } from 'kysely';

/**
 * How many open cases (a next deadline still owed) each organisation has, kept exact by the database: the
 * worklist's default view shows that number on every page, and counting 30,000 open cases each time cost
 * more than reading the page. Triggers on complaints add or take one whenever a case is created, deleted, or
 * becomes open or finished, whatever the code path (the unit of work, a recalculation, a retention job, a
 * migration), in the same transaction as the change. Their `when` conditions keep every other write free.
 *
 * The count is spread over 16 slots per organisation, picked by the writing transaction, so concurrent
 * creates do not queue on one row; readers add the slots up (16 rows by the primary key).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `create table open_case_counts (
      organisation_id uuid not null references organisations (id) on delete cascade,
      slot smallint not null check (slot between 0 and 15),
      open bigint not null,
      primary key (organisation_id, slot)
    )`,
    `create function count_open_cases() returns trigger language plpgsql as $$
    declare
      org uuid;
      delta integer;
    begin
      if tg_op = 'INSERT' then
        org := new.organisation_id;
        delta := 1;
      elsif tg_op = 'DELETE' then
        org := old.organisation_id;
        delta := -1;
      else
        org := new.organisation_id;
        delta := case when new.next_due_on is null then -1 else 1 end;
      end if;
      insert into open_case_counts as c (organisation_id, slot, open)
        values (org, (txid_current() % 16)::smallint, delta)
        on conflict (organisation_id, slot) do update set open = c.open + excluded.open;
      return null;
    end
    $$`,
    `create trigger complaints_open_inserted after insert on complaints
      for each row when (new.next_due_on is not null) execute function count_open_cases()`,
    `create trigger complaints_open_deleted after delete on complaints
      for each row when (old.next_due_on is not null) execute function count_open_cases()`,
    `create trigger complaints_open_changed after update of next_due_on on complaints
      for each row when ((old.next_due_on is null) <> (new.next_due_on is null))
      execute function count_open_cases()`,
    `insert into open_case_counts (organisation_id, slot, open)
      select organisation_id, 0, count(*) from complaints where next_due_on is not null group by organisation_id`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
