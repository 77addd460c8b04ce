import type { Actor, Role } from '../../auth/roles.ts';
import type { Services } from '../../services.ts';
import { canReadComplaints } from '../cases/access.ts';
import { worklistPaths } from '../worklist/paths.ts';
import type { WorklistCounts, WorklistFilters } from '../worklist/worklist-repository.ts';

/** A figure on a home page: its link's whole text is "3 overdue cases", never a bare number. */
export interface Counter {
  value: string;
  label: string;
  href: string;
}

export interface HomeList {
  title: string;
  empty: string;
  rows: { reference: string; name: string; nextStep: string | null; overdue: boolean }[];
  moreHref: string;
}

export interface HomeView {
  role: Role;
  intro: string;
  counters: Counter[];
  notice: string | null;
  list: HomeList | null;
  team: { name: string; open: Counter; overdue: Counter }[] | null;
  adminLinks: { text: string; hint: string; href: string }[];
}

/** A link to the worklist with the given filters, in the order the worklist's own links use. */
export function worklistHref(filters: Record<string, string> = {}): string {
  const search = new URLSearchParams(filters).toString();
  return search ? `${worklistPaths.complaints.list()}?${search}` : worklistPaths.complaints.list();
}

/** "1 overdue case", "3 overdue cases". */
export function counter(n: number, singular: string, plural: string, filters: Record<string, string> = {}) {
  return {
    value: n.toLocaleString('en-GB'),
    label: n === 1 ? singular : plural,
    href: worklistHref(filters),
  };
}

const overdue = { overdue: 'yes' };
const dueSoon = { dueSoon: 'yes' };

/** Each role's figures, all from the one counting query. */
function countersFor(role: Role, c: WorklistCounts): Counter[] {
  switch (role) {
    case 'complaints-handler':
      return [
        counter(c.mine, 'case assigned to me', 'cases assigned to me', { handler: 'me' }),
        counter(c.mineOverdue, 'of my cases overdue', 'of my cases overdue', { handler: 'me', ...overdue }),
        counter(c.mineDueSoon, 'of my cases due soon', 'of my cases due soon', { handler: 'me', ...dueSoon }),
        counter(c.unassigned, 'case not yet assigned', 'cases not yet assigned', { handler: 'unassigned' }),
      ];
    case 'investigator':
      // An investigator's worklist holds only the cases they investigate (or handle): no filter is needed.
      return [
        counter(c.investigating, 'open investigation', 'open investigations'),
        counter(c.investigatingOverdue, 'investigation overdue', 'investigations overdue', overdue),
        counter(c.investigatingDueSoon, 'investigation due soon', 'investigations due soon', dueSoon),
      ];
    case 'responsible-person':
      return [
        counter(c.awaitingSignOff, 'response waiting for sign-off', 'responses waiting for sign-off', {
          status: 'response-drafted',
        }),
        counter(c.overdue, 'overdue case', 'overdue cases', overdue),
        counter(c.stage2, 'stage 2 investigation', 'stage 2 investigations', { stage: '2' }),
      ];
    case 'senior-leader':
      return [
        counter(c.overdue, 'overdue case', 'overdue cases', overdue),
        counter(c.outerLimitNear, 'case near its outer time limit', 'cases near their outer time limit', {
          outerLimitNear: 'yes',
        }),
        counter(c.stage2, 'stage 2 investigation', 'stage 2 investigations', { stage: '2' }),
        counter(c.awaitingSignOff, 'response waiting for sign-off', 'responses waiting for sign-off', {
          status: 'response-drafted',
        }),
      ];
    case 'complaints-manager':
      return [
        counter(c.unassigned, 'case not yet assigned', 'cases not yet assigned', { handler: 'unassigned' }),
        counter(c.overdue, 'overdue case', 'overdue cases', overdue),
        counter(c.dueSoon, 'case due soon', 'cases due soon', dueSoon),
        counter(c.open, 'open case', 'open cases'),
      ];
    default:
      return [
        counter(c.open, 'open case', 'open cases'),
        counter(c.overdue, 'overdue case', 'overdue cases', overdue),
        counter(c.unassigned, 'case not yet assigned', 'cases not yet assigned', { handler: 'unassigned' }),
      ];
  }
}

