/**
 * How many runs in all a command of an inbound event gets when its save loses the race to an owner action,
 * the timers or another replica: each run starts over from a fresh read, since a 409 would make the inbound
 * table acknowledge the event and drop it (a lab.ready lost this way left its session INSTANTIATING).
 */
export const EVENT_SAVE_ATTEMPTS = 20;
