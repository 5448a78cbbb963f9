/**
 * How many runs a lab-manager command gives a change that lost a save race (`loadActSave`'s `attempts`):
 * events and jobs must not give up on a lab record that a concurrent sync or job saved a moment before.
 */
export const SAVE_ATTEMPTS = 20;
