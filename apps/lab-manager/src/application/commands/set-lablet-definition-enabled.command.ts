import { Command, CommandHandler, DomainResult, commandHandler, loadActSave } from '@lcm/neuro-core';
import { inject } from 'inversify';
import { z } from 'zod';
import {
  LABLET_DEFINITION_REPOSITORY,
  type LabletDefinitionRepository,
} from '../../domain/repositories/lablet-definition.repository';
import { type LabletDefinitionDto, toLabletDefinitionDto } from '../dtos/lablet-definition.dto';

/** Enables or disables one definition version for new sessions (`PATCH /lablet-definitions/{id}`). */
export class SetLabletDefinitionEnabledCommand extends Command<LabletDefinitionDto> {
  static readonly schema = z.object({ definitionId: z.string().min(1), enabled: z.boolean() });

  constructor(
    readonly definitionId: string,
    readonly enabled: boolean,
  ) {
    super();
  }
}

/** Saves the flag and emits `lablet-definition.updated` only when it changed. */
@commandHandler(SetLabletDefinitionEnabledCommand)
export class SetLabletDefinitionEnabledCommandHandler extends CommandHandler<SetLabletDefinitionEnabledCommand> {
  @inject(LABLET_DEFINITION_REPOSITORY) private readonly definitions!: LabletDefinitionRepository;

  async handle({ definitionId, enabled }: SetLabletDefinitionEnabledCommand) {
    const set = await loadActSave(this.definitions, definitionId, 'lablet definition', (definition) =>
      DomainResult.ok(definition.setEnabled(enabled, this.clock.now())),
    );
    return set.ok ? this.ok(toLabletDefinitionDto(set.value.aggregate)) : set;
  }
}
