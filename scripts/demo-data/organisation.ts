import type { Role } from '../../src/auth/roles.ts';

export type ServiceKind = 'service' | 'team' | 'site';

/** The services, teams and sites of a medium-sized acute and community NHS trust. */
export const DEMO_SERVICES: readonly { name: string; kind: ServiceKind }[] = [
  { name: 'Emergency Department', kind: 'service' },
  { name: 'Maternity', kind: 'service' },
  { name: 'Outpatients', kind: 'service' },
  { name: 'Cardiology', kind: 'service' },
  { name: 'Mental Health – Community', kind: 'service' },
  { name: 'Patient Transport', kind: 'service' },
  { name: 'Pharmacy', kind: 'service' },
  { name: 'Orthopaedics', kind: 'service' },
  { name: 'Children’s Ward', kind: 'service' },
  { name: 'General Surgery', kind: 'service' },
  { name: 'Oncology', kind: 'service' },
  { name: 'Radiology', kind: 'service' },
  { name: 'Stroke Unit', kind: 'service' },
  { name: 'Care of Older People', kind: 'service' },
  { name: 'Palliative Care', kind: 'team' },
  { name: 'Discharge Team', kind: 'team' },
  { name: 'Appointments Centre', kind: 'team' },
  { name: 'Catering', kind: 'team' },
  { name: 'Facilities – Estates', kind: 'team' },
  { name: 'St Mary’s Hospital', kind: 'site' },
  { name: 'Riverside Community Hospital', kind: 'site' },
  { name: 'Northgate Health Centre', kind: 'site' },
];

/** The trust's complaints team, as its acknowledgement letters give it (telephone numbers kept for drama). */
export function demoComplaintsTeam(organisationName: string) {
  return {
    complaintsTeamName: 'Patient Advice and Complaints Team',
    complaintsTeamPhone: '0113 496 0123 (Monday to Friday, 9am to 5pm)',
    complaintsTeamAddress: `Patient Advice and Complaints Team\n${organisationName}\nSt Mary’s Hospital\nPraed Street\nLeeds\nLS1 4AA`,
    advocacyName: 'NHS Complaints Advocacy',
    advocacyUrl: 'https://advocacy.example.org.uk',
  };
}

export interface DemoStaff {
  name: string;
  role: Role;
  /** Used in the demo's notes and colleague records, never for permissions. */
  jobTitle: string;
}

/** Staff of every role; emails are made from the names and the organisation's short name. */
export const DEMO_STAFF: readonly DemoStaff[] = [
  { name: 'Priya Shah', role: 'administrator', jobTitle: 'Patient Experience Systems Lead' },
  { name: 'Joanne Whitfield', role: 'complaints-manager', jobTitle: 'Head of Complaints and PALS' },
  { name: 'Daniel Okafor', role: 'complaints-handler', jobTitle: 'Complaints Officer' },
  { name: 'Sarah Lewis', role: 'complaints-handler', jobTitle: 'Complaints Officer' },
  { name: 'Tomasz Nowak', role: 'complaints-handler', jobTitle: 'Senior Complaints Officer' },
  { name: 'Aisha Rahman', role: 'complaints-handler', jobTitle: 'Complaints Officer' },
  { name: 'Helen Carter', role: 'investigator', jobTitle: 'Consultant in Emergency Medicine' },
  { name: 'Mark Jennings', role: 'investigator', jobTitle: 'Matron, Surgery' },
  { name: 'Grace Adeyemi', role: 'investigator', jobTitle: 'Ward Manager, Care of Older People' },
  { name: 'Rhys Morgan', role: 'investigator', jobTitle: 'Service Manager, Community Services' },
  { name: 'Elizabeth Hartley', role: 'responsible-person', jobTitle: 'Chief Executive' },
  { name: 'Anand Mehta', role: 'senior-leader', jobTitle: 'Medical Director' },
  { name: 'Claire Donovan', role: 'senior-leader', jobTitle: 'Chief Nurse' },
  { name: 'Margaret Ellis', role: 'board-member', jobTitle: 'Non-executive Director' },
  { name: 'Liam Fraser', role: 'colleague', jobTitle: 'Staff Nurse' },
  { name: 'Chloe Bennett', role: 'colleague', jobTitle: 'Healthcare Assistant' },
];

/** Lower-case "first.last" for an email address, keeping only letters. */
export function emailLocalPart(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z\s-]/g, '')
    .trim()
    .split(/[\s-]+/)
    .join('.');
}
