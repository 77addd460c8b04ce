import type { FastifyRequest } from 'fastify';
import { can, canReadComplaints } from '../auth/roles.ts';
import { paths } from './paths.ts';

export interface NavItem {
  href: string;
  text: string;
  active: boolean;
}

export function navigationFor(request: FastifyRequest): NavItem[] {
  const user = request.user;
  if (!user) return [];
  const current = request.url.split('?')[0] ?? '';
  const items: { href: string; text: string }[] = [{ href: paths.home(), text: 'Home' }];
  if (canReadComplaints(user.role)) items.push({ href: paths.complaints.list(), text: 'Complaints' });
  if (can(user.role, 'complaint:create'))
    items.push({ href: paths.complaints.new(), text: 'Record a complaint' });
  if (
    can(user.role, 'organisation:manage') ||
    can(user.role, 'templates:manage') ||
    can(user.role, 'users:manage')
  ) {
    items.push({ href: paths.admin.index(), text: 'Administration' });
  }
  const matches = (href: string) =>
    href === '/' ? current === '/' : current === href || current.startsWith(`${href}/`);
  // Only the most specific matching item is current: /complaints/new is "Record a complaint", not "Complaints".
  const best = items.filter((i) => matches(i.href)).sort((a, b) => b.href.length - a.href.length)[0]?.href;
  return items.map((i) => ({ ...i, active: i.href === best }));
}
