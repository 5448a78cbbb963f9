/** How many EC2 calls the simulator received since the last reset, in total and per `Action`. */
export interface CallCounts {
  readonly total: number;
  readonly byAction: Readonly<Record<string, number>>;
}
