import type { Nation, Sector } from './ombudsman.ts';

// Free, independent help to make a complaint, chosen by the organisation's nation and sector. Sources are
// quoted in docs/sources.md §6 ("Independent advocacy"). Where nothing was researched (Northern Ireland) there
// is no text: the letter then shows "[To complete: …]" and cannot be sent until someone writes it, or the
// organisation puts its own words in the template.

const NOT_AFFECTED = 'Asking for help will not affect how we deal with your complaint.';

/** The advocacy service an organisation names in its settings (required there since issue 6). */
export interface OwnAdvocacyService {
  name: string | null;
  url: string | null;
}

/**
 * The paragraph a letter gives about independent advocacy, or null when the product has none to offer. The
 * service the organisation names in its settings comes first, as the start and confirmation pages give it:
 * it knows who provides advocacy where its complainants live (in England the local council chooses the
 * provider, so no national name is right everywhere). Without one, the text for its nation and sector.
 */
export function independentAdvocacy(
  nation: Nation,
  sector: Sector,
  own: OwnAdvocacyService = { name: null, url: null },
): string | null {
  const name = own.name?.trim();
  const url = own.url?.trim();
  if (name && url) {
    const ombudsman = sector === 'nhs' ? ', and take it to the Ombudsman if you need to' : '';
    return (
      `${name} can help you make your complaint${ombudsman}. It is free, independent and confidential. ` +
      `Website: ${url}. ${NOT_AFFECTED}`
    );
  }
  if (sector === 'nhs') {
    switch (nation) {
      // Health and Social Care Act 2012 s.185 (s.223A of the 2007 Act): "Each local authority must make such
      // arrangements as it considers appropriate for the provision of independent advocacy services"; the
      // provider differs by area (§6, "Names to use"), so the letter says where to ask.
      case 'england':
      case 'uk-wide':
        return (
          'NHS Complaints Advocacy can help you make your complaint, and take it to the Ombudsman if you need ' +
          'to. It is free, independent and confidential. Your local council arranges it: we, your council ' +
          `or your local Healthwatch can tell you who provides it where you live. ${NOT_AFFECTED}`
        );
      // Llais: "By law, people who wish to complain about health and social care services are entitled to
      // free, independent and confidential advocacy services to help them make their complaint."
      case 'wales':
        return (
          'Llais can help you make your complaint about health or social care in Wales. Its complaints ' +
          'advocacy service is free, independent and confidential. ' +
          `Website: llaiswales.org. ${NOT_AFFECTED}`
        );
      // PASS: "funded by the Scottish Government but is run independently by Citizens Advice Scotland …
      // www.cas.org.uk/pass or 0800 917 2127."
      case 'scotland':
        return (
          'The Patient Advice and Support Service (PASS) can help you make your complaint. It is free, ' +
          'independent and confidential, and run by Citizens Advice Scotland. Website: pass-scotland.org.uk. ' +
          `Telephone: 0800 917 2127. ${NOT_AFFECTED}`
        );
      case 'northern-ireland':
        return null;
    }
  }
  if (nation === 'northern-ireland') return null;
  // Citizens Advice for government and other public services: from knowledge, not from stored material (§6);
  // the UK Central Government Complaint Standards ask for "details of appropriate independent complaints
  // support and advice providers". Scotland has its own Citizens Advice (cas.org.uk, from the PASS quote).
  const citizensAdvice =
    nation === 'scotland'
      ? 'Citizens Advice Scotland (www.cas.org.uk)'
      : 'Citizens Advice (www.citizensadvice.org.uk)';
  return (
    `${citizensAdvice} can give you free, independent and confidential advice about your complaint and ` +
    `what you can do next.${sector === 'uk-government' ? ' Your MP’s office may also be able to help.' : ''} ` +
    NOT_AFFECTED
  );
}
