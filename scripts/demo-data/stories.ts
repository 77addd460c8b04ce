/**
 * Made-up complaints of the kinds an NHS trust receives, one per story, with what the person wants, the issues
 * a handler would code, what an investigation might find and what the trust might change.
 *
 * `about` says whose care it was: the complainant's own ('self'), or a relative's, in which case the complaint
 * is made on their behalf. Texts about a relative use tokens filled in for the relative's sex:
 * {parent} mother/father, {mum} mum/dad, {child} daughter/son, {partner} wife/husband,
 * {he} she/he, {He} She/He, {his} her/his, {His} Her/His, {him} her/him, and {name} for their first name.
 */
export type About = 'self' | 'parent' | 'child' | 'minor' | 'partner';

export interface Story {
  service: string;
  /** KO41a-style subject, for the handler's notes. */
  subject: string;
  about: About;
  /** Forces the sex of the person the complaint is about, where the story needs it. */
  sex?: 'female' | 'male';
  /** The person the complaint is about has died, so no consent is needed. */
  deceased?: boolean;
  description: string;
  outcomeSought: string;
  issues: readonly string[];
  finding: string;
  change: string;
  redress?: { description: string; pounds: readonly [number, number] };
  colleague?: { jobTitle: string; involvement: string };
  /** Relative frequency: common complaints come up more often. */
  weight?: number;
}

