import type { LabletSession, LabletSessionState } from '../../domain/entities/lablet-session.aggregate';

/**
 * A lablet session as the API shows it (docs/domain.md#lablet-session fields; never a password): its state
 * less placement's inputs and the timeouts' start times.
 */
export type LabletSessionDto = Readonly<
  Omit<LabletSessionState, 'region' | 'demand' | 'instantiatingAt' | 'assessmentStartedAt'>
> & { readonly id: string; readonly stateVersion: number };

/** Maps a session to its API shape. */
export function toLabletSessionDto(session: LabletSession): LabletSessionDto {
  const { region, demand, instantiatingAt, assessmentStartedAt, ...shown } = session.state;
  return { id: session.id, ...shown, stateVersion: session.stateVersion };
}
