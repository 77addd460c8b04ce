import { type IndependentTier, independentTierDetails } from './independent-tier.ts';

// Which Ombudsman a complainant goes to is a fact about the organisation: the nation it serves and its
// sector, not the bank holidays it keeps (Welsh bodies share England's calendar but go to the PSOW). The
// sources behind every rule and time limit are quoted in docs/sources.md §4 ("Ombudsmen: time limits and
// jurisdiction"); the section numbers below refer to that file.

export const OMBUDSMEN = ['phso', 'spso', 'psow', 'nipso'] as const;
export type Ombudsman = (typeof OMBUDSMEN)[number];

export const NATIONS = ['england', 'wales', 'scotland', 'northern-ireland', 'uk-wide'] as const;
export type Nation = (typeof NATIONS)[number];

export const SECTORS = ['nhs', 'uk-government', 'devolved-government', 'other'] as const;
export type Sector = (typeof SECTORS)[number];

export const NATION_LABELS: Record<Nation, string> = {
  england: 'England',
  wales: 'Wales',
  scotland: 'Scotland',
  'northern-ireland': 'Northern Ireland',
  'uk-wide': 'The whole UK, or more than one nation',
};

export const SECTOR_LABELS: Record<Sector, { text: string; hint: string }> = {
  nhs: {
    text: 'NHS, or health and social care',
    hint: 'An NHS trust, health board or integrated care board; HSC in Northern Ireland.',
  },
  'uk-government': {
    text: 'UK government',
    hint: 'A UK government department, or an agency or public body of one, wherever its offices are.',
  },
  'devolved-government': {
    text: 'Devolved government',
    hint: 'The Welsh Government, the Scottish Government, the Northern Ireland Executive, or a body of one.',
  },
  other: { text: 'Another public body', hint: 'For example a council, a college or a social landlord.' },
};

export interface OmbudsmanDetails {
  name: string;
  shortName: string;
  website: string;
  phone: string;
}

export const OMBUDSMAN_DETAILS: Record<Ombudsman, OmbudsmanDetails> = {
  phso: {
    name: 'Parliamentary and Health Service Ombudsman',
    shortName: 'PHSO',
    website: 'www.ombudsman.org.uk',
    phone: '0345 015 4033',
  },
  spso: {
    name: 'Scottish Public Services Ombudsman',
    shortName: 'SPSO',
    website: 'www.spso.org.uk',
    phone: '0800 377 7330',
  },
  psow: {
    name: 'Public Services Ombudsman for Wales',
    shortName: 'PSOW',
    website: 'www.ombudsman.wales',
    phone: '0300 790 0203',
  },
  nipso: {
    name: 'Northern Ireland Public Services Ombudsman',
    shortName: 'NIPSO',
    website: 'www.nipso.org.uk',
    phone: '0800 34 34 24',
  },
};

export type OmbudsmanDerivation =
  | {
      kind: 'derived';
      ombudsman: Ombudsman;
      /** Why, in words an administrator can check against their own knowledge. */
      basis: string;
      /** Set when the rule may not fit every body it covers: shown on screen, so it is checked. */
      check: string | null;
    }
  | { kind: 'refused'; reason: string };

interface JurisdictionRule {
  applies(nation: Nation, sector: Sector): boolean;
  outcome: OmbudsmanDerivation;
}

const derived = (ombudsman: Ombudsman, basis: string, check: string | null = null): OmbudsmanDerivation => ({
  kind: 'derived',
  ombudsman,
  basis,
  check,
});

