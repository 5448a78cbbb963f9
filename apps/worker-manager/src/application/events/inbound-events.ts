import {
  CapacityEventTypes,
  CapacityRequestedSchema,
  SessionEventTypes,
  SessionSnapshotSchema,
} from '@lcm/contracts';
import { forEachType, forwardEvents } from '@lcm/neuro-core';
import { HandleCapacityRequestCommand } from '../commands/handle-capacity-request.command';
import { RecordSessionActivityCommand } from '../commands/record-session-activity.command';

/**
 * Every CloudEvent worker-manager consumes, and the command each one runs: session-manager's capacity
 * requests trigger scale-up, and every session event feeds the session read model the idle policy reads.
 */
export const WorkerManagerInboundEvents = forwardEvents('WorkerManagerInboundEvents', {
  [CapacityEventTypes.requested]: {
    schema: CapacityRequestedSchema,
    toCommand: (need) => new HandleCapacityRequestCommand(need),
  },
  ...forEachType(Object.values(SessionEventTypes), {
    schema: SessionSnapshotSchema,
    toCommand: (session, { time }) =>
      new RecordSessionActivityCommand(session.sessionId, session.workerId, session.status, time),
  }),
});
