import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, SETTINGS, commandHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import { LabletSession } from '../../domain/entities/lablet-session.aggregate';
import {
  type LabletDefinitionView,
  compareVersions,
} from '../../domain/entities/lablet-definition-view.aggregate';
import {
  LABLET_DEFINITION_VIEW_REPOSITORY,
  type LabletDefinitionViewRepository,
} from '../../domain/repositories/lablet-definition-view.repository';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from '../../domain/repositories/lablet-session.repository';
import { type LabletSessionDto, toLabletSessionDto } from '../dtos/lablet-session.dto';
import type { SessionManagerSettings } from '../settings';

/** Clock skew allowed between a client and this service before a start counts as "in the past". */
const PAST_TOLERANCE_MS = 60_000;

/** A user asks for a session of a definition, now (ASAP) or for a later timeslot. */
export class RequestSessionCommand extends Command<LabletSessionDto> {
  static readonly schema = z.object({
    ownerId: z.string().min(1),
    definitionName: z.string().min(1),
    definitionVersion: z.string().min(1).optional(),
    timeslotStart: z.iso.datetime({ offset: true }).optional(),
    durationMinutes: z.number().int().positive(),
  });

  constructor(
    readonly ownerId: string,
    readonly definitionName: string,
    readonly durationMinutes: number,
    readonly definitionVersion?: string,
    readonly timeslotStart?: string,
  ) {
    super();
  }
}

/**
 * Pins the definition version (the newest enabled one unless given) and its demand, checks the duration
 * against the definition's maximum and the start against now, and saves a PENDING session. Placement
 * picks it up once its start is within the placement lead time.
 */
@commandHandler(RequestSessionCommand)
export class RequestSessionCommandHandler extends CommandHandler<RequestSessionCommand> {
  @inject(LABLET_SESSION_REPOSITORY) private readonly sessions!: LabletSessionRepository;
  @inject(LABLET_DEFINITION_VIEW_REPOSITORY) private readonly definitions!: LabletDefinitionViewRepository;
  @inject(SETTINGS) private readonly settings!: SessionManagerSettings;

  async handle(command: RequestSessionCommand) {
    const now = this.clock.now();
    const definition = await this.definitionFor(command.definitionName, command.definitionVersion);
    if (!definition) {
      const which = command.definitionVersion ? ` version ${command.definitionVersion}` : '';
      return this.badRequest(`lablet definition ${command.definitionName}${which} is unknown or disabled`);
    }
    const max = definition.state.maxDurationMinutes;
    if (command.durationMinutes > max) {
      return this.badRequest(
        `durationMinutes ${command.durationMinutes} is longer than ${command.definitionName} allows (${max})`,
      );
    }
    const start = command.timeslotStart ? new Date(command.timeslotStart) : now;
    if (start.getTime() < now.getTime() - PAST_TOLERANCE_MS) {
      return this.badRequest(`timeslotStart ${command.timeslotStart} is in the past`);
    }
    const session = LabletSession.request(
      randomUUID(),
      {
        ownerId: command.ownerId,
        definitionId: definition.id,
        definitionName: definition.state.name,
        definitionVersion: definition.state.version,
        region: this.settings.DEFAULT_REGION,
        demand: definition.demand(),
        timeslotStart: start,
        timeslotEnd: new Date(start.getTime() + command.durationMinutes * 60_000),
      },
      now,
    );
    await this.sessions.add(session);
    return this.created(toLabletSessionDto(session));
  }

  private async definitionFor(name: string, version?: string): Promise<LabletDefinitionView | undefined> {
    const filter = version ? { name, version, enabled: true } : { name, enabled: true };
    const found = await this.definitions.find(filter);
    return found.sort((a, b) => compareVersions(b.state.version, a.state.version))[0];
  }
}
