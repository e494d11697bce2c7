export type Admission = {
  /** Runs `start` in a turn of the event loop, after the starts queued before it. */
  admit(start: () => void): void;
  readonly waiting: number;
  readonly perTurn: number;
};

export function createAdmission(options?: { now?: () => number }): Admission;
