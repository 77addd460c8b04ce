import type {
  KyselyPlugin,
  OperationNode,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

/**
 * A test-time guard: it fails any query that reads, changes or deletes rows of a tenant table (one carrying
 * `organisation_id`) without a condition on that table's `organisation_id`, and any insert into one that
 * does not set it. Tests build the app with it, so a forgotten scope fails a test instead of leaking one
 * organisation's rows to another. Work that is deliberately across organisations (signing in by email,
 * looking up a token by its hash, the outbox worker) runs on `unscoped(db)`, which the guard does not see.
 */
export class TenancyGuard implements KyselyPlugin {
  constructor(
    private readonly tenantTables: ReadonlySet<string>,
    /** Throws by default; a survey of a whole suite can collect instead. */
    private readonly onViolation: (violation: TenancyViolation) => void = (violation) => {
      throw violation;
    },
  ) {}

  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    const problems: string[] = [];
    for (const query of queriesIn(node)) this.check(query, problems);
    if (problems.length) this.onViolation(new TenancyViolation(problems));
    return node;
  }

  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  }

  private check(query: Node, problems: string[]) {
    if (query.kind === 'InsertQueryNode') {
      const table = tableName(query.into);
      if (table && this.tenantTables.has(table)) {
        const columns = ((query.columns as Node[] | undefined) ?? []).map(columnName);
        if (!columns.includes('organisation_id') && !query.values?.kind?.startsWith('Select')) {
          problems.push(`insert into ${table} does not set organisation_id`);
        }
      }
      return;
    }
    const tables = tablesOf(query).filter((t) => this.tenantTables.has(t.table));
    if (tables.length === 0) return;
    const scoped = organisationRefs([query.where, ...((query.joins as Node[] | undefined) ?? [])]);
    for (const t of tables) {
      const ok = scoped.has(t.alias) || scoped.has(t.table) || (tables.length === 1 && scoped.has(''));
      if (!ok) problems.push(`${kindWord(query.kind)} on ${t.table} without an organisation_id condition`);
    }
  }
}

export class TenancyViolation extends Error {
  constructor(readonly problems: string[]) {
    super(`Query not scoped to an organisation: ${problems.join('; ')}`);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: the guard reads Kysely's operation nodes generically, by their kind
type Node = OperationNode & Record<string, any>;

function kindWord(kind: string) {
  return kind.replace('QueryNode', '').toLowerCase();
}

const QUERY_KINDS = new Set(['SelectQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'InsertQueryNode']);

/** Every query in the tree: the root, its CTEs and its subqueries. */
function queriesIn(root: OperationNode): Node[] {
  const found: Node[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) {
      for (const v of value) walk(v);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const node = value as Node;
    if (typeof node.kind === 'string' && QUERY_KINDS.has(node.kind)) found.push(node);
    for (const child of Object.values(node)) if (child && typeof child === 'object') walk(child);
  };
  walk(root);
  return found;
}

function identifier(node: Node | undefined): string | null {
  if (!node) return null;
  if (node.kind === 'IdentifierNode') return node.name as string;
  if (node.kind === 'SchemableIdentifierNode') return identifier(node.identifier);
  return null;
}

function tableName(node: Node | undefined): string | null {
  if (!node) return null;
  if (node.kind === 'TableNode') return identifier(node.table);
  if (node.kind === 'AliasNode') return tableName(node.node);
  return null;
}

function columnName(node: Node): string {
  if (node.kind === 'ColumnNode') return identifier(node.column) ?? '';
  if (node.kind === 'ReferenceNode') return columnName(node.column);
  return '';
}

/** The tables a query reads or changes directly, with the name it refers to each by. */
function tablesOf(query: Node): { table: string; alias: string }[] {
  const items: Node[] = [
    ...((query.from?.froms as Node[] | undefined) ?? []),
    ...((query.joins as Node[] | undefined) ?? []).map((j) => j.table as Node),
    ...((query.using?.tables as Node[] | undefined) ?? []),
  ];
  if (query.kind === 'UpdateQueryNode' && query.table) items.push(query.table);
  const tables: { table: string; alias: string }[] = [];
  for (const item of items) {
    const table = tableName(item);
    if (!table) continue;
    const alias = item.kind === 'AliasNode' ? (identifier(item.alias) ?? table) : table;
    tables.push({ table, alias });
  }
  return tables;
}

/** Names of the tables whose organisation_id the conditions mention ('' for an unqualified reference). */
function organisationRefs(conditions: unknown[]): Set<string> {
  const names = new Set<string>();
  const walk = (value: unknown) => {
    if (Array.isArray(value)) {
      for (const v of value) walk(v);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const node = value as Node;
    // A subquery is checked on its own; its conditions say nothing about the tables outside it.
    if (QUERY_KINDS.has(node.kind)) return;
    if (node.kind === 'ReferenceNode' && columnName(node) === 'organisation_id') {
      names.add(node.table ? (tableName(node.table) ?? '') : '');
      return;
    }
    if (node.kind === 'ColumnNode' && columnName(node) === 'organisation_id') {
      names.add('');
      return;
    }
    for (const child of Object.values(node)) if (child && typeof child === 'object') walk(child);
  };
  for (const condition of conditions) {
    // A join's table is not a condition: only its ON clause is.
    if (condition && typeof condition === 'object' && (condition as Node).kind === 'JoinNode') {
      walk((condition as Node).on);
    } else walk(condition);
  }
  return names;
}