export const STORIES: readonly Story[] = [
  {
    service: 'Emergency Department',
    subject: 'Waiting times',
    about: 'self',
    weight: 3,
    description:
      'I came to A&E with severe abdominal pain and waited seven and a half hours on a trolley in the ' +
      'corridor. Nobody told me how long it would be or why. I asked three times for pain relief and was ' +
      'told each time that someone would come. In the end I was seen by a doctor at 2am and admitted.',
    outcomeSought:
      'An explanation of why I waited so long without pain relief, and to know what is being done so ' +
      'others do not go through the same.',
    issues: ['Waited over seven hours to be seen', 'Pain relief not given when asked for'],
    finding:
      'The department was at full capacity that evening with eleven ambulances waiting to hand over. ' +
      'Pain scores were recorded at triage but were not repeated for five hours, which is outside our ' +
      'standard of hourly checks for patients waiting in the corridor.',
    change:
      'A corridor care nurse is now rostered on every shift to check pain scores hourly and give pain ' +
      'relief under a patient group direction.',
    colleague: { jobTitle: 'Nurse in charge', involvement: 'Nurse in charge of the department that night' },
  },
  {
    service: 'Emergency Department',
    subject: 'Admissions and discharges',
    about: 'parent',
    description:
      'My {parent}, who is 87 and has dementia, was sent home from A&E by taxi at 3am on their own. ' +
      'Nobody rang me, even though my number is on {his} records as next of kin. A neighbour found {him} ' +
      'sitting on the doorstep in the cold the next morning.',
    outcomeSought:
      'An apology to my {parent}, and an assurance that vulnerable older people will not be discharged ' +
      'alone at night without their family being told.',
    issues: ['Discharged alone at night', 'Next of kin not contacted'],
    finding:
      'The decision to discharge was clinically appropriate, but the discharge checklist was not ' +
      'completed and the next of kin was not contacted. Our policy says patients with dementia should not ' +
      'be discharged between 10pm and 7am unless a carer is present.',
    change:
      'The electronic discharge checklist now cannot be completed overnight for a patient with a dementia ' +
      'flag unless the next of kin has been contacted.',
    colleague: { jobTitle: 'Staff Nurse', involvement: 'Arranged the taxi and discharged the patient' },
  },
  {
    service: 'Emergency Department',
    subject: 'Values and behaviours (staff)',
    about: 'self',
    description:
      'When I went back to the reception desk to say my chest pain was getting worse, the receptionist ' +
      'rolled her eyes and said everyone was waiting and I would have to sit down. I felt humiliated in ' +
      'front of a full waiting room and was too frightened to ask again.',
    outcomeSought:
      'I would like an apology and for reception staff to be trained to take worsening symptoms seriously.',
    issues: ['Attitude of reception staff', 'Worsening symptoms not passed to clinical staff'],
    finding:
      'The receptionist accepts she was short with you at the end of a long shift and is sorry. Worsening ' +
      'symptoms reported at reception should be passed straight to the triage nurse, and this did not happen.',
    change:
      'Reception staff have had refresher training, and a "tell the triage nurse" card is now on the desk ' +
      'listing symptoms that must be escalated at once.',
    colleague: {
      jobTitle: 'Receptionist',
      involvement: 'On the reception desk when the patient asked for help',
    },
  },
  {
    service: 'Emergency Department',
    subject: 'Clinical treatment',
    about: 'minor',
    description:
      'My {child} {name} fell off {his} bike and hurt {his} wrist. We were told at A&E it was a sprain and ' +
      "sent home without an X-ray. Ten days later, still in pain, {he} had an X-ray at the GP's request " +
      'which showed a fracture, and {he} now needs an operation.',
    outcomeSought: 'To understand why no X-ray was done, and for this not to happen to another child.',
    issues: ['Fracture missed at first attendance', 'No X-ray despite tenderness'],
    finding:
      'The examination recorded tenderness over the scaphoid bone. Our guideline says a child with that ' +
      'finding should have an X-ray and a follow-up appointment, and neither happened.',
    change:
      'The paediatric wrist injury guideline has been added to the junior doctor induction and a prompt ' +
      'added to the electronic record.',
    redress: {
      description: 'Reimbursement of travel and parking costs for extra appointments',
      pounds: [40, 160],
    },
    colleague: {
      jobTitle: 'Junior Doctor',
      involvement: 'Examined the patient and made the discharge decision',
    },
  },
  {
    service: 'Emergency Department',
    subject: 'Privacy, dignity and wellbeing',
    about: 'parent',
    description:
      'My {parent} was left in a cubicle with the curtain open, in a soiled gown, for over two hours. ' +
      'When I asked for help to change {him} I was told the healthcare assistants were busy. {He} was ' +
      'very distressed and kept saying {he} was ashamed.',
    outcomeSought: 'An apology to my {parent} and to know that staff will keep patients clean and covered.',
    issues: ['Dignity not maintained', 'Personal care not given'],
    finding:
      'The records show no personal care for two hours and twenty minutes. Staffing was below the planned ' +
      'level that afternoon, but this does not excuse leaving a patient in that state.',
    change:
      'Intentional rounding every two hours now includes personal care and is checked by the nurse in charge.',
  },
  {
    service: 'Emergency Department',
    subject: 'Facilities',
    about: 'parent',
    description:
      "My {parent}'s hearing aids were taken out in the resuscitation room and were lost when {he} was " +
      'moved to a ward. Without them {he} could not follow what the doctors were saying for the rest of ' +
      '{his} stay.',
    outcomeSought: "The hearing aids replaced, and staff to look after patients' belongings properly.",
    issues: ['Hearing aids lost', 'Property not recorded on transfer'],
    finding:
      'The property record was not completed when your {parent} was moved from resuscitation to the ward, ' +
      'and the hearing aids could not be found despite a search.',
    change:
      'Property bags and a property record are now part of the transfer checklist from the resuscitation room.',
    redress: { description: 'Cost of replacement hearing aids', pounds: [250, 900] },
  },
  {
    service: 'Maternity',
    subject: 'Communications',
    about: 'self',
    weight: 2,
    description:
      'My birth plan said I wanted to try for a water birth and to be told before any intervention. On the ' +
      'day nobody read it. When I said the pain was unbearable I was told I was "only 3 centimetres" and ' +
      'left. I had an emergency caesarean and nobody explained why until days later.',
    outcomeSought:
      'A meeting to go through my notes and understand what happened, and for midwives to listen to women.',
    issues: [
      'Birth plan not followed',
      'Not listened to about pain',
      'No explanation of emergency caesarean',
    ],
    finding:
      "The decision for a caesarean was appropriate when the baby's heart rate dropped, but the reasons " +
      'were not explained to you afterwards, and your birth plan was not discussed on admission.',
    change:
      'Every woman is now offered a birth reflections appointment with a senior midwife, and birth plans ' +
      'are reviewed at the first assessment on the labour ward.',
    colleague: { jobTitle: 'Midwife', involvement: 'Midwife caring for the complainant in early labour' },
  },
  {
    service: 'Maternity',
    subject: 'Staff numbers',
    about: 'partner',
    sex: 'female',
    description:
      'After our baby was born my {partner} was moved to the postnatal ward at night. {He} pressed the ' +
      'buzzer several times for help to lift the baby after {his} caesarean and nobody came for over an ' +
      'hour. I had been sent home at 8pm and could not help.',
    outcomeSought: 'For partners to be allowed to stay, and enough staff on the postnatal ward at night.',
    issues: ['Call bell not answered', 'Partner not allowed to stay overnight'],
    finding:
      'There were two midwives and one maternity support worker for 28 women and babies that night, ' +
      'against a plan of three midwives. Call bell response times were not being monitored.',
    change:
      'Partners can now stay overnight on the postnatal ward, and call bell response times are audited ' +
      'monthly and reported to the maternity safety champions.',
  },
  {
    service: 'Maternity',
    subject: 'Values and behaviours (staff)',
    about: 'self',
    description:
      'At my booking appointment the midwife made comments about my weight in front of my mother, saying ' +
      'I was "eating for three". I left in tears and did not want to go back to antenatal appointments.',
    outcomeSought: 'An apology and a different midwife for the rest of my pregnancy.',
    issues: ['Inappropriate comments about weight'],
    finding:
      'The midwife accepts she made the comment and did not intend to upset you. Weight should be ' +
      'discussed sensitively and privately, with the reasons explained.',
    change: 'The community midwifery team has had training on discussing weight without stigma.',
    colleague: { jobTitle: 'Community Midwife', involvement: 'Carried out the booking appointment' },
  },
  {
    service: 'Outpatients',
    subject: 'Appointments',
    about: 'self',
    weight: 3,
    description:
      'My dermatology appointment has been cancelled three times, each time by a letter that arrived after ' +
      'the appointment date. I have now been waiting fourteen months with a mole my GP wanted checked.',
    outcomeSought:
      'A firm appointment date as soon as possible and an explanation of why the letters arrive late.',
    issues: ['Appointment cancelled three times', 'Letters arrived after the appointment date'],
    finding:
      'Two cancellations were because a consultant post was vacant. The letters were posted second class ' +
      'by our external mail provider, which added up to five days.',
    change:
      'Cancellation letters are now sent by text message and email as well as by post, and first class.',
  },
  {
    service: 'Outpatients',
    subject: 'Waiting times',
    about: 'self',
    description:
      'I waited two hours past my appointment time in the fracture clinic. There was no information on the ' +
      'board and reception could not tell me anything. I had to leave to collect my children and have been ' +
      'recorded as "did not attend".',
    outcomeSought: 'The "did not attend" removed from my record and a new appointment.',
    issues: ['Clinic running two hours late without information', 'Wrongly recorded as did not attend'],
    finding:
      'The clinic overran because two doctors were called to theatre. Waiting times should have been ' +
      'shown on the board and announced, and you should not have been recorded as not attending.',
    change:
      'Clinic waiting times are now updated on the screens every thirty minutes by the clinic coordinator.',
  },
  {
    service: 'Outpatients',
    subject: 'Trust administration',
    about: 'self',
    description:
      'A clinic letter about my hospital appointment, with my diagnosis in it, was sent to my old address. ' +
      'The new tenant opened it and brought it round. I updated my address with the hospital last year.',
    outcomeSought: 'To know how this happened and that my address is now right everywhere.',
    issues: ['Letter sent to an old address', 'Confidential information disclosed'],
    finding:
      'Your address was updated on the patient administration system but not on the separate clinic letter ' +
      'system, which takes its addresses from a nightly copy that failed for two weeks.',
    change:
      'The nightly address copy is now monitored, and a failed copy raises an alert to the IT service desk.',
  },
  {
    service: 'Cardiology',
    subject: 'Clinical treatment',
    about: 'parent',
    description:
      'My {parent} was discharged from the cardiology ward on a new heart failure tablet, but nobody arranged ' +
      'the blood test {he} needed a week later. {He} was readmitted two weeks later with kidney problems.',
    outcomeSought: 'To know why the blood test was not arranged and what will stop it happening again.',
    issues: ['Follow-up blood test not arranged', 'Readmission'],
    finding:
      'The discharge summary asked the GP to arrange the blood test, but it was sent to the wrong practice. ' +
      'The heart failure nurse follow-up call was also missed because of sickness in the team.',
    change: 'Heart failure patients now have their blood test booked by the ward before they go home.',
  },
  {
    service: 'Cardiology',
    subject: 'Waiting times',
    about: 'self',
    description:
      'My GP referred me for an echocardiogram because of breathlessness. I waited nine months for the scan ' +
      'and another three months for the results, during which my symptoms got worse.',
    outcomeSought: 'My results explained to me, and to understand why the wait was so long.',
    issues: ['Long wait for echocardiogram', 'Delay in results'],
    finding:
      'The waiting time for routine echocardiograms was 38 weeks because of vacancies among cardiac ' +
      'physiologists. The report was completed but not sent because of an error in the referral address.',
    change:
      'Two extra cardiac physiologists have been recruited and a Saturday list added; results are now ' +
      'checked against the referral within five working days.',
  },
  {
    service: 'Cardiology',
    subject: 'Communications',
    about: 'self',
    description:
      'I had a 24-hour heart monitor fitted in March and was told I would hear in four weeks. I never heard. ' +
      'When I saw my GP in July for something else she told me the results showed an irregular heartbeat.',
    outcomeSought: 'An apology and an appointment to discuss the results and treatment.',
    issues: ['Test results not given to the patient'],
    finding:
      'The results were sent to your GP but the clinic did not write to you as it should have, because the ' +
      'letter template was missing from the new system.',
    change:
      'Patient copies of results letters are now produced automatically for all cardiac monitoring tests.',
  },
  {
    service: 'Mental Health – Community',
    subject: 'Access to treatment or drugs',
    about: 'child',
    description:
      'My {child} {name} was discharged from the community mental health team after missing two ' +
      'appointments while {he} was very unwell. No one contacted {him} or us first. {He} ended up in crisis ' +
      'a month later.',
    outcomeSought:
      'For {name} to be taken back under the team, and for families to be contacted before discharge.',
    issues: ['Discharged after missed appointments', 'Family not involved in care planning'],
    finding:
      'The discharge followed the "did not attend" policy, but the policy requires a risk review and contact ' +
      'with the person and their named carer first, and this was not done.',
    change:
      'The team has changed its process so no one is discharged after missed appointments without a risk ' +
      'review and a call to the person and their carer.',
    colleague: { jobTitle: 'Care Coordinator', involvement: 'Care coordinator who arranged the discharge' },
  },
  {
    service: 'Mental Health – Community',
    subject: 'Communications',
    about: 'self',
    description:
      'I rang the crisis line twice in one night and was told someone would call me back within an hour. ' +
      'Nobody called. I was alone and had thoughts of ending my life.',
    outcomeSought: 'To know why I was not called back, and for the crisis line to have enough staff.',
    issues: ['Crisis line did not call back'],
    finding:
      'Both calls were logged, but the call-back list was not handed over at the change of shift at ' +
      'midnight, so the calls were missed.',
    change: 'Crisis call-backs are now held on a shared electronic list that is reviewed at every handover.',
  },
  {
    service: 'Mental Health – Community',
    subject: 'Values and behaviours (staff)',
    about: 'child',
    description:
      "My {child}'s care coordinator refused to speak to me about {his} care at all, even about general " +
      'things like how to get help in an emergency, saying it was confidential. I am {his} main carer.',
    outcomeSought: 'To be treated as a carer and given information that does not breach confidentiality.',
    issues: ['Carer not given general information', "Carer's assessment not offered"],
    finding:
      "Your {child} had not consented to details being shared, but general information and a carer's " +
      'assessment should still have been offered to you under the Triangle of Care.',
    change:
      "The team has a carers' lead, and every carer is now offered a carer's information pack and assessment.",
  },
  {
    service: 'Patient Transport',
    subject: 'Transport (ambulances and other)',
    about: 'self',
    weight: 2,
    description:
      'Patient transport was booked to take me to dialysis at 7am. It did not arrive until 9.40am, so I ' +
      'missed my slot and had to stay until 7pm. This has now happened four times in two months.',
    outcomeSought: 'Reliable transport to dialysis three times a week.',
    issues: ['Late collection for dialysis', 'Repeated failures'],
    finding:
      'The transport provider had vehicles off the road and did not prioritise renal patients, as the ' +
      'contract requires.',
    change:
      'Renal journeys are now flagged as priority, and late collections are reported to the contract meeting weekly.',
  },
  {
    service: 'Patient Transport',
    subject: 'Transport (ambulances and other)',
    about: 'parent',
    description:
      'After an outpatient appointment my {parent}, who uses a wheelchair, waited four hours in the ' +
      'discharge lounge for transport home without a drink or the toilet. {He} got home at 9pm exhausted.',
    outcomeSought: 'An apology and for patients waiting for transport to be looked after.',
    issues: ['Four-hour wait for transport home', 'No food, drink or personal care while waiting'],
    finding:
      'The return journey was booked for the wrong time. Staff in the lounge did not offer refreshments ' +
      'or help to the toilet as they should.',
    change: 'Volunteers now check on everyone waiting over an hour in the lounge and offer refreshments.',
  },
  {
    service: 'Pharmacy',
    subject: 'Prescribing errors',
    about: 'parent',
    weight: 2,
    description:
      'My {parent} was sent home with warfarin tablets at twice the dose {he} had been taking before. ' +
      'Nobody explained the change. {He} had a nosebleed that would not stop and went back to A&E.',
    outcomeSought: 'To know how the error happened, and for the pharmacist to check discharge medicines.',
    issues: ['Wrong warfarin dose on discharge', 'Medicine changes not explained'],
    finding:
      'The dose was transcribed wrongly onto the discharge prescription and was not picked up at the ' +
      'pharmacy check because the ward asked for an urgent discharge. This was reported as a patient safety incident.',
    change:
      "Anticoagulants can no longer be supplied on discharge without a pharmacist's check, even when " +
      'the discharge is urgent.',
    colleague: { jobTitle: 'Ward Pharmacist', involvement: 'Checked the discharge prescription' },
  },
  {
    service: 'Pharmacy',
    subject: 'Prescribing errors',
    about: 'self',
    description:
      'I was told I could go home at 11am but waited until 5pm for my tablets from pharmacy. I was sat in a ' +
      'chair all day and my lift had to go home and come back.',
    outcomeSought: 'An explanation of why it took six hours to get my medicines.',
    issues: ['Six-hour wait for discharge medicines'],
    finding:
      'The prescription was not written until 2pm, and it then waited in the pharmacy queue behind a ' +
      'large number of discharges. Pharmacy turnaround was within its two-hour standard.',
    change: 'Discharge prescriptions are now written the day before planned discharges.',
  },
  {
    service: 'Pharmacy',
    subject: 'Patient care',
    about: 'self',
    description:
      'I am an insulin-dependent diabetic. On the surgical ward my evening insulin was missed twice because ' +
      'it was "not on the chart", even though I told the nurses. My blood sugar went very high.',
    outcomeSought: 'For my own insulin to be used and for staff to listen to diabetic patients.',
    issues: ['Insulin doses missed', "Patient's knowledge of own condition ignored"],
    finding:
      'Your insulin was not prescribed on admission. Missed insulin is a never-event risk and should have ' +
      'been escalated to the doctor when you raised it.',
    change: 'The diabetes team now reviews every insulin-treated patient within 24 hours of admission.',
  },
  {
    service: 'Orthopaedics',
    subject: 'Appointments',
    about: 'self',
    weight: 2,
    description:
      'My hip replacement has been cancelled on the day twice. Each time I had fasted, arranged care for my ' +
      'husband and been prepared for theatre before being sent home.',
    outcomeSought: 'A guaranteed date for my operation and help with the extra costs.',
    issues: ['Operation cancelled on the day twice'],
    finding:
      'Both cancellations were due to a lack of beds after emergency admissions. The standard is that a ' +
      'patient cancelled on the day is offered a new date within 28 days, and this was not met.',
    change: 'Elective hip and knee operations have moved to the ring-fenced surgical hub at Riverside.',
    redress: { description: 'Costs of replacement care arranged for the day of surgery', pounds: [60, 240] },
  },
  {
    service: 'Orthopaedics',
    subject: 'Clinical treatment',
    about: 'self',
    description:
      'After my knee operation I have numbness down my leg. I was not told before the operation that nerve ' +
      'damage was a risk, and when I raised it at follow-up I was told it would settle. It has not.',
    outcomeSought: 'A second opinion and to know why the risk was not explained.',
    issues: ['Risk of nerve damage not explained', 'Concerns dismissed at follow-up'],
    finding:
      'The consent form lists nerve injury, but there is no record that it was discussed with you. ' +
      'The follow-up letter does not record your symptoms.',
    change:
      'Consent for joint surgery now includes a patient information leaflet given at clinic, not on the day.',
    colleague: { jobTitle: 'Orthopaedic Registrar', involvement: 'Took consent before the operation' },
  },
  {
    service: 'Orthopaedics',
    subject: 'Patient care',
    about: 'parent',
    description:
      'My {parent} was admitted with a broken hip and developed a grade 3 pressure sore on {his} heel on ' +
      'the ward. We were not told until we saw it ourselves.',
    outcomeSought: 'To know why the pressure sore was not prevented and why we were not told.',
    issues: ['Pressure ulcer developed on the ward', 'Family not told'],
    finding:
      'A pressure risk assessment was done on admission but the heel offloading boots were not in place ' +
      'for three days because none were available on the ward.',
    change:
      'Heel offloading boots are now stocked on every orthopaedic ward and checked at the daily safety huddle.',
  },
  {
    service: 'Children’s Ward',
    subject: 'Communications',
    about: 'minor',
    description:
      'My {child} {name}, aged six, was kept nil by mouth for fourteen hours for an operation that was ' +
      'then postponed to the next day. Nobody told us until 7pm. {He} was hungry, upset and confused.',
    outcomeSought: 'For children not to be starved for so long, and for parents to be told about delays.',
    issues: ['Nil by mouth for fourteen hours', 'Delay not explained to parents'],
    finding:
      'Our guidance allows clear fluids up to one hour before anaesthetic for children, but this was not ' +
      'followed, and the theatre list delay was not passed to the ward.',
    change:
      'Children on a theatre list now get a "sip till send" drink plan, and delays are phoned through to the ward.',
  },
  {
    service: 'Children’s Ward',
    subject: 'Facilities',
    about: 'minor',
    description:
      'When my {child} was admitted there was no bed or chair for me to sleep in, so I spent three nights ' +
      'sitting on a plastic chair next to {his} cot. There was nowhere to make a hot drink.',
    outcomeSought: 'Proper facilities for parents staying with their children.',
    issues: ['No bed for the resident parent', "No parents' kitchen"],
    finding:
      "The fold-out beds had been taken away for repair and not replaced, and the parents' kitchen was " +
      'closed for refurbishment without any alternative.',
    change:
      "Twelve new parent recliner beds have been bought with charitable funds and a temporary parents' room opened.",
  },
  {
    service: 'Children’s Ward',
    subject: 'Values and behaviours (staff)',
    about: 'minor',
    description:
      'My {child}, who is fourteen, was admitted after self-harming. A nurse told {him} {he} was taking up ' +
      'a bed from children who were really ill. {He} has refused to go back to hospital since.',
    outcomeSought:
      'An apology to my {child} and training for staff on caring for young people who self-harm.',
    issues: ['Hurtful comment by a nurse', 'Care of a young person after self-harm'],
    finding:
      'The nurse denies using those words, but accepts the conversation was not handled with compassion.',
    change:
      "All children's ward nurses are completing self-harm awareness training delivered with the CAMHS team.",
    colleague: { jobTitle: 'Staff Nurse', involvement: 'Caring for the patient on the night shift' },
  },
  {
    service: 'Facilities – Estates',
    subject: 'Facilities',
    about: 'self',
    description:
      'During my two-week stay on Ward 7 the only accessible toilet was out of order and the heating ' +
      'did not work. Patients were given extra blankets but it was freezing at night.',
    outcomeSought: 'The toilet and heating fixed and checks to make sure faults are repaired quickly.',
    issues: ['Accessible toilet out of order', 'Heating failure'],
    finding:
      'Both faults were reported but were logged as routine rather than urgent, so they joined a ' +
      'three-week queue.',
    change: 'Faults affecting patient comfort on wards are now logged as urgent with a 24-hour target.',
  },
  {
    service: 'St Mary’s Hospital',
    subject: 'Facilities',
    about: 'self',
    weight: 3,
    description:
      'I received a parking charge notice even though I displayed my blue badge. When I appealed, the ' +
      'parking company said blue badge holders must also register at reception, which is not signed anywhere.',
    outcomeSought: 'The charge cancelled and clear signs for blue badge holders.',
    issues: ['Parking charge despite blue badge', 'Registration rule not signed'],
    finding:
      'The parking contract requires blue badge holders to register, but the signs in the disabled bays ' +
      'do not say so.',
    change:
      'New signs have been put up in all disabled bays, and badge holders can now register at the pay machine.',
    redress: { description: 'Refund of the parking charge notice', pounds: [25, 100] },
  },
  {
    service: 'St Mary’s Hospital',
    subject: 'Facilities',
    about: 'self',
    description:
      'Both pay machines in the multi-storey car park were broken, the phone payment line did not answer ' +
      'and I was late for my scan. I came back to a penalty notice.',
    outcomeSought: 'The penalty cancelled and the machines fixed.',
    issues: ['Pay machines out of order', 'Penalty notice issued'],
    finding:
      'The machines had been out of order for two days, and the contractor should have suspended charges.',
    change: 'Charges are now suspended automatically when the pay machines are out of order.',
    redress: { description: 'Refund of the penalty notice', pounds: [40, 100] },
  },
  {
    service: 'Riverside Community Hospital',
    subject: 'Facilities',
    about: 'self',
    description:
      'I use a wheelchair. The lift to the first-floor physiotherapy department at Riverside was broken for ' +
      'three weeks and nobody told me before I travelled, so I missed two appointments.',
    outcomeSought:
      'Appointments moved to the ground floor when the lift is broken, and to be told in advance.',
    issues: ['Lift out of order', 'Not told before travelling'],
    finding:
      'The lift needed a part from the manufacturer. Physiotherapy should have contacted patients with ' +
      'mobility needs and moved their appointments.',
    change:
      'Patients with a mobility flag are now contacted whenever a lift at a community site is out of order.',
  },
  {
    service: 'Catering',
    subject: 'Patient care',
    about: 'parent',
    description:
      'My {parent} needs help to eat. Meal trays were left out of reach and taken away untouched. {He} ' +
      'lost six kilos in three weeks. There was no red tray or red jug to show {he} needed help.',
    outcomeSought:
      'For patients who need help to eat to get it, and for the family to be told about weight loss.',
    issues: ['Help with eating not given', 'Weight loss not acted on'],
    finding:
      'The nutrition screening was done on admission but not repeated weekly, and the red tray system ' +
      'was not used on the ward.',
    change: 'Protected mealtimes with a named helper per bay are in place, and weekly weights are audited.',
  },
  {
    service: 'Catering',
    subject: 'Facilities',
    about: 'self',
    description:
      'I have coeliac disease and told staff on admission. For three days I was given meals with gluten, ' +
      'and on one day the only option offered was a salad.',
    outcomeSought: 'Safe meals for patients with allergies and intolerances.',
    issues: ['Gluten-free diet not provided'],
    finding: 'Your diet was recorded in the nursing notes but not on the catering ordering system.',
    change: 'Special diets recorded at admission now go straight to the catering system.',
  },
  {
    service: 'Care of Older People',
    subject: 'Privacy, dignity and wellbeing',
    about: 'parent',
    weight: 2,
    description:
      'My {parent}, who has dementia, was not washed for four days and {his} dentures went missing. ' +
      'Without {his} dentures {he} could not eat properly. When I asked, staff said they did not know where they were.',
    outcomeSought: 'New dentures paid for and proper personal care for people with dementia.',
    issues: ['Personal care not given', 'Dentures lost'],
    finding:
      'The care records show gaps in personal care on three of the four days. The dentures were not on the ' +
      'property list when your {parent} moved wards.',
    change: 'Denture pots are now labelled at admission and checked at every ward move.',
    redress: { description: 'Cost of replacement dentures', pounds: [350, 650] },
    colleague: { jobTitle: 'Healthcare Assistant', involvement: 'Responsible for personal care in the bay' },
  },
  {
    service: 'Care of Older People',
    subject: 'Patient care',
    about: 'parent',
    description:
      'My {parent} fell twice on the ward in one week. The second fall caused a head injury. We were told ' +
      'about the first fall only when we visited two days later.',
    outcomeSought: 'To know what was done to stop {him} falling, and for families to be told straight away.',
    issues: ['Repeated falls on the ward', 'Family not told about a fall'],
    finding:
      'A falls risk assessment was done but the bed rail and sensor mat were not put in place after the ' +
      'first fall. Our policy is to tell the family within 24 hours.',
    change: 'A falls practitioner now reviews every patient who falls on the ward within 24 hours.',
  },
  {
    service: 'Palliative Care',
    subject: 'End of life care',
    about: 'parent',
    deceased: true,
    description:
      'My {mum} wanted to die at home. A fast-track discharge was agreed but took eleven days to arrange, ' +
      'and {he} died on the ward the day before {he} was due to go home.',
    outcomeSought: 'To know why it took so long, so other families do not lose the chance we lost.',
    issues: ['Delay in fast-track discharge', 'Wish to die at home not met'],
    finding:
      'The continuing healthcare funding was agreed in two days, but the care package took nine days ' +
      'to find and the ward did not escalate the delay.',
    change:
      'Fast-track discharges are now tracked daily by the palliative care team, and delays beyond 48 hours ' +
      'are escalated to the integrated care board.',
  },
  {
    service: 'Palliative Care',
    subject: 'End of life care',
    about: 'parent',
    deceased: true,
    description:
      "In my {parent}'s last days {he} was in pain and the syringe driver was not started for six hours " +
      'because no doctor was available to prescribe it. We were not called when {he} deteriorated and ' +
      'arrived after {he} had died.',
    outcomeSought: 'An honest explanation and a meeting with the doctor responsible.',
    issues: ['Delay in end of life pain relief', 'Family not called when the patient deteriorated'],
    finding:
      'Anticipatory medicines had not been prescribed. The nurses recognised the deterioration but the ' +
      'phone number on the record was out of date.',
    change:
      'Anticipatory medicines are now prescribed when the end of life care plan is started, and contact ' +
      'numbers are checked at each handover.',
    colleague: {
      jobTitle: 'Foundation Doctor',
      involvement: 'On-call doctor asked to prescribe the syringe driver',
    },
  },
  {
    service: 'Discharge Team',
    subject: 'Admissions and discharges',
    about: 'parent',
    weight: 2,
    description:
      'My {parent} was discharged home on a Friday evening with no care package in place, although we were ' +
      'told carers would start that day. {He} could not get out of bed and we had to stay with {him} all weekend.',
    outcomeSought: 'An apology and for patients not to be discharged until their care is in place.',
    issues: ['Discharged without a care package', 'Family given wrong information'],
    finding:
      'The care agency confirmed a start date of the following Monday, but the ward was told Friday. ' +
      'The discharge was not checked with the family.',
    change: 'Discharges needing a new care package now need written confirmation of the start date.',
  },
  {
    service: 'Discharge Team',
    subject: 'Admissions and discharges',
    about: 'self',
    description:
      'I was discharged without my medicines or a discharge letter. My GP had no idea I had been in ' +
      'hospital and my new tablets were not on my repeat prescription.',
    outcomeSought: 'My GP to be sent the discharge letter, and an explanation.',
    issues: ['Discharge letter not sent', 'Medicines not given on discharge'],
    finding: 'The discharge summary was saved as a draft and never sent.',
    change: 'Draft discharge summaries older than 24 hours are now flagged to the consultant every morning.',
  },
  {
    service: 'Stroke Unit',
    subject: 'Communications',
    about: 'parent',
    description:
      'Nobody told us that my {parent} had had a second stroke on the ward. We only found out when we ' +
      'visited and {he} could no longer speak. Doctors were never available to talk to us.',
    outcomeSought: 'A meeting with the consultant and for families to be kept informed.',
    issues: ['Family not told about deterioration', 'No access to doctors'],
    finding:
      'The deterioration was recognised and treated promptly but the call to the family was not made ' +
      'because each shift thought the other had done it.',
    change: 'Family contact is now a named task at each ward round and recorded in the notes.',
  },
  {
    service: 'Radiology',
    subject: 'Appointments',
    about: 'self',
    description:
      'I had an MRI scan in January but the images were lost in a system upgrade and I had to have the scan ' +
      'again in April. This delayed my treatment by three months.',
    outcomeSought: 'An apology and to know the images will not be lost again.',
    issues: ['Scan images lost', 'Treatment delayed'],
    finding:
      'Twelve scans were not transferred during the upgrade. The error was found in March and patients ' +
      'were recalled, but the recall took six weeks.',
    change: 'Image transfers are now checked against the booking list the day after any system change.',
  },
  {
    service: 'Oncology',
    subject: 'Waiting times',
    about: 'self',
    description:
      'I was referred under the two-week wait for suspected cancer but did not get an appointment for seven ' +
      'weeks. When I was diagnosed, I was told the cancer had spread.',
    outcomeSought: 'To understand whether the delay affected my treatment.',
    issues: ['Two-week wait referral not met', 'Possible harm from the delay'],
    finding:
      'The referral was received but was not added to the booking list because of a scanning error. ' +
      'A harm review found the delay is unlikely to have changed your treatment options.',
    change:
      'Every urgent suspected cancer referral is now checked against the booking list within one working day.',
  },
  {
    service: 'General Surgery',
    subject: 'Clinical treatment',
    about: 'self',
    description:
      'After my appendix operation I told staff my wound was red and hot, but I was discharged anyway. ' +
      'I was readmitted three days later with an infection and needed another operation.',
    outcomeSought: 'To know why my concerns were not listened to.',
    issues: ['Wound infection missed', 'Concerns not listened to before discharge'],
    finding:
      'A wound review was documented as normal on the morning of discharge. There is no record of your ' +
      'concerns being passed to the surgical team.',
    change:
      'A wound check by a surgical doctor is now required on the day of discharge after emergency surgery.',
  },
  {
    service: 'Northgate Health Centre',
    subject: 'Access to treatment or drugs',
    about: 'self',
    description:
      'It is impossible to get through on the phone to book a blood test at Northgate. I rang 40 times over ' +
      'three days and the line was either engaged or cut off.',
    outcomeSought: 'An online booking system or a phone line that works.',
    issues: ['Phone line for blood tests unreachable'],
    finding:
      'The phone system at Northgate can hold only four calls, and two of the three staff were on leave.',
    change: 'Blood test appointments can now be booked online, and the phone system has a call-back queue.',
  },
  {
    service: 'Appointments Centre',
    subject: 'Appointments',
    about: 'self',
    description:
      "I was booked into the wrong clinic at St Mary's and travelled forty miles by train only to be told " +
      'the appointment should have been at Riverside, where I could not get to in time.',
    outcomeSought: 'My travel costs refunded and a new appointment at the right place.',
    issues: ['Booked into the wrong clinic'],
    finding:
      'The appointment was booked to the wrong clinic code, which shares a name with a Riverside clinic.',
    change: 'The two clinics have been renamed so their site is part of the clinic name.',
    redress: { description: 'Reimbursement of travel costs', pounds: [20, 80] },
  },
];

/** Words that stand in for a relative in the story texts. */
export function relativeWords(sex: 'female' | 'male', name: string): Record<string, string> {
  const f = sex === 'female';
  return {
    parent: f ? 'mother' : 'father',
    mum: f ? 'mum' : 'dad',
    child: f ? 'daughter' : 'son',
    partner: f ? 'wife' : 'husband',
    he: f ? 'she' : 'he',
    He: f ? 'She' : 'He',
    his: f ? 'her' : 'his',
    His: f ? 'Her' : 'His',
    him: f ? 'her' : 'him',
    name,
  };
}

export function fillIn(text: string, words: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => words[key] ?? whole);
}
