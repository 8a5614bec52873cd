/**
 * Clock helpers and daily rhythms. Humans are active by local hour of day;
 * pipelines are not, which is one of the behavioural differences the guard
 * looks for, so each actor draws its activity from one of these profiles.
 */
import type { Rng } from "./rng.js";

export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** Relative activity per local hour 0..23. */
export type DayProfile = readonly number[];

export const PROFILES = {
  /** Chat at home and at work: quiet nights, late-morning and evening peaks. */
  chat: [1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 2, 4, 6, 7, 7, 6, 6, 7, 7, 6, 5, 5, 6, 7, 6, 4, 2],
  /** Office hours. */
  work: [0.1, 0.05, 0.05, 0.05, 0.05, 0.1, 0.3, 1, 5, 9, 10, 9, 6, 8, 10, 10, 9, 6, 2, 1, 0.8, 0.6, 0.4, 0.2],
  /** Students: afternoons, evenings and late nights. */
  student: [4, 3, 1.5, 0.5, 0.2, 0.2, 0.3, 0.8, 2, 3, 4, 4, 3, 4, 5, 5, 5, 5, 6, 7, 8, 9, 8, 6],
  /** Customer traffic of a support bot: like chat, flatter. */
  support: [1.5, 1, 0.8, 0.6, 0.6, 0.8, 1.5, 3, 5, 6, 6, 6, 5, 5, 6, 6, 5, 4, 4, 4, 3.5, 3, 2.5, 2],
  /** Machines: no rhythm at all. */
  flat: Array.from({ length: 24 }, () => 1),
} as const satisfies Record<string, DayProfile>;

/** Hour of day in [0, 24) drawn from the profile. */
export function sampleHour(rng: Rng, profile: DayProfile): number {
  const h = rng.weighted(profile.map((w, i) => [i, w] as const));
  return h + rng.next();
}

/** Activity weight of `profile` at UTC time `ts` for someone at UTC offset `tz` hours. */
export function activityAt(profile: DayProfile, ts: number, tz: number): number {
  const local = (((ts / HOUR + tz) % 24) + 24) % 24;
  return profile[Math.floor(local)] ?? 0;
}

/**
 * Times of `count` session starts in [from, to), drawn from the profile at
 * the actor's UTC offset (rejection sampling against the profile's peak).
 */
export function sessionStarts(rng: Rng, from: number, to: number, count: number, profile: DayProfile, tz: number): number[] {
  const peak = Math.max(...profile);
  const out: number[] = [];
  for (let tries = 0; out.length < count && tries < count * 200; tries++) {
    const t = from + rng.next() * (to - from);
    if (rng.next() * peak < activityAt(profile, t, tz)) out.push(Math.floor(t));
  }
  return out.sort((a, b) => a - b);
}

/** Next arrival of a Poisson process running at `perHour` at the profile's peak hour, thinned elsewhere. */
export function nextArrival(rng: Rng, after: number, perHour: number, profile: DayProfile, tz: number, limit: number): number | null {
  const peak = Math.max(...profile);
  const mean = HOUR / perHour;
  let t = after;
  while (t < limit) {
    t += rng.exp(mean);
    if (rng.next() * peak < activityAt(profile, t, tz)) return Math.floor(t);
  }
  return null;
}

export function iso(ts: number): string {
  return new Date(ts).toISOString();
}
