import { ControllerBase, type RouteContext, get, roles } from '@lcm/neuro-core';
import { z } from 'zod';
import { GetTimeslotAvailabilityQuery } from '../../application/queries/get-timeslot-availability.query';

const availabilityQuery = z.object({
  definitionName: z.string().min(1),
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
});

const availability = {
  query: availabilityQuery,
  response: z.object({
    definitionName: z.string(),
    definitionVersion: z.string(),
    hours: z.array(
      z.object({
        start: z.string(),
        end: z.string(),
        onRunningWorkers: z.number(),
        onStoppedWorkers: z.number(),
        needsWorkerStart: z.boolean(),
      }),
    ),
  }),
  summary: 'How many more sessions of a definition fit, per hour (for a calendar)',
} as const;

/** `/api/timeslots`: free capacity per hour, so a portal can show a booking calendar. */
export class TimeslotsController extends ControllerBase {
  @get('/availability', availability)
  @roles('user', 'manager', 'admin')
  availability({ query }: RouteContext<typeof availability>) {
    return this.mediator.execute(
      new GetTimeslotAvailabilityQuery(query.definitionName, new Date(query.from), new Date(query.to)),
    );
  }
}
