import { Command, CommandHandler, commandHandler, retryOnConflict } from '@lcm/neuro-core';
import { inject } from 'inversify';
import {
  LabletDefinitionView,
  type LabletDefinitionViewState,
} from '../../domain/entities/lablet-definition-view.aggregate';
import {
  LABLET_DEFINITION_VIEW_REPOSITORY,
  type LabletDefinitionViewRepository,
} from '../../domain/repositories/lablet-definition-view.repository';

/** Updates the definition read model from `io.lcm.lablet-definition.created|updated.v1`. */
export class RecordLabletDefinitionCommand extends Command<void> {
  constructor(
    readonly definitionId: string,
    readonly definition: LabletDefinitionViewState,
  ) {
    super();
  }
}

/**
 * Upserts the definition version; events carry the whole definition, so the newest one replaces all and an
 * older one that arrives late is ignored (also when the two race to create the view).
 */
@commandHandler(RecordLabletDefinitionCommand)
export class RecordLabletDefinitionCommandHandler extends CommandHandler<RecordLabletDefinitionCommand> {
  @inject(LABLET_DEFINITION_VIEW_REPOSITORY) private readonly definitions!: LabletDefinitionViewRepository;

  async handle({ definitionId, definition }: RecordLabletDefinitionCommand) {
    // A created and an updated event may arrive at once (on several replicas): a lost save race reloads,
    // since a 409 would make the inbound table acknowledge the event and drop it.
    await retryOnConflict(async () => {
      const existing = await this.definitions.get(definitionId);
      const view = existing ?? new LabletDefinitionView(definitionId, structuredClone(definition));
      if (existing && !existing.apply(definition)) return;
      await this.definitions.upsert(view);
    });
    return this.noContent();
  }
}
