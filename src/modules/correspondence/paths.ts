import { routePath } from '../../web/route-path.ts';

export const correspondencePaths = {
  complaints: {
    letter: routePath('/complaints/:reference/letters/:key'),
    correspondence: routePath('/complaints/:reference/correspondence'),
    correspondenceItem: routePath('/complaints/:reference/correspondence/:id'),
  },
  api: {
    letter: routePath('/api/v1/complaints/:reference/letters/:key'),
  },
  admin: {
    templates: routePath('/admin/templates'),
    template: routePath('/admin/templates/:key'),
    outbox: routePath('/admin/outbox'),
    outboxRetry: routePath('/admin/outbox/:id/retry'),
  },
};
