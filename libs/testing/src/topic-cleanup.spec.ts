import { TEST_TOPIC } from './topic-cleanup';
import { uniqueTestTag } from './names';

describe('test topic cleanup', () => {
  it('matches the namespaces test files use, and never a real topic', () => {
    for (const label of ['p', 'e2e', 'guard'])
      expect(TEST_TOPIC.test(`${uniqueTestTag(label)}.whistles`)).toBe(true);
    for (const topic of ['whistles', 'cases.dlq', 'department-responses', 'prod.whistles', 'pabc.whistles']) {
      expect(TEST_TOPIC.test(topic)).toBe(false);
    }
  });
});
