import type { FastifyInstance } from 'fastify';
import type { AuditActionsOf } from '../../audit/audit-service.ts';
import { definePermissions, type PermissionsOf } from '../../auth/permissions.ts';
import type { Services } from '../../services.ts';
import { scopeOf } from '../../tenancy/scope.ts';
import { render } from '../../web/render.ts';
import { requireActor } from '../../web/request-context.ts';
import { routePath } from '../../web/route-path.ts';
import { caseNavigation } from '../cases/case-page.ts';
import { defineModule } from '../module.ts';

const permissions = definePermissions({
  'audit:read': {
    description: 'Read who looked at or changed a complaint, and when',
    roles: ['administrator'],
  },
});

declare module '../../auth/permissions.ts' {
  interface PermissionRegistry extends PermissionsOf<typeof permissions> {}
}

const AUDIT_ACTIONS = ['complaint.audit.view'] as const;

declare module '../../audit/audit-service.ts' {
  interface AuditActionRegistry extends AuditActionsOf<typeof AUDIT_ACTIONS> {}
}

const paths = { complaints: { audit: routePath('/complaints/:reference/audit') } };

async function auditTrailRoutes(app: FastifyInstance, services: Services) {
  app.get(paths.complaints.audit.pattern, { config: { access: 'audit:read' } }, async (request, reply) => {
    const actor = requireActor(request);
    const { reference } = request.params as { reference: string };
    const complaint = await services.cases.find(actor, reference);
    const records = await services.audit.forComplaint(scopeOf(actor), complaint.id);
    await services.audit.record(actor, {
      action: 'complaint.audit.view',
      entityType: 'complaint',
      entityId: reference,
      complaintId: complaint.id,
    });
    return render(request, reply, 'audit-trail/views/audit.njk', {
      complaint,
      records,
      caseNav: caseNavigation(services, actor.role, reference, 'audit'),
    });
  });
}

/** The audit trail of a case: every view and change, who, when and from where. */
export const auditTrailModule = defineModule({
  name: 'audit-trail',
  permissions,
  auditActions: AUDIT_ACTIONS,
  tables: [
    {
      table: 'audit_log',
      tenant: true,
      subject: 'staff',
      personalColumns: ['actor_label', 'ip'],
      retention: 'With the case it records (10 years after closure); other entries 6 years',
    },
  ],
  routes: auditTrailRoutes,
  paths,
  casePages: [
    {
      id: 'audit',
      title: 'Audit',
      order: 100,
      path: paths.complaints.audit,
      access: ['audit:read'],
      ownRoute: true,
    },
  ],
});
