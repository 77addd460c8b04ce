import type { FastifyRequest } from 'fastify';
import type { ModuleRegistry } from '../modules/registry.ts';
import { platformPaths } from './paths.ts';

export interface NavItem {
  href: string;
  text: string;
  active: boolean;
}

const ADMIN_HREF = '/admin';

/** Home, each module's entries the person may use, and Administration when any of its pages is theirs. */
export function navigationFor(request: FastifyRequest, modules: ModuleRegistry): NavItem[] {
  const user = request.user;
  if (!user) return [];
  const current = request.url.split('?')[0] ?? '';
  const items: { href: string; text: string }[] = [
    { href: platformPaths.home(), text: 'Home' },
    ...modules.navigationFor(user.role).map(({ href, text }) => ({ href, text })),
  ];
  if (modules.adminLinksFor(user.role).length) items.push({ href: ADMIN_HREF, text: 'Administration' });
  const matches = (href: string) =>
    href === '/' ? current === '/' : current === href || current.startsWith(`${href}/`);
  // Only the most specific matching item is current: /complaints/new is "Record a complaint", not "Complaints".
  const best = items.filter((i) => matches(i.href)).sort((a, b) => b.href.length - a.href.length)[0]?.href;
  return items.map((i) => ({ ...i, active: i.href === best }));
}