/** The rules in order; the first that applies decides. */
const JURISDICTION_RULES: readonly JurisdictionRule[] = [
  {
    applies: (nation, sector) =>
      sector === 'devolved-government' && (nation === 'england' || nation === 'uk-wide'),
    outcome: {
      kind: 'refused',
      reason:
        'Devolved government is in Wales, Scotland or Northern Ireland: choose that nation, or another sector',
    },
  },
  // PHSO, "When did the problem happen?": "If the complaint is about a UK government department or another UK
  // public organisation, your client needs to make their complaint to an MP within a year." Reserved matters
  // stay with the PHSO wherever the office is: CPAG on Scotland, "The Parliamentary and Health Service
  // Ombudsman deals with complaints about central government" (§4, "Which Ombudsman": a UK department's
  // office in Scotland on a reserved matter → PHSO, via an MP).
  {
    applies: (_nation, sector) => sector === 'uk-government',
    outcome: derived(
      'phso',
      'UK government departments and their bodies go to the PHSO, through an MP, in every part of the UK ' +
        '(reserved matters included).',
    ),
  },
  // PSOW, "Complaints against public bodies – our procedure" (§4); for NHS Wales, Health and Social Care Act
  // 2012 s.185 (new s.223A(2)(d)): "a complaint to the Public Services Ombudsman for Wales which relates to a
  // Welsh health body".
  {
    applies: (nation) => nation === 'wales',
    outcome: derived('psow', 'Welsh public bodies, NHS Wales included, go to the PSOW.'),
  },
  // House of Commons Library: "Separate ombudsman services exist in Scotland, Wales and Northern Ireland";
  // CPAG: the SPSO "deals with complaints about local government and SSS"; NHS Scotland's health boards go to
  // the SPSO (§4, "Which Ombudsman").
  {
    applies: (nation) => nation === 'scotland',
    outcome: derived('spso', 'Scottish public bodies, NHS Scotland included, go to the SPSO.'),
  },
  // NIPSO, "How will NIPSO deal with my complaint?": "most public services in Northern Ireland, including
  // public health service providers, councils, Northern Ireland government departments and agencies".
  {
    applies: (nation) => nation === 'northern-ireland',
    outcome: derived(
      'nipso',
      'Northern Ireland public bodies, health and social care included, go to NIPSO.',
    ),
  },
  // NHS Complaint Standards: "They apply to all NHS organisations in England"; PHSO: "Complaints about the
  // NHS in England can come to us directly or through an MP."
  {
    applies: (nation, sector) => sector === 'nhs' && (nation === 'england' || nation === 'uk-wide'),
    outcome: derived('phso', 'The NHS in England goes to the PHSO, directly or through an MP.'),
  },
  {
    applies: (nation) => nation === 'uk-wide',
    outcome: derived('phso', 'UK public organisations go to the PHSO, through an MP.'),
  },
  // English councils, social care and housing go to the Local Government and Social Care Ombudsman or the
  // Housing Ombudsman, which are not researched here (§4 lists LGSCO as "not researched"): say so on screen.
  {
    applies: (nation) => nation === 'england',
    outcome: derived(
      'phso',
      'Public bodies in England that are not councils or social landlords go to the PHSO, through an MP.',
      'Councils, adult social care and social housing in England go to the Local Government and Social Care ' +
        'Ombudsman or the Housing Ombudsman, which Candour does not name yet. Check which Ombudsman your ' +
        'complainants go to.',
    ),
  },
];

export function deriveOmbudsman(nation: Nation, sector: Sector): OmbudsmanDerivation {
  const rule = JURISDICTION_RULES.find((r) => r.applies(nation, sector));
  // The last rules cover every nation, so there is always one; the fallback keeps the function total.
  return rule?.outcome ?? { kind: 'refused', reason: 'Choose the nation and the sector' };
}

/** The Ombudsman an organisation's complainants go to: an administrator's choice, or the derived one. */
export function ombudsmanFor(organisation: {
  nation: Nation;
  sector: Sector;
  ombudsmanOverride: Ombudsman | null;
}): Ombudsman {
  if (organisation.ombudsmanOverride) return organisation.ombudsmanOverride;
  const derivation = deriveOmbudsman(organisation.nation, organisation.sector);
  // The database refuses the pairs the rules refuse (migration 0006), so this is a programming error.
  if (derivation.kind === 'refused') throw new RangeError(derivation.reason);
  return derivation.ombudsman;
}

/**
 * The nation and sector that usually go with a bank-holiday division and a timescale preset, for
 * organisations created without saying (the CLI, the first start). The administrator can change both.
 */
export function usualJurisdiction(division: string, preset: string): { nation: Nation; sector: Sector } {
  if (preset === 'uk-central-government') return { nation: 'uk-wide', sector: 'uk-government' };
  const sector: Sector = preset === 'nhs-england' ? 'nhs' : 'other';
  if (division === 'scotland') return { nation: 'scotland', sector };
  if (division === 'northern-ireland') return { nation: 'northern-ireland', sector };
  return { nation: 'england', sector };
}

/** How a complainant reaches the PHSO: the "MP filter" applies to everything but the NHS in England. */
export type OmbudsmanRoute = 'direct' | 'direct-or-mp' | 'mp';

export function ombudsmanRoute(ombudsman: Ombudsman, sector: Sector): OmbudsmanRoute {
  if (ombudsman !== 'phso') return 'direct';
  // PHSO, "Helping your constituents use our service": "by law, complaints about UK Government departments
  // and other UK public organisations must be referred to us by an MP … Complaints about the NHS in England
  // can come to us directly or through an MP."
  return sector === 'nhs' ? 'direct-or-mp' : 'mp';
}

