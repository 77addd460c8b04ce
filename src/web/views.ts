import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { ROLE_LABELS } from '../auth/roles.ts';
import { formatLongDate, formatShortDate } from '../domain/calendar/index.ts';
import {
  OUTCOME_LABELS,
  SATISFACTION_LABELS,
  STAGE_LABELS,
  STATUS_LABELS,
} from '../domain/lifecycle/index.ts';
import type { ModuleRegistry } from '../modules/registry.ts';
import { platformPaths } from './paths.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const VIEWS_DIR = path.resolve(here, '../views');
/** Each module keeps its templates in its own views folder: 'lifecycle/views/event.njk'. */
export const MODULES_DIR = path.resolve(here, '../modules');
export const GOVUK_DIR = path.resolve(here, '../../node_modules/govuk-frontend/dist');

const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
});

export const TEMPLATE_DIRS = [VIEWS_DIR, MODULES_DIR, GOVUK_DIR];

export function createNunjucks(modules: ModuleRegistry): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(TEMPLATE_DIRS), { autoescape: true });
  return configureNunjucks(env, modules);
}

export function configureNunjucks(env: nunjucks.Environment, modules: ModuleRegistry): nunjucks.Environment {
  env.addGlobal('paths', modules.paths(platformPaths));
  env.addGlobal('STATUS_LABELS', STATUS_LABELS);
  env.addGlobal('STAGE_LABELS', STAGE_LABELS);
  env.addGlobal('EVENT_LABELS', modules.eventLabels());
  env.addGlobal('OUTCOME_LABELS', OUTCOME_LABELS);
  env.addGlobal('SATISFACTION_LABELS', SATISFACTION_LABELS);
  env.addGlobal('ROLE_LABELS', ROLE_LABELS);
  for (const [name, value] of Object.entries(modules.templateGlobals())) env.addGlobal(name, value);
  env.addFilter('longDate', (d: string | null | undefined) => (d ? formatLongDate(d) : ''));
  env.addFilter('shortDate', (d: string | null | undefined) => (d ? formatShortDate(d) : ''));
  env.addFilter('dateTime', (d: Date | string | null | undefined) =>
    d ? DATE_TIME.format(new Date(d)) : '',
  );
  env.addFilter('pounds', (pence: number | null | undefined) =>
    pence === null || pence === undefined
      ? ''
      : `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2 })}`,
  );
  env.addFilter('fileSize', (bytes: number) =>
    bytes < 1024
      ? `${bytes} bytes`
      : bytes < 1048576
        ? `${Math.round(bytes / 1024)} KB`
        : `${(bytes / 1048576).toFixed(1)} MB`,
  );
  /** Field errors keyed by field, for `errorMessage: errors | fieldError('name')`. */
  env.addFilter('fieldError', (errors: { field: string; message: string }[] | undefined, field: string) => {
    const found = errors?.find((e) => e.field === field);
    return found ? { text: found.message } : undefined;
  });
  env.addFilter('errorSummary', (errors: { field: string; message: string }[] | undefined) =>
    (errors ?? []).map((e) => ({ text: e.message, href: `#${e.field.replace(/\./g, '-')}` })),
  );
  return env;
}
