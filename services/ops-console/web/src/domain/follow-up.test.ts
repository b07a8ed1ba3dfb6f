import { describe, expect, it } from 'vitest';
import { followUpProblem, mayRecordFollowUp } from './follow-up';

describe('the follow-up form (回访)', () => {
  it('offers it to clerks, operators and supervisors, for a closed case only', () => {
    expect(mayRecordFollowUp('clerk', 'closed')).toBe(true);
    expect(mayRecordFollowUp('supervisor', 'closed')).toBe(true);
    expect(mayRecordFollowUp('mediator', 'closed')).toBe(false);
    expect(mayRecordFollowUp('clerk', 'reopened')).toBe(false);
    expect(mayRecordFollowUp('clerk', null)).toBe(false);
  });

  it('asks for an answer and the resolution, and a comment when unsatisfied', () => {
    expect(followUpProblem({ answer: '', resolved: null, comment: '' })).toBe('needAnswer');
    expect(followUpProblem({ answer: 'satisfied', resolved: null, comment: '' })).toBe('needResolved');
    expect(followUpProblem({ answer: 'unsatisfied', resolved: false, comment: '  ' })).toBe('needComment');
    expect(followUpProblem({ answer: 'unsatisfied', resolved: false, comment: '没赔' })).toBeNull();
    expect(followUpProblem({ answer: 'satisfied', resolved: true, comment: '' })).toBeNull();
    expect(followUpProblem({ answer: 'satisfied', resolved: true, comment: 'x'.repeat(1001) })).toBe(
      'commentTooLong',
    );
  });
});
