import { READ_COMPLAINTS } from '../cases/permissions.ts';
import { defineModule } from '../module.ts';
import { worklistApiRoutes, worklistOpenApi } from './api.ts';
import * as nameSearch from './migrations/0008-name-search.ts';
import * as openCaseCounts from './migrations/0014-open-case-counts.ts';
import { worklistPaths } from './paths.ts';
import { worklistRoutes } from './routes.ts';
import { WorklistService } from './worklist-service.ts';

declare module '../../db/schema.ts' {
  interface DB {
    open_case_counts: { organisation_id: string; slot: number; open: string | number };
  }
}

declare module '../../services.ts' {
  interface Services {
    worklist: WorklistService;
  }
}

/** The worklist: every case the actor may see, ordered by its next deadline, with filters. */
export const worklistModule = defineModule({
  name: 'worklist',
  migrations: { '0008-name-search': nameSearch, '0014-open-case-counts': openCaseCounts },
  tables: [
    {
      table: 'open_case_counts',
      tenant: true,
      subject: 'none',
      personalColumns: [],
      retention: 'Kept while the organisation is; a count, kept exact by triggers on complaints',
    },
  ],
  services: (s) => ({ worklist: new WorklistService(s.db, s.calendars, s.today) }),
  routes: worklistRoutes,
  apiRoutes: worklistApiRoutes,
  paths: worklistPaths,
  openApi: worklistOpenApi,
  templateGlobals: {
    NEXT_DUE_LABELS: {
      acknowledge: 'Acknowledge',
      'acknowledge-stage2': 'Acknowledge stage 2',
      respond: 'Respond',
      'outer-limit': 'Final response limit',
    },
  },
  navigation: [
    { text: 'Complaints', href: worklistPaths.complaints.list(), access: READ_COMPLAINTS, order: 20 },
  ],
});
