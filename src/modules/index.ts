import { apiModule } from './api/module.ts';
import { auditTrailModule } from './audit-trail/module.ts';
import { caseRecordModule } from './case-record/module.ts';
import { casesModule } from './cases/module.ts';
import { correspondenceModule } from './correspondence/module.ts';
import { deadlinesModule } from './deadlines/module.ts';
import { intakeModule } from './intake/module.ts';
import { lifecycleModule } from './lifecycle/module.ts';
import type { Module } from './module.ts';
import { organisationsModule } from './organisations/module.ts';
import { peopleModule } from './people/module.ts';
import { ModuleRegistry } from './registry.ts';
import { siteModule } from './site/module.ts';
import { worklistModule } from './worklist/module.ts';

/**
 * Every capability of the product, in the order their services are built (a module may use the services of
 * those above it). Adding a capability is adding its folder and one line here.
 */
export const MODULES: readonly Module[] = [
  casesModule,
  deadlinesModule,
  organisationsModule,
  peopleModule,
  intakeModule,
  lifecycleModule,
  worklistModule,
  caseRecordModule,
  correspondenceModule,
  auditTrailModule,
  siteModule,
  apiModule,
];

export const registry = new ModuleRegistry(MODULES);
