import { z } from 'zod';
import { type EventContract, eventCatalog } from '../events/event-catalog';
import { type EventParty, type EventProducer, externalProducers, lcmServices } from '../events/event-party';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  format?: string;
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  pattern?: string;
};

/** A short type text for a field: `string (uuid)`, `RUNNING \| STOPPED`, `object`, `number[]`, `... or null`. */
function typeText(schema: JsonSchema): string {
  if (schema.anyOf) return schema.anyOf.map(typeText).join(' or ');
  if (schema.enum) return schema.enum.map((value) => `\`${String(value)}\``).join(' \\| ');
  if (schema.type === 'array') return `${schema.items ? typeText(schema.items) : 'any'}[]`;
  if (schema.type === 'object' && !schema.properties && schema.additionalProperties) {
    const values =
      typeof schema.additionalProperties === 'object' ? typeText(schema.additionalProperties) : 'any';
    return `map of ${values}`;
  }
  const base = Array.isArray(schema.type) ? schema.type.join(' or ') : (schema.type ?? 'any');
  return schema.format ? `${base} (${schema.format})` : base;
}

/** One table row per field, nested objects flattened with dotted names. */
function fieldRows(schema: JsonSchema, prefix = ''): string[] {
  const rows: string[] = [];
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    const path = `${prefix}${name}`;
    const required = schema.required?.includes(name) ? 'yes' : 'no';
    rows.push(`| \`${path}\` | ${typeText(field)} | ${required} |`);
    if (field.properties) rows.push(...fieldRows(field, `${path}.`));
  }
  return rows;
}

function section(contract: EventContract): string {
  const schema = z.toJSONSchema(contract.data, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return [
    `### \`${contract.type}\``,
    '',
    contract.summary,
    '',
    `- producer: ${party(contract.producer)}`,
    `- consumers: ${contract.consumers.map(party).join(', ')}`,
    '',
    '| field | type | required |',
    '|---|---|---|',
    ...fieldRows(schema),
    '',
  ].join('\n');
}

function party(name: EventParty): string {
  return `\`${name}\``;
}

/** The table of who may send what, and as which OAuth client unless EVENT_PRODUCER_CLIENTS says otherwise. */
function producerRows(): string[] {
  const producers: readonly EventProducer[] = [...lcmServices, ...externalProducers];
  return producers.map((producer) => {
    const groups = new Set(
      eventCatalog
        .filter((contract) => contract.producer === producer)
        .map((contract) => `\`io.lcm.${contract.type.split('.')[2]}.*\``),
    );
    const client = (lcmServices as readonly string[]).includes(producer)
      ? `\`${producer}\``
      : `none: accepted only once \`EVENT_PRODUCER_CLIENTS\` names it (\`${producer}=<client id>\`)`;
    return `| ${party(producer)} | ${client} | ${[...groups].join(', ')} |`;
  });
}

/**
 * docs/events.md, generated from the event catalog so the document and the contract cannot drift apart
 * (a test fails when the committed file differs; `npm run docs:events` rewrites it).
 */
export function renderEventsDoc(): string {
  const byGroup = new Map<string, EventContract[]>();
  for (const contract of eventCatalog) {
    const group = contract.type.split('.')[2];
    byGroup.set(group, [...(byGroup.get(group) ?? []), contract]);
  }
  const lines = [
    '# CloudEvents',
    '',
    '<!-- Generated from packages/contracts by `npm run docs:events`; do not edit by hand. -->',
    '',
    'Every LCM service sends its events as CloudEvents 1.0 in binary content mode (`ce-*` headers, JSON body)',
    'to the URLs in its `EVENT_SUBSCRIBERS` (and to `K_SINK` when set), with retries, and receives them on',
    '`POST /events` (binary, structured or batch mode). `source` is `/<service>`, `subject` the aggregate id,',
    '`id` a uuid; receivers de-duplicate on (`source`, `id`). Delivery is at least once.',
    '',
    '## Who may send an event',
    '',
    'A receiver takes an event only from its producer below. The delivery carries a bearer token from the',
    'configured issuer with the `service` role; the OAuth client it names (the `AUTH_CLIENT_ID_CLAIM` claim,',
    'default `azp`, else `client_id`) must be the client `EVENT_PRODUCER_CLIENTS` maps the producer to. A',
    'delivery without a valid token is refused with 401, one from another client, with another role or of a',
    'type missing here with 403; a refused delivery is neither processed nor remembered, and a batch with one',
    'refused event is refused whole.',
    '',
    '| producer | OAuth client id by default | sends |',
    '|---|---|---|',
    ...producerRows(),
    '',
    '## Event types',
    '',
    '| type | producer | consumers |',
    '|---|---|---|',
    ...eventCatalog.map(
      (c) =>
        `| [\`${c.type}\`](#${c.type.replaceAll('.', '')}) | ${party(c.producer)} | ${c.consumers.map(party).join(', ')} |`,
    ),
    '',
  ];
  for (const [group, contracts] of byGroup) {
    lines.push(`## ${group}`, '', ...contracts.map(section));
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
