import { routePath } from '../../web/route-path.ts';

export const organisationPaths = {
  admin: {
    settings: routePath('/admin/settings'),
    services: routePath('/admin/services'),
    service: routePath('/admin/services/:id'),
    calendar: routePath('/admin/calendar'),
    closureDays: routePath('/admin/calendar/closure-days'),
    closureDay: routePath('/admin/calendar/closure-days/:day/delete'),
  },
};
