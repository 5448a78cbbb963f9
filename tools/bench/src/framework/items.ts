// What the three servers of the framework benchmark share: the body schema, the list the query answers
// and, for bare express and NestJS, a store that costs what an in-memory repository costs (a copy on
// load and on save, a version check), so neuro-core's InMemoryRepository is not the only side that copies.
import { z } from 'zod';

export const AdjustBody = z.object({ delta: z.number().int().min(-100).max(100) });

export interface ItemState {
  name: string;
  quantity: number;
  tags: string[];
}

export const SEED_ID = 'item-1';

export const seedState = (): ItemState => ({ name: 'widget', quantity: 0, tags: ['bench', 'seed'] });

/** The query's answer: 20 items. */
export const LIST = Array.from({ length: 20 }, (_, i) => ({
  id: `item-${i + 1}`,
  name: `item number ${i + 1}`,
  quantity: i * 3,
  tags: ['bench', i % 2 ? 'odd' : 'even'],
}));

export interface StoredItem {
  readonly id: string;
  state: ItemState;
  version: number;
}

/** One aggregate's document in a Map, copied in and out, with an optimistic version check on save. */
export class PlainItemStore {
  private readonly docs = new Map<string, StoredItem>([
    [SEED_ID, { id: SEED_ID, state: seedState(), version: 1 }],
  ]);

  get(id: string): StoredItem | undefined {
    const doc = this.docs.get(id);
    return doc && structuredClone(doc);
  }

  update(item: StoredItem): void {
    const current = this.docs.get(item.id);
    if (!current || current.version !== item.version) throw new Error(`item ${item.id} changed meanwhile`);
    item.version++;
    this.docs.set(item.id, structuredClone(item));
  }
}
