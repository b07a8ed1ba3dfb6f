import { loadServiceConfig } from './service-config';

describe('loadServiceConfig', () => {
  const dev = { CHUISHAO_DEV: '1' };

  it('listens on the loopback interface unless HOST says otherwise', () => {
    expect(loadServiceConfig('intake', 3001, dev).host).toBe('127.0.0.1');
    expect(loadServiceConfig('intake', 3001, { ...dev, HOST: '' }).host).toBe('127.0.0.1');
    expect(loadServiceConfig('intake', 3001, { ...dev, HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });
});
