import { randomUUID } from 'node:crypto';
import { isLcmLabTitle, labTitle } from './lab-title';

describe('lab titles', () => {
  it('marks the labs LCM imports so that orphan cleanup recognises them', () => {
    expect(isLcmLabTitle(labTitle('two-router-basics', '1.0.0', randomUUID()))).toBe(true);
  });

  it.each([
    'hand-made',
    'two-router-basics-1.0.0',
    'lcm-7b0f5c1e-8a1d-4c57-9f0e-2d2f7f3f9a11',
    'my lab lcm-not-a-record-id',
    'two-router-basics-1.0.0 lcm-7b0f5c1e-8a1d-4c57-9f0e-2d2f7f3f9a11 (copy)',
    'two-router-basics-1.0.0 LCM-7B0F5C1E-8A1D-4C57-9F0E-2D2F7F3F9A11',
  ])('does not take an operator lab titled %j for one of LCM', (title) => {
    expect(isLcmLabTitle(title)).toBe(false);
  });
});
