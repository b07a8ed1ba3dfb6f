import { z } from 'zod';
import { DEADLINE_KINDS, deadlineIdOf } from './deadlines';

describe('deadline ids', () => {
  it('are valid UUIDs, stable per subject and kind, distinct otherwise', () => {
    const id = deadlineIdOf('01a20ef6-b858-71e2-a35d-8983deb1ccfc', DEADLINE_KINDS.window);
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(deadlineIdOf('01a20ef6-b858-71e2-a35d-8983deb1ccfc', DEADLINE_KINDS.window)).toBe(id);
    expect(deadlineIdOf('01a20ef6-b858-71e2-a35d-8983deb1ccfc', DEADLINE_KINDS.windowReminder)).not.toBe(id);
    expect(deadlineIdOf('01a20ef6-b858-71e2-a35d-8983deb1ccfd', DEADLINE_KINDS.window)).not.toBe(id);
  });
});
