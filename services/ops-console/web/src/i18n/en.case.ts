import type zhCase from './zh-CN.case';

/** English: the case page's evidence, repeat petitions, performance and confirmation words. */
const caseFile: typeof zhCase = {
  performance: {
    title: 'Performance of the agreement (People’s Mediation Law art. 31)',
    deadline: 'Perform by',
    noDeadline: 'The agreement sets no deadline',
    checkDue: 'The deadline has passed: check with the parties and record whether it was performed',
    outcomeLabel: 'Outcome',
    record: 'Record the performance',
    outcome: {
      performed: 'Performed',
      'partly-performed': 'Partly performed',
      'not-performed': 'Not performed',
    },
    remedy: {
      'judicial-confirmation-then-enforcement':
        'The parties may apply jointly for judicial confirmation within 30 days of the agreement taking effect; once it is confirmed, if a party still does not perform, the other may apply to the court for enforcement (art. 33)',
      litigation: 'A party may sue in court over the agreement’s performance or content (art. 32)',
    },
  },
  confirmation: {
    submitting: 'Submitting',
    refused: 'Not accepted',
    requested: 'Applied',
    submitted: 'Sent to the court',
    accepted: 'Accepted by the court',
    confirmed: 'Confirmed',
    rejected: 'Rejected',
    court_unreachable: 'Court unreachable',
    none: 'Not applied yet',
  },
  evidence: {
    title: 'Evidence',
    none: 'No evidence attached yet',
    upload: 'Attach evidence',
    hint: 'A photo or scan: JPEG, PNG or PDF, at most 10 MB (its type is read from its content)',
    empty: 'The file is empty',
    tooLarge: 'The file is larger than 10 MB',
    wrongType: 'The file’s content is no JPEG, PNG or PDF; not kept',
  },
  repeat: {
    title: 'Earlier cases this may repeat (重复来访)',
    none: 'No earlier case of the same party, or of the same place and dispute type in 30 days',
    match: {
      same_party: 'Same party',
      same_place_and_type: 'Same place and dispute type',
    },
    link: 'Link as repeat',
    linked: 'Linked',
    reason: 'Reason (optional)',
    linkedCases: 'Linked cases',
    repeatOf: 'Repeats',
    repeatedBy: 'Repeated by',
  },
};

export default caseFile;
