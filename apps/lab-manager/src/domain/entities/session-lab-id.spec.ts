import { isLcmLabTitle, labTitle } from './lab-title';
import { sessionLabId } from './session-lab-id';

describe('sessionLabId', () => {
  it('is the same for the same session and worker, and differs when either differs', () => {
    const id = sessionLabId('s-1', 'w-1');
    expect(sessionLabId('s-1', 'w-1')).toBe(id);
    expect(sessionLabId('s-1', 'w-2')).not.toBe(id);
    expect(sessionLabId('s-2', 'w-1')).not.toBe(id);
    // no ambiguity from where one id ends and the other begins
    expect(sessionLabId('s-1w', '-1')).not.toBe(sessionLabId('s-1', 'w-1'));
  });

  it('is a version 8 UUID, so the lab it names carries the LCM mark orphan cleanup looks for', () => {
    const id = sessionLabId('session', 'worker');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(isLcmLabTitle(labTitle('ccna-basics', '1.0.0', id))).toBe(true);
  });
});
