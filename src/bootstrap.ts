import { peoplePaths } from './modules/people/paths.ts';
import type { Services } from './services.ts';

/**
 * On the very first start: the first organisation and its administrator, with a one-time link to set a
 * password (printed, never a default password). Returns the link, or null when there was nothing to do.
 */
export async function bootstrapFirstRun(services: Services): Promise<string | null> {
  if ((await services.organisations.count()) > 0) return null;
  const first = services.config.firstOrganisation;
  const organisation = await services.organisations.create({
    name: first.name,
    slug: first.slug,
    division: first.division,
    preset: first.preset,
    nation: first.nation,
    sector: first.sector,
  });
  const { setPasswordToken } = await services.auth.createUser(
    organisation.id,
    { name: 'Administrator', email: first.adminEmail, role: 'administrator' },
    null,
  );
  return `${services.config.baseUrl}${peoplePaths.setPassword(setPasswordToken)}`;
}
