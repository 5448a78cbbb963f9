import type { Db, MongoClient } from 'mongodb';

/**
 * Connects to MongoDB and hands back the client (which the caller closes on shutdown) and the database:
 * `dbName`, or else the one named in the URI. A failed connection closes the half-open client, so a
 * service that fails to start leaves no sockets or timers behind. The driver is loaded here, not when the
 * bundle starts: a service on in-memory storage never needs its ~10 MB.
 */
export async function connectMongo(uri: string, dbName?: string): Promise<{ client: MongoClient; db: Db }> {
  const { MongoClient } = await import('mongodb');
  const client = new MongoClient(uri);
  try {
    await client.connect();
  } catch (error) {
    await client.close();
    throw error;
  }
  return { client, db: client.db(dbName) };
}
