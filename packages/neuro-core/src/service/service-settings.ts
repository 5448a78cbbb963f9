/** DI token of the service's parsed settings (its `application/settings.ts` type). */
export const SETTINGS = Symbol.for('lcm.Settings');
