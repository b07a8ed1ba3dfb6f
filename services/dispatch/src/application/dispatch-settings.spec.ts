import { developmentVariables, undocumentedVariables } from '@chuishao/kernel';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dispatchSettingsSchema, loadDispatchSettings } from './dispatch-settings';

describe('dispatch settings', () => {
  it('defaults to a 30-minute arrival SLA and the local department directory', () => {
    expect(loadDispatchSettings({})).toEqual({
      arrivalSlaSeconds: 1800,
      departmentServiceUrl: 'http://127.0.0.1:3003',
      departmentDirectoryToken: null,
    });
    expect(
      loadDispatchSettings({ SLA_ARRIVAL_SECONDS: '600', DEPARTMENT_URL: 'http://department:80/' }),
    ).toMatchObject({
      arrivalSlaSeconds: 600,
      departmentServiceUrl: 'http://department:80',
    });
  });

  it('refuses every bad variable at once, by name', () => {
    expect(() => loadDispatchSettings({ SLA_ARRIVAL_SECONDS: '0', DEPARTMENT_URL: 'department' })).toThrow(
      'SLA_ARRIVAL_SECONDS must be a positive whole number, got 0; DEPARTMENT_URL must be a URL, got department',
    );
  });

  it('names every variable it reads in the README', () => {
    const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    expect(undocumentedVariables(dispatchSettingsSchema, readme, Object.keys(developmentVariables))).toEqual(
      [],
    );
  });
});
