/** The only names a letter template may use, with what each means (shown to whoever edits a template). */
export const PLACEHOLDERS = [
  { name: 'reference', description: 'The complaint reference, like CMP-2026-000123', missing: 'reference' },
  { name: 'complainant_name', description: 'The complainant’s name', missing: 'complainant’s name' },
  { name: 'organisation_name', description: 'Your organisation’s name', missing: 'organisation name' },
  {
    name: 'complaints_team_name',
    description: 'The name of your complaints team (from the organisation settings)',
    missing: 'complaints team name',
  },
  {
    name: 'complaints_team_phone',
    description: 'Your complaints team’s telephone number (from the organisation settings)',
    missing: 'complaints team telephone number',
  },
  {
    name: 'complaints_team_email',
    description: 'Your complaints team’s email address (from the organisation settings)',
    missing: 'complaints team email address',
  },
  {
    name: 'complaints_team_address',
    description: 'Your complaints team’s postal address (from the organisation settings)',
    missing: 'complaints team postal address',
  },
  { name: 'received_date', description: 'The date the complaint was received', missing: 'date received' },
  {
    name: 'acknowledge_by',
    description: 'The date the complaint is to be acknowledged by',
    missing: 'acknowledgement date',
  },
  {
    name: 'stage_due_by',
    description: 'The date the response at the current stage is due (the new date, if extended)',
    missing: 'response due date',
  },
  {
    name: 'outer_limit_by',
    description: 'The latest date for the final response, where your timescales set an outer limit',
    missing: 'latest date for the final response',
  },
  {
    name: 'stage1_days',
    description: 'Working days to respond at stage 1 (early resolution)',
    missing: 'stage 1 working days',
  },
  {
    name: 'stage2_days',
    description: 'Working days to respond at stage 2 (investigation)',
    missing: 'stage 2 working days',
  },
  {
    name: 'acknowledge_days',
    description: 'Working days to acknowledge a complaint at its current stage',
    missing: 'working days to acknowledge',
  },
  {
    name: 'outcome',
    description: 'The outcome, written as “upheld”, “partly upheld” or “not upheld”',
    missing: 'the outcome (upheld, partly upheld or not upheld)',
  },
  { name: 'outcome_summary', description: 'The summary of what was found', missing: 'what we found' },
  {
    name: 'remedies',
    description: 'What will be put right, one remedy a line',
    missing: 'what we will put right, or that nothing needs putting right',
  },
  { name: 'extension_reason', description: 'Why more time is needed', missing: 'why we need more time' },
  { name: 'new_due_date', description: 'The new due date after an extension', missing: 'the new due date' },
  {
    name: 'extension_told_date',
    description: 'The date the complainant was told about the extension',
    missing: 'the date we told them about the extension',
  },
  {
    name: 'handler_name',
    description: 'The name of the person handling the complaint (or sending the letter, if none)',
    missing: 'your name',
  },
  {
    name: 'ombudsman_signposting',
    description:
      'What to do if still not satisfied, in order: any independent body before the Ombudsman, then your ' +
      'Ombudsman, each with its time limit, website and telephone',
    missing: 'how to contact the Ombudsman',
  },
  {
    name: 'ombudsman_contact',
    description: 'The name, website and telephone number of the Ombudsman your complainants can go to',
    missing: 'the Ombudsman’s name and contact details',
  },
  {
    name: 'signatory_name',
    description: 'The name of the responsible person who signed off the final response',
    missing: 'the name of the responsible person who signed it off',
  },
  {
    name: 'signatory_role',
    description: 'The role of the responsible person who signed off the final response',
    missing: 'their role',
  },
  {
    name: 'independent_advocacy',
    description:
      'Where to get free, independent help to make a complaint, chosen by your nation and sector (for ' +
      'example NHS Complaints Advocacy, Llais, PASS or Citizens Advice)',
    missing: 'where to get free, independent help with a complaint',
  },
  { name: 'today', description: 'Today’s date', missing: 'today’s date' },
] as const;

export type Placeholder = (typeof PLACEHOLDERS)[number]['name'];