export interface SignpostingFacts {
  ombudsman: Ombudsman;
  sector: Sector;
  tier: IndependentTier | null;
}

/**
 * What the final response says about going further, in order: our procedure is finished (this letter), then
 * the independent tier where there is one, then the Ombudsman; each with its time limit.
 */
export function ombudsmanSignposting({ ombudsman, sector, tier }: SignpostingFacts): string {
  const paragraphs: string[] = [];
  const tierDetails = tier ? independentTierDetails(tier) : null;
  if (tierDetails) {
    const months = tierDetails.timeLimitMonths;
    paragraphs.push(
      [
        `If you are not satisfied with this final response, you can ask ${tierDetails.name} to look at your ` +
          'complaint before you go to the Ombudsman.',
        tierDetails.free ? 'It is independent of us, and its service is free.' : 'It is independent of us.',
        `You need to contact it within ${months} ${months === 1 ? 'month' : 'months'} of receiving this ` +
          'final response.',
        tierDetails.wantsFinalResponse ? 'Please send it a copy of this letter with your complaint.' : null,
        contactLine(tierDetails.website, tierDetails.phone),
      ]
        .filter((s): s is string => s !== null)
        .join(' '),
    );
  }
  paragraphs.push(
    ombudsmanParagraph(ombudsman, ombudsmanRoute(ombudsman, sector), tierDetails?.name ?? null),
  );
  return paragraphs.join('\n\n');
}

/** The Ombudsman named with their contact details, for letters written before the final response. */
export function ombudsmanContact(ombudsman: Ombudsman): string {
  const details = OMBUDSMAN_DETAILS[ombudsman];
  const phone = details.phone ? `, telephone ${details.phone}` : '';
  return `the ${details.name} (${details.shortName}), ${details.website}${phone}`;
}

function contactLine(website: string, phone: string | null): string {
  return phone ? `Website: ${website}. Telephone: ${phone}.` : `Website: ${website}.`;
}

function ombudsmanParagraph(ombudsman: Ombudsman, route: OmbudsmanRoute, after: string | null): string {
  const details = OMBUDSMAN_DETAILS[ombudsman];
  const who = `the ${details.name} (${details.shortName})`;
  const opening = after
    ? `If you are still not satisfied once ${after} has looked at your complaint, you can ask ${who} to look at it.`
    : `If you are not satisfied with this final response, you can ask ${who} to look at your complaint.`;
  const procedureFinished = after
    ? `The Ombudsman will not normally look at your complaint until ${after} has dealt with it.`
    : 'The Ombudsman normally looks only at complaints that have been through our complaints procedure: this ' +
      'letter is our final response, so ours is now finished.';
  return [
    opening,
    'Its service is independent and free.',
    procedureFinished,
    ...routeAndLimit(ombudsman, route),
  ]
    .concat(contactLine(details.website, details.phone))
    .join(' ');
}

/** The route and the time limit, from each Ombudsman's own words (docs/sources.md §4). */
function routeAndLimit(ombudsman: Ombudsman, route: OmbudsmanRoute): string[] {
  switch (ombudsman) {
    // PHSO: NHS complaints "within a year of when they became aware of the problem"; government complaints
    // "to an MP within a year"; "the law gives us some flexibility".
    case 'phso':
      return route === 'mp'
        ? [
            'By law, a complaint about a UK government department or another UK public organisation must be ' +
              'referred to the Ombudsman by a Member of Parliament: you can ask any MP, not only your own.',
            'You should ask an MP within 12 months of when you became aware of the problem; the Ombudsman ' +
              'can sometimes accept a complaint made later.',
          ]
        : [
            'You can contact the Ombudsman yourself, or ask a Member of Parliament to refer your complaint.',
            'You should complain within 12 months of when you became aware of the problem; the Ombudsman can ' +
              'sometimes accept a complaint made later.',
          ];
    // PSOW: "the events happened or came to light within the previous year and the organisation being
    // complained about has already been given a reasonable opportunity to address the issues".
    case 'psow':
      return [
        'You should complain to the Ombudsman within 12 months of the events you are complaining about, or of ' +
          'when you found out about them.',
      ];
    // SPSO: "We do not normally investigate complaints if you have known about the problem for more than 12
    // months before complaining."
    case 'spso':
      return ['You should complain to the SPSO within 12 months of when you became aware of the problem.'];
    // NIPSO FAQ: not generally accepted if "You make your complaint more than 6 months after completing the
    // organisation’s complaints procedure".
    case 'nipso':
      return [
        'You should complain to NIPSO within 6 months of completing our complaints procedure, that is within ' +
          '6 months of the date of this letter.',
      ];
  }
}