const INTROS: Record<Role, string> = {
  'complaints-handler': 'Your cases, soonest deadline first.',
  investigator: 'The cases you investigate, soonest deadline first.',
  'responsible-person': 'Responses waiting for you to sign off, and the cases running late.',
  'senior-leader':
    'Cases that need a senior eye: overdue, near their outer time limit, or under investigation.',
  'complaints-manager': 'Cases waiting for a handler, and the team’s load.',
  administrator: 'Administration tasks, and the state of the caseload.',
  'board-member': '',
  colleague: '',
};

// Candour records no seriousness or risk rating yet; a senior leader's page says what it shows instead.
const SENIOR_NOTICE =
  'Candour does not yet record how serious a complaint is. Until it does, this page shows cases that are ' +
  'overdue or within 20 working days of their outer time limit, and stage 2 investigations, which hold the ' +
  'complex and serious complaints.';

/** The short list under the figures: each role's most pressing cases, by next deadline. */
function listFor(role: Role): { title: string; empty: string; filters: Record<string, string> } | null {
  switch (role) {
    case 'complaints-handler':
      return {
        title: 'My cases by next deadline',
        empty: 'No open cases are assigned to you.',
        filters: { handler: 'me' },
      };
    case 'investigator':
      return {
        title: 'My investigations by next deadline',
        empty: 'You have no open investigations.',
        filters: {},
      };
    case 'responsible-person':
      return {
        title: 'Waiting for sign-off',
        empty: 'No responses are waiting for sign-off.',
        filters: { status: 'response-drafted' },
      };
    case 'senior-leader':
      return { title: 'Overdue cases', empty: 'No cases are overdue.', filters: overdue };
    case 'complaints-manager':
      return {
        title: 'Not yet assigned, by next deadline',
        empty: 'Every open case has a handler.',
        filters: { handler: 'unassigned' },
      };
    default:
      return null;
  }
}

function asFilters(query: Record<string, string>): WorklistFilters {
  return {
    ...(query.handler ? { handler: query.handler } : {}),
    ...(query.status ? { status: [query.status] } : {}),
    overdue: query.overdue === 'yes',
  };
}

const LIST_SIZE = 5;

/** What a signed-in person's home page shows, for their role. */
export async function homeView(services: Services, actor: Actor): Promise<HomeView> {
  const adminLinks = services.modules
    .adminLinksFor(actor.role)
    .map(({ text, hint, href }) => ({ text, hint, href }));
  const base = {
    role: actor.role,
    intro: INTROS[actor.role],
    notice: null,
    list: null,
    team: null,
    adminLinks,
  };
  if (!canReadComplaints(actor.role)) return { ...base, counters: [] };
  const wanted = listFor(actor.role);
  const [counts, page, team] = await Promise.all([
    services.worklist.counts(actor),
    wanted ? services.worklist.worklist(actor, asFilters(wanted.filters), 1, LIST_SIZE) : null,
    actor.role === 'complaints-manager' ? services.worklist.teamLoad(actor) : null,
  ]);
  return {
    ...base,
    counters: countersFor(actor.role, counts),
    notice: actor.role === 'senior-leader' ? SENIOR_NOTICE : null,
    list:
      wanted && page
        ? {
            title: wanted.title,
            empty: wanted.empty,
            rows: page.items.map((item) => ({
              reference: item.reference,
              name: item.complainant_name,
              nextStep: item.nextStep,
              overdue: item.state === 'overdue',
            })),
            moreHref: worklistHref(wanted.filters),
          }
        : null,
    team:
      team?.map((t) => {
        const who = t.handlerId ? { handler: t.handlerId } : { handler: 'unassigned' };
        return {
          name: t.name ?? 'Not assigned',
          open: counter(t.open, 'open case', 'open cases', who),
          overdue: counter(t.overdue, 'overdue case', 'overdue cases', { ...who, ...overdue }),
        };
      }) ?? null,
  };
}
