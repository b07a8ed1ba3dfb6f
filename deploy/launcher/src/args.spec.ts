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
    [['start', '--kafka-brokers', '3'], { command: 'start', json: false, components: [], kafkaBrokers: 3 }],
    [['up', '--kafka-brokers=1', '--json'], { command: 'up', json: true, components: [], kafkaBrokers: 1 }],
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
    [['start', '--kafka-brokers'], '--kafka-brokers takes a number of brokers from 1 to 5, not ""'],
    [['start', '--kafka-brokers', '0'], 'from 1 to 5, not "0"'],
    [['start', '--kafka-brokers', '6'], 'from 1 to 5, not "6"'],
    [['up', '--kafka-brokers=3x'], 'from 1 to 5, not "3x"'],
    [['status', '--kafka-brokers', '3'], '--kafka-brokers is not supported by "status"'],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});
