import { parseArgs, UsageError } from './args';

describe('parseArgs', () => {
  it.each([
    [['up'], { command: 'up', json: false, components: [] }],
    [['up', '--json'], { command: 'up', json: true, components: [] }],
    [['--json', 'up'], { command: 'up', json: true, components: [] }],
    [['down'], { command: 'down', json: false, components: [] }],
    [['status', '--json'], { command: 'status', json: true, components: [] }],
    [['start'], { command: 'start', json: false, components: [] }],
    [['help'], { command: 'help', json: false, components: [] }],
    [['--help'], { command: 'help', json: false, components: [] }],
    [['up', '-h'], { command: 'help', json: false, components: [] }],
    [['down', 'kafka'], { command: 'down', json: false, components: ['kafka'] }],
    [
      ['down', 'postgres', 'kafka', 'postgres'],
      { command: 'down', json: false, components: ['postgres', 'kafka'] },
    ],
  ])('%j', (argv, expected) => {
    expect(parseArgs(argv)).toEqual(expected);
  });

  it.each([
    [[], 'missing command'],
    [['launch'], 'unknown command "launch"'],
    [['up', '--jsn'], 'unknown option --jsn'],
    [['up', 'down'], 'unexpected argument "down"'],
    [['up', 'kafka'], 'unexpected argument "kafka"'],
    [['down', 'redis'], 'unexpected argument "redis"'],
    [['down', '--json'], '--json is not supported by "down"'],
    [['start', '--json'], '--json is not supported by "start"'],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});
