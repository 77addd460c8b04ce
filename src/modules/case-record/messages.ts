/** Success banners after a change to the case record (`?done=`): what was done, and what comes next. */
export const CASE_RECORD_MESSAGES: Record<string, string> = {
  assigned: 'Assignment saved. Next: the handler takes the next step shown on the overview.',
  'issue-added': 'Issue added. Next: record its outcome and findings once it has been looked into.',
  'issue-outcome': 'Outcome recorded. Next: record an outcome for every other issue, then the response.',
  'remedy-added': 'Remedy added. Next: include it in the response to the complainant.',
  'colleague-added':
    'Colleague added. Next: tell them about the complaint and offer support, if they have not been told.',
  'note-added': 'Note added. It is listed under Documents and notes, newest first.',
  'attachment-added': 'File uploaded. It is listed under Documents and notes.',
};
