import { randomUUID } from 'node:crypto';
import { LicenseTypeSchema, ResourceRequirementsSchema } from '@lcm/contracts';
import { Command, CommandHandler, commandHandler } from '@lcm/neuro-core';
import { inject } from 'inversify';
import semver from 'semver';
import { z } from 'zod';
import { LabletDefinition } from '../../domain/entities/lablet-definition.aggregate';
import {
  LABLET_DEFINITION_REPOSITORY,
  type LabletDefinitionRepository,
} from '../../domain/repositories/lablet-definition.repository';
import { TOPOLOGY_INSPECTOR, type TopologyInspector } from '../../domain/services/topology-inspector';
import { type LabletDefinitionDto, toLabletDefinitionDto } from '../dtos/lablet-definition.dto';

/** The body of `POST /lablet-definitions`. */
export const NewLabletDefinitionSchema = z.object({
  name: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9._-]{0,99}$/,
      'lower-case letters, digits, ".", "_" and "-", up to 100 characters',
    ),
  version: z.string().refine((v) => semver.valid(v) === v, 'must be a semantic version such as 1.0.0'),
  topologyYaml: z.string().min(1).max(1_000_000),
  resourceRequirements: ResourceRequirementsSchema,
  licenseAffinity: z.array(LicenseTypeSchema).min(1),
  maxDurationMinutes: z
    .number()
    .int()
    .positive()
    .max(7 * 24 * 60),
});

/**
 * Adds a new version of a lablet definition. Versions are immutable and strictly increasing per name;
 * a topology identical to the latest version's is refused (nothing would change).
 */
export class CreateLabletDefinitionCommand extends Command<LabletDefinitionDto> {
  static readonly schema = z.object({ definition: NewLabletDefinitionSchema, createdBy: z.string().min(1) });

  constructor(
    readonly definition: z.infer<typeof NewLabletDefinitionSchema>,
    readonly createdBy: string,
  ) {
    super();
  }
}

/** Validates the topology, applies the versioning rules and saves the new version. */
@commandHandler(CreateLabletDefinitionCommand)
export class CreateLabletDefinitionCommandHandler extends CommandHandler<CreateLabletDefinitionCommand> {
  @inject(LABLET_DEFINITION_REPOSITORY) private readonly definitions!: LabletDefinitionRepository;
  @inject(TOPOLOGY_INSPECTOR) private readonly inspector!: TopologyInspector;

  async handle({ definition: input, createdBy }: CreateLabletDefinitionCommand) {
    const inspection = this.inspector.inspect(input.topologyYaml);
    if (!inspection.valid) {
      return this.badRequest(
        `topologyYaml of ${input.name} ${input.version} is not a valid CML topology: ${inspection.problems.slice(0, 5).join('; ')}`,
        inspection.problems.map((message) => ({ path: 'topologyYaml', message })),
      );
    }
    const versions = await this.definitions.find({ name: input.name });
    if (versions.some((v) => v.state.version === input.version)) {
      return this.conflict(
        `lablet definition ${input.name} ${input.version} already exists; versions are immutable`,
      );
    }
    const latest = versions.sort((a, b) => semver.rcompare(a.state.version, b.state.version))[0];
    if (latest && semver.lte(input.version, latest.state.version)) {
      return this.conflict(
        `lablet definition ${input.name} is at ${latest.state.version}; a new version must be greater than that, not ${input.version}`,
      );
    }
    if (latest && latest.state.topologyHash === inspection.topologyHash) {
      return this.conflict(
        `the topology of ${input.name} ${input.version} is identical to the latest version ${latest.state.version}`,
      );
    }
    const created = LabletDefinition.create(
      randomUUID(),
      {
        ...input,
        topologyHash: inspection.topologyHash,
        nodeCount: inspection.nodeCount,
        portTemplate: inspection.portTemplate,
      },
      createdBy,
      this.clock.now(),
    );
    if (!created.ok) return this.badRequest(created.error);
    await this.definitions.add(created.value);
    return this.created(toLabletDefinitionDto(created.value));
  }
}
