export const OMBUDSMEN = ['phso', 'spso', 'psow', 'nipso'] as const;
export type Ombudsman = (typeof OMBUDSMEN)[number];

export interface OmbudsmanDetails {
  name: string;
  shortName: string;
  website: string;
  phone: string;
  /** How a complainant reaches this Ombudsman for this kind of body. */
  route: (sector: 'nhs' | 'government') => string;
}

export const OMBUDSMAN_DETAILS: Record<Ombudsman, OmbudsmanDetails> = {
  phso: {
    name: 'Parliamentary and Health Service Ombudsman',
    shortName: 'PHSO',
    website: 'www.ombudsman.org.uk',
    phone: '0345 015 4033',
    route: (sector) =>
      sector === 'nhs'
        ? 'You can ask the Parliamentary and Health Service Ombudsman to look at your complaint. The Ombudsman ' +
          'is independent of the NHS and of government, and its service is free. You should normally contact ' +
          'them within 12 months of when you became aware of the problem.'
        : 'You can ask the Parliamentary and Health Service Ombudsman to look at your complaint. For a complaint ' +
          'about a UK government department or one of its agencies, you need to ask a Member of Parliament (any ' +
          'MP, not only your own) to refer it to the Ombudsman. The service is free and independent.',
  },
  spso: {
    name: 'Scottish Public Services Ombudsman',
    shortName: 'SPSO',
    website: 'www.spso.org.uk',
    phone: '0800 377 7330',
    route: () =>
      'If you remain dissatisfied, you can ask the Scottish Public Services Ombudsman (SPSO) to look at your ' +
      'complaint. The SPSO is the final stage for complaints about public services in Scotland. You should ' +
      'normally contact the SPSO within 12 months of the events you are complaining about. Its service is free.',
  },
  psow: {
    name: 'Public Services Ombudsman for Wales',
    shortName: 'PSOW',
    website: 'www.ombudsman.wales',
    phone: '0300 790 0203',
    route: () =>
      'If you remain dissatisfied, you can ask the Public Services Ombudsman for Wales to look at your ' +
      'complaint. The Ombudsman is independent and its service is free. You should normally contact them ' +
      'within 12 months of when you became aware of the problem.',
  },
  nipso: {
    name: 'Northern Ireland Public Services Ombudsman',
    shortName: 'NIPSO',
    website: 'www.nipso.org.uk',
    phone: '0800 34 34 24',
    route: () =>
      'If you remain dissatisfied, you can ask the Northern Ireland Public Services Ombudsman (NIPSO) to look at ' +
      'your complaint. NIPSO is independent and its service is free. You should normally contact NIPSO within ' +
      '6 months of our final response.',
  },
};

export function defaultOmbudsman(division: string): Ombudsman {
  if (division === 'scotland') return 'spso';
  if (division === 'northern-ireland') return 'nipso';
  return 'phso';
}

export function ombudsmanSignposting(ombudsman: Ombudsman, preset: string): string {
  const details = OMBUDSMAN_DETAILS[ombudsman];
  const sector = preset === 'uk-central-government' ? 'government' : 'nhs';
  return `${details.route(sector)} Website: ${details.website}. Telephone: ${details.phone}.`;
}
