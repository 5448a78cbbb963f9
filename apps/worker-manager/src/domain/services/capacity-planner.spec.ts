import fc from 'fast-check';
import { type CapacityPlan, type CapacityPlanInput, type Demand, planCapacity } from './capacity-planner';

const small = {
  name: 'small',
  capacity: { cpuCores: 2, memoryGb: 2, storageGb: 50, maxNodes: 5 },
  costPerHourUsd: 0.02,
};
const medium = {
  name: 'medium',
  capacity: { cpuCores: 4, memoryGb: 8, storageGb: 100, maxNodes: 15 },
  costPerHourUsd: 0.05,
};
const large = {
  name: 'large',
  capacity: { cpuCores: 8, memoryGb: 16, storageGb: 200, maxNodes: 30 },
  costPerHourUsd: 0.08,
};

const demand = (id: string, cpuCores: number, memoryGb: number, nodeCount = 2, storageGb = 10): Demand => ({
  id,
  cpuCores,
  memoryGb,
  storageGb,
  nodeCount,
});
const plan = (input: Partial<CapacityPlanInput> & Pick<CapacityPlanInput, 'demands'>) =>
  planCapacity({ templates: [small, medium, large], stopped: [], maxNewWorkers: 10, headroom: 1, ...input });
const templatesOf = (p: CapacityPlan) => p.create.map((c) => c.templateName).sort();

