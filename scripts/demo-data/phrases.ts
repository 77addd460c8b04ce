// What handlers, investigators and signatories write as a case moves on: reasons, notes and summaries.

export const ACKNOWLEDGE_NOTES = [
  'Acknowledged by email with the leaflet on how we handle complaints.',
  'Acknowledged by phone and confirmed in writing.',
  'Acknowledgement letter sent with details of the independent advocacy service.',
  'Spoke to the complainant to agree the issues and how they would like to be kept informed.',
] as const;

export const ESCALATE_REASONS = [
  'The complaint raises concerns about clinical care that need a full investigation.',
  'The issues are complex and involve more than one service, so early resolution is not suitable.',
  'A possible patient safety incident: investigated at stage 2 alongside the incident review.',
  'The complainant asked for a formal investigation and a written response.',
  'The ward manager could not resolve the concerns on the phone; the complainant wants an independent look.',
] as const;

export const REOPEN_REASONS = [
  'The complainant wrote back unhappy with the stage 1 answer and asked for a formal investigation.',
  'The complainant says the explanation did not address the care given at night; investigating at stage 2.',
  'New information from the family about the discharge: reopened for investigation.',
] as const;

export const EXTEND_REASONS = [
  'Waiting for a statement from the consultant, who is on leave.',
  'The investigation needs records from the ambulance service, which have been requested.',
  'The complainant asked for a meeting before the response, and the first date they could make is later.',
  'The case is linked to a patient safety investigation that has not yet reported.',
  'More issues were raised by the family after the investigation started.',
] as const;

export const PAUSE_REASONS = [
  'Waiting for written consent from the patient to share their records with the complainant.',
  'The complainant asked us to hold the complaint while their relative is still in hospital.',
  'Waiting for the complainant to confirm the issues they want investigated.',
  'Paused at the complainant’s request while they are unwell.',
] as const;

export const RESUME_NOTES = [
  'Consent received; investigation restarted.',
  'The complainant confirmed the issues by email.',
  'The complainant is ready for us to continue.',
] as const;

export const WITHDRAW_REASONS = [
  'The complainant said the matter has been sorted out with the ward directly and asked us to close it.',
  'The complainant has decided to take legal action instead and asked us to stop.',
  'The complainant did not give consent for us to look at their relative’s records.',
  'The complainant no longer wishes to continue with the complaint.',
] as const;

export const RETURN_REASONS = [
  'The draft does not answer the question about what the nurses were told at handover. Please add it.',
  'Please make the apology clearer and explain the changes in plain English.',
  'The draft needs the learning and actions set out, with dates.',
] as const;

export const SIGN_OFF_NOTES = [
  'Signed off. A clear and honest response.',
  'Approved for sending.',
  'Signed off; please make sure the action plan goes to the next quality committee.',
] as const;

export const SUBMIT_NOTES = [
  'Draft response ready for sign-off, with the action plan attached.',
  'Response drafted after meeting the family.',
  'Draft response agreed with the clinical lead.',
] as const;

export const HANDLER_NOTES = [
  'Called the complainant to introduce myself and explain what happens next.',
  'Asked the ward manager for a statement and the nursing notes.',
  'The complainant prefers contact by email after 5pm.',
  'Chased the service for its comments.',
  'Offered the complainant a meeting with the matron.',
  'Shared the complaint with the patient safety team to check for an incident report.',
  'Complainant rang for an update; explained where we are and when to expect the response.',
] as const;

export const INVESTIGATOR_NOTES = [
  'Reviewed the medical and nursing records for the whole admission.',
  'Met the staff involved; statements on file.',
  'Checked the rota and staffing levels for the shifts involved.',
  'Discussed with the clinical lead, who agrees with the findings.',
] as const;

export const FINDINGS_BY_OUTCOME = {
  upheld: 'The records support what the complainant told us, and the care fell short of our standards.',
  'partly-upheld': 'Some of what the complainant described is supported by the records; some is not.',
  'not-upheld':
    'The records and the staff accounts show the care given was appropriate; we explained this to the complainant.',
  withdrawn: 'The complainant asked us not to look further into this point.',
  'not-pursued': 'Not pursued: this point is being handled through a separate safeguarding process.',
} as const;

export const STAGE1_SUMMARIES = {
  upheld: 'The ward manager apologised by phone and explained what will change.',
  'partly-upheld':
    'The service explained what happened, apologised for the communication and agreed a follow-up.',
  'not-upheld':
    'The service explained why the care was appropriate and answered the complainant’s questions.',
} as const;

/** What the investigation found, in the words the final response gives the complainant under "What we found". */
export const STAGE2_FINDINGS = {
  upheld: 'We found that the care and communication you received fell below the standard you should expect.',
  'partly-upheld':
    'We found that the care itself was appropriate, but that we did not explain what was happening or keep you informed as we should have.',
  'not-upheld':
    'We found that the care you received was appropriate and in line with our procedures; the records and the staff we spoke to explain the decisions made.',
} as const;

export const APOLOGIES = [
  'Written apology from the Chief Nurse',
  'Apology from the ward manager in person',
  'Written apology from the clinical director',
] as const;

export const EXPLANATIONS = [
  'Meeting with the consultant to go through the records',
  'Written explanation of the care given and the reasons for decisions',
  'Phone call from the matron to explain what happened',
] as const;

export const COLLEAGUE_INFORMED_NOTE =
  'Informed by their line manager and offered support from the staff wellbeing service.';
