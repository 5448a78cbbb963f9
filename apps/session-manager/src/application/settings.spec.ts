import { loadSettings } from '@lcm/neuro-core';
import { sessionManagerSettings } from './settings';

describe('sessionManagerSettings', () => {
  it('defaults to the embedded-mode values of the README', () => {
    const settings = loadSettings(sessionManagerSettings, {});
    expect(settings).toMatchObject({
      PORT: 8083,
      PLACEMENT_INTERVAL_SECONDS: 30,
      PLACEMENT_LEAD_MINUTES: 35,
      LAB_LEAD_MINUTES: 5,
      EXPIRE_AFTER_START_MINUTES: 5,
      INSTANTIATING_TIMEOUT_MINUTES: 15,
      CAPACITY_REQUEST_TIMEOUT_MINUTES: 30,
      DEFAULT_REGION: 'us-east-1',
      LAB_MANAGER_URL: 'http://127.0.0.1:8082',
    });
  });

  it('refuses a bad value, naming the variable', () => {
    expect(() => loadSettings(sessionManagerSettings, { PLACEMENT_LEAD_MINUTES: 'soon' })).toThrow(
      /PLACEMENT_LEAD_MINUTES/,
    );
    expect(() => loadSettings(sessionManagerSettings, { LAB_LEAD_MINUTES: '-5' })).toThrow(
      /LAB_LEAD_MINUTES/,
    );
  });
});
