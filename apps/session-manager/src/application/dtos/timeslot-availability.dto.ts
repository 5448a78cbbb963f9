import type { HourAvailability } from '../../domain/services/availability.service';

/** Free capacity per hour for one definition. */
export interface TimeslotAvailabilityDto {
  readonly definitionName: string;
  readonly definitionVersion: string;
  readonly hours: readonly HourAvailability[];
}
