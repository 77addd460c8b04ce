// Some bodies have an independent complaints tier between their own procedure and the Ombudsman. The facts
// below are from the GOV.UK pages quoted in docs/sources.md §5; keep them in step with those pages.

export const INDEPENDENT_TIER_KINDS = [
  'none',
  'adjudicators-office',
  'independent-case-examiner',
  'other',
] as const;
export type IndependentTierKind = (typeof INDEPENDENT_TIER_KINDS)[number];

/** The tier an organisation's complainants go to before the Ombudsman; `null` when there is none. */
export type IndependentTier =
  | { kind: 'adjudicators-office' }
  | { kind: 'independent-case-examiner' }
  | { kind: 'other'; name: string; website: string; timeLimitMonths: number };

export const MAX_TIER_TIME_LIMIT_MONTHS = 24;

export const INDEPENDENT_TIER_LABELS: Record<IndependentTierKind, { text: string; hint: string }> = {
  none: { text: 'None', hint: 'Complainants go from our final response straight to the Ombudsman.' },
  'adjudicators-office': {
    text: 'The Adjudicator’s Office',
    hint: 'For HM Revenue and Customs and the Valuation Office Agency.',
  },
  'independent-case-examiner': {
    text: 'The Independent Case Examiner',
    hint: 'For the Department for Work and Pensions and the services it contracts.',
  },
  other: { text: 'Another independent body', hint: 'Give its name, website and time limit.' },
};

export interface IndependentTierDetails {
  /** As it reads in the middle of a sentence ("ask the Adjudicator’s Office to look at…"). */
  name: string;
  website: string;
  phone: string | null;
  /** Months after the final response within which the complainant must go to the tier. */
  timeLimitMonths: number;
  /** Stated only where the tier's own page says so. */
  free: boolean;
  /** The tier asks for a copy of the final response. */
  wantsFinalResponse: boolean;
}

export function independentTierDetails(tier: IndependentTier): IndependentTierDetails {
  switch (tier.kind) {
    // GOV.UK, "How to complain to the Adjudicator’s Office": "The Adjudicator’s Office can only accept your
    // complaint up to 6 months after you’ve received the second review from HMRC or the VOA" (the second
    // review is HMRC's and the VOA's final response); "or call 03000 571 111".
    case 'adjudicators-office':
      return {
        name: 'the Adjudicator’s Office',
        website: 'www.gov.uk/guidance/how-to-complain-to-the-adjudicators-office',
        phone: '03000 571 111',
        timeLimitMonths: 6,
        free: true,
        wantsFinalResponse: false,
      };
    // GOV.UK, "How to bring a complaint to the Independent Case Examiner": "You must contact us within 6 months
    // of receiving the final response" and the complainant "must also send us a copy of the final response".
    // No telephone number was in the stored page, so none is given.
    case 'independent-case-examiner':
      return {
        name: 'the Independent Case Examiner',
        website: 'www.gov.uk/complain-independent-case-examiner',
        phone: null,
        timeLimitMonths: 6,
        free: true,
        wantsFinalResponse: true,
      };
    case 'other':
      return {
        name: tier.name,
        website: tier.website,
        phone: null,
        timeLimitMonths: tier.timeLimitMonths,
        free: false,
        wantsFinalResponse: false,
      };
  }
}