describe('planCapacity', () => {
  it('gives six sessions that each need a whole small worker six small workers', () => {
    const six = [1, 2, 3, 4, 5, 6].map((n) => demand(`s${n}`, 2, 2, 5, 50));
    const result = plan({ demands: six });
    expect(templatesOf(result)).toEqual(Array(6).fill('small'));
    expect(result.unplaced).toEqual([]);
    expect(result.costPerHourUsd).toBeCloseTo(0.12);
  });

  it('fills the room left on workers already launching before starting or creating any, at no extra cost', () => {
    const launching = [
      {
        workerId: 'w-full',
        capacity: small.capacity,
        committed: { cpuCores: 2, memoryGb: 2, storageGb: 20, nodeCount: 4 },
      },
      {
        workerId: 'w-half',
        capacity: small.capacity,
        committed: { cpuCores: 1, memoryGb: 1, storageGb: 20, nodeCount: 2 },
      },
    ];
    const result = plan({ demands: [demand('a', 1, 1), demand('b', 1, 1)], launching });
    expect(result.join).toEqual([{ workerId: 'w-half', demandIds: ['a'] }]);
    expect(templatesOf(result)).toEqual(['small']);
    expect(result.costPerHourUsd).toBeCloseTo(0.02);
  });

  it('packs small sessions together when one bigger worker is cheaper than several small ones', () => {
    // eight 1-core/2 GB sessions: eight smalls (0.16/h), two mediums (0.10/h) or one large (0.08/h)
    const eight = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => demand(`s${n}`, 1, 2, 3));
    const result = plan({ demands: eight });
    expect(result.costPerHourUsd).toBeCloseTo(0.08);
    expect(templatesOf(result)).toEqual(['large']);
  });

  it('places a burst whose sum exceeds the largest template as long as each session fits one', () => {
    const burst = Array.from({ length: 20 }, (_, n) => demand(`s${n}`, 4, 8, 10));
    const result = plan({ demands: burst, maxNewWorkers: 100 });
    expect(result.unplaced).toEqual([]);
    expect(result.create.flatMap((c) => c.demandIds)).toHaveLength(20);
  });

  it('leaves unplaced what fits no template, and what is over the worker limit', () => {
    const result = plan({
      demands: [demand('huge', 64, 512), demand('a', 8, 16), demand('b', 8, 16)],
      maxNewWorkers: 1,
    });
    expect(result.unplaced).toEqual(['huge', 'b']);
    expect(result.create).toEqual([{ templateName: 'large', demandIds: ['a'] }]);
  });

  it('fills the workers it may create as well as it can at the limit', () => {
    const result = plan({ demands: [demand('a', 2, 2), demand('b', 2, 2)], maxNewWorkers: 1 });
    expect(result).toMatchObject({
      unplaced: [],
      create: [{ templateName: 'medium', demandIds: ['a', 'b'] }],
    });
  });

  it('starts a STOPPED worker that fits before creating one, and does not count it against the limit', () => {
    const result = plan({
      demands: [demand('a', 2, 2), demand('b', 2, 2)],
      stopped: [{ workerId: 'w-stopped', capacity: small.capacity, costPerHourUsd: small.costPerHourUsd }],
      maxNewWorkers: 1,
    });
    expect(result.start).toEqual([{ workerId: 'w-stopped', demandIds: ['a'] }]);
    expect(result.create).toEqual([{ templateName: 'small', demandIds: ['b'] }]);
  });

  it('keeps the 20% headroom of a request without demands', () => {
    const result = plan({ demands: [demand('sum', 2, 1.5)], headroom: 1.2 });
    expect(templatesOf(result)).toEqual(['medium']);
  });

  describe('properties', () => {
    const capacity = fc.record({
      cpuCores: fc.integer({ min: 1, max: 16 }),
      memoryGb: fc.integer({ min: 1, max: 64 }),
      storageGb: fc.integer({ min: 10, max: 500 }),
      maxNodes: fc.integer({ min: 1, max: 50 }),
    });
    const input = fc.record({
      templates: fc.uniqueArray(
        fc.record({
          name: fc.string({ minLength: 1, maxLength: 6 }),
          capacity,
          costPerHourUsd: fc.integer({ min: 1, max: 500 }).map((c) => c / 100),
        }),
        { minLength: 1, maxLength: 5, selector: (t) => t.name },
      ),
      demands: fc
        .array(
          fc.record({
            cpuCores: fc.integer({ min: 0, max: 16 }),
            memoryGb: fc.integer({ min: 0, max: 64 }),
            storageGb: fc.integer({ min: 0, max: 200 }),
            nodeCount: fc.integer({ min: 0, max: 40 }),
          }),
          { maxLength: 40 },
        )
        .map((ds) => ds.map((d, n) => ({ ...d, id: `d${n}` }))),
      maxNewWorkers: fc.integer({ min: 0, max: 50 }),
    });

    it('places each demand once, within capacity and the worker limit, never above one cheapest worker per demand', () => {
      fc.assert(
        fc.property(input, ({ templates, demands, maxNewWorkers }) => {
          const result = planCapacity({ templates, demands, stopped: [], maxNewWorkers, headroom: 1 });
          const placed = result.create.flatMap((c) => c.demandIds);
          expect([...placed, ...result.unplaced].sort()).toEqual(demands.map((d) => d.id).sort());
          expect(result.create.length).toBeLessThanOrEqual(maxNewWorkers);
          const byId = new Map(demands.map((d) => [d.id, d]));
          const byName = new Map(templates.map((t) => [t.name, t]));
          const fitsSomewhere = (d: Demand) =>
            templates.some(
              (t) =>
                d.cpuCores <= t.capacity.cpuCores &&
                d.memoryGb <= t.capacity.memoryGb &&
                d.storageGb <= t.capacity.storageGb &&
                d.nodeCount <= t.capacity.maxNodes,
            );
          for (const worker of result.create) {
            const template = byName.get(worker.templateName)!;
            const load = worker.demandIds.map((id) => byId.get(id)!);
            const sum = (pick: (d: Demand) => number) => load.reduce((s, d) => s + pick(d), 0);
            expect(sum((d) => d.cpuCores)).toBeLessThanOrEqual(template.capacity.cpuCores);
            expect(sum((d) => d.memoryGb)).toBeLessThanOrEqual(template.capacity.memoryGb);
            expect(sum((d) => d.storageGb)).toBeLessThanOrEqual(template.capacity.storageGb);
            expect(sum((d) => d.nodeCount)).toBeLessThanOrEqual(template.capacity.maxNodes);
          }
          // with room for every demand, only what fits no template is left, and the price is at most one
          // worker of the cheapest fitting template per demand
          if (maxNewWorkers >= demands.length) {
            expect(result.unplaced.map((id) => byId.get(id)!).every((d) => !fitsSomewhere(d))).toBe(true);
            const naive = demands
              .filter(fitsSomewhere)
              .map((d) =>
                Math.min(
                  ...templates
                    .filter(
                      (t) =>
                        d.cpuCores <= t.capacity.cpuCores &&
                        d.memoryGb <= t.capacity.memoryGb &&
                        d.storageGb <= t.capacity.storageGb &&
                        d.nodeCount <= t.capacity.maxNodes,
                    )
                    .map((t) => t.costPerHourUsd),
                ),
              )
              .reduce((s, c) => s + c, 0);
            expect(result.costPerHourUsd).toBeLessThanOrEqual(naive + 1e-6);
          }
        }),
        { numRuns: 300 },
      );
    });

    it('answers the same plan for the same input (a redelivered request makes the same workers)', () => {
      fc.assert(
        fc.property(input, ({ templates, demands, maxNewWorkers }) => {
          const once = planCapacity({ templates, demands, stopped: [], maxNewWorkers, headroom: 1 });
          const again = planCapacity({
            templates,
            demands: [...demands].reverse(),
            stopped: [],
            maxNewWorkers,
            headroom: 1,
          });
          expect(again).toEqual(once);
        }),
        { numRuns: 100 },
      );
    });
  });
});
