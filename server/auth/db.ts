/** The services' clock, replaceable in tests (expiry, rate-limit windows). */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
