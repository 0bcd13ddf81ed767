import { addDuration, type FreshnessDuration } from '../duration.js';
import type { Control, ControlLibrary, Requirement } from '../library/model.js';
import { compileMatcher, type Selectable } from '../predicates.js';

/** One requirement of one applicable control, ready to test artifacts. */
export interface Slot {
  /** Position in Plan.slots; engines keep per-slot state in arrays indexed by it. */
  readonly index: number;
  readonly controlIndex: number;
  readonly requirement: Requirement;
  readonly matches: (artifact: Selectable) => boolean;
  /** Expiry (ms) of evidence of this kind effective at effectiveMs; Infinity without a window. */
  expiry(kind: string, effectiveMs: number): number;
}

export interface PlannedControl {
  readonly index: number;
  readonly control: Control;
  /** Empty when the control is not applicable. */
  readonly slots: readonly Slot[];
}

/** A library compiled for scoring: the index kind -> requirements (slots) -> controls. */
export interface Plan {
  readonly library: ControlLibrary;
  readonly slots: readonly Slot[];
  readonly controls: readonly PlannedControl[];
  readonly byKind: ReadonlyMap<string, readonly Slot[]>;
}

const plans = new WeakMap<ControlLibrary, Plan>();

export function planFor(library: ControlLibrary): Plan {
  const cached = plans.get(library);
  if (cached) return cached;
  const slots: Slot[] = [];
  const byKind = new Map<string, Slot[]>();
  const controls = library.controls.map((control, controlIndex): PlannedControl => {
    if (control.notApplicable) return { index: controlIndex, control, slots: [] };
    const own = control.requirements.map((requirement): Slot => {
      const windows = new Map<string, FreshnessDuration>();
      for (const [kind, window] of Object.entries(requirement.freshness))
        if (window) windows.set(kind, window);
      const slot: Slot = {
        index: slots.length,
        controlIndex,
        requirement,
        matches: compileMatcher(requirement),
        expiry(kind, effectiveMs) {
          const window = windows.get(kind);
          return window ? addDuration(effectiveMs, window) : Number.POSITIVE_INFINITY;
        },
      };
      slots.push(slot);
      for (const kind of requirement.kinds) {
        const list = byKind.get(kind);
        if (list) list.push(slot);
        else byKind.set(kind, [slot]);
      }
      return slot;
    });
    return { index: controlIndex, control, slots: own };
  });
  const plan: Plan = { library, slots, controls, byKind };
  plans.set(library, plan);
  return plan;
}
