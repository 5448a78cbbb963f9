import { assessHealth } from './health-assessment';

const well = { health: { ready: true, valid: true, problems: [] } };
const checks = (system: string, instance: string) => ({ instanceId: 'i-1', system, instance });

describe('assessHealth', () => {
  it('passes a ready, valid CML whose instance passes both EC2 checks (or has none yet)', () => {
    expect(assessHealth(well, checks('ok', 'ok'))).toEqual({ healthy: true });
    expect(assessHealth(well, checks('initializing', 'insufficient-data'))).toEqual({ healthy: true });
    expect(assessHealth(well, undefined)).toEqual({ healthy: true });
  });

  it('makes a CML that does not answer UNAVAILABLE, whatever EC2 says', () => {
    expect(assessHealth({ error: 'CML answered 500' }, checks('impaired', 'ok'))).toEqual({
      healthy: false,
      serviceStatus: 'UNAVAILABLE',
      reason: 'CML_UNREACHABLE: CML answered 500',
    });
    expect(assessHealth({ health: { ready: false, valid: true, problems: [] } }, undefined)).toMatchObject({
      serviceStatus: 'UNAVAILABLE',
      reason: expect.stringMatching(/^CML_NOT_READY/),
    });
  });

  it('makes an answering CML DEGRADED when an EC2 check is impaired or system_health is not valid', () => {
    expect(assessHealth(well, checks('ok', 'impaired'))).toEqual({
      healthy: false,
      serviceStatus: 'DEGRADED',
      reason: 'EC2_STATUS_CHECK: instance impaired',
    });
    expect(
      assessHealth({ health: { ready: true, valid: false, problems: ['compute c1: libvirt'] } }, undefined),
    ).toEqual({ healthy: false, serviceStatus: 'DEGRADED', reason: 'CML_UNHEALTHY: compute c1: libvirt' });
  });

  it('keeps a long failure text short', () => {
    const result = assessHealth({ error: 'x'.repeat(1000) }, undefined);
    expect(!result.healthy && result.reason.length).toBe(160);
  });
});
