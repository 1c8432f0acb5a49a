/** ISO instant (UTC) of a Date, the one way instants are stored. */
export function iso(d: Date): string {
  return d.toISOString();
}

export function addMinutes(d: Date, minutes: number): Date {
  return new Date(d.getTime() + minutes * 60_000);
}
