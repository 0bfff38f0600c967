// Incremental threshold probes for distinct devices (src/threshold-incremental.ts, decision for
// decision; its module comment has the invariants). Each probe starts from the reach table of
// the last infeasible probe (the base, left in the reach section) and recomputes only the states
// whose reach can grow.
//
// Scratch: this module's arrays live past the end of the DP table section: `layout` below wraps
// the sections' layout and asks for that many more table cells, which no other search reads.
import { C_STATES, C_TRANSITIONS, C_PROBES, U, K, S, W, extPtr, nextPtr, useExtTable, tablePtr, align8, reach, setReach, count, layout as placeSections } from './layout';
import { fillExtTable } from './threshold';

let applies = false;
let grownPtr: usize = 0; // u32[W]: per start, the kinds whose farthest end grows from the base
let missingPtr: usize = 0; // u32[W]: per reach, the kinds missing from some state at that reach
let markedPtr: usize = 0; // u32[⌈S / 32⌉]: states to recompute
let logStatesPtr: usize = 0; // i32[S]: states a probe changed, to undo a feasible one
let logReachesPtr: usize = 0; // i32[S]: their reaches before
let logLength: i32 = 0;
/** The limit the reach section holds the infeasible DP of; -1 when it holds none. */
let baseLimit: f64 = -1;

/** src/threshold-incremental.ts `incrementalApplies`, on the sizes alone. */
function appliesTo(units: i32, kinds: i32, states: i32): bool {
  if (kinds > 30 || states != 1 << kinds) return false;
  return states >= 16 * (units + 1);
}

/**
 * The sections' layout (assembly/layout.ts) plus this module's scratch after the DP table. The
 * facade calls it before every search, so a base never outlives the problem it was computed for.
 */
export function layout(units: i32, kinds: i32, states: i32, tableCells: i32, transfersLayout: bool): i32 {
  baseLimit = -1;
  applies = appliesTo(units, kinds, states);
  const words = (<usize>states + 31) >> 5;
  const bytes: usize = applies ? 2 * <usize>(units + 1) * 4 + words * 4 + 2 * <usize>states * 4 + 32 : 0;
  if (!placeSections(units, kinds, states, tableCells + <i32>((bytes + 7) >> 3), transfersLayout)) return 0;
  let at = align8(tablePtr + (<usize>tableCells << 3));
  grownPtr = at; at = align8(at + (<usize>W << 2));
  missingPtr = at; at = align8(at + (<usize>W << 2));
  markedPtr = at; at = align8(at + (words << 2));
  logStatesPtr = at; at = align8(at + (<usize>S << 2));
  logReachesPtr = at;
  if (applies) memory.fill(markedPtr, 0, words << 2);
  return 1;
}

export function incrementalApplies(): bool {
  return applies;
}

/** Forgets the base: a full probe or another search rewrote the reach section. */
export function forgetBase(): void {
  baseLimit = -1;
}

export function hasBaseBelow(limit: f64): bool {
  return baseLimit >= 0 && baseLimit < limit;
}

/** A full probe at `limit` left the reach section complete and infeasible: it becomes the base. */
export function adoptBase(limit: f64): void {
  baseLimit = limit;
  // The full probe filled the farthest-end table at this limit when it uses the table.
  if (!useExtTable) fillExtTable(limit);
}

@inline function mark(x: i32): void {
  const at = markedPtr + (<usize>(x >>> 5) << 2);
  store<u32>(at, load<u32>(at) | (<u32>1 << (x & 31)));
}

export let incrementalNextLimit: f64 = Infinity;

/**
 * The threshold DP at `limit` (above the base limit) from the base: the first state reaching the
 * end, or -1 (then `incrementalNextLimit` is set and the new table is the base). A feasible probe
 * leaves its reaches for the plan; `restoreBase` undoes them.
 */
export function incrementalProbe(limit: f64, stopEarly: bool): i32 {
  const all = S - 1;
  count(C_PROBES, 1);
  for (let s = 0; s <= U; s++) store<u32>(grownPtr + (<usize>s << 2), 0);
  for (let k = 0; k < K; k++) {
    const row = <usize>k * W;
    for (let s = 0; s < U; s++) {
      if (load<f64>(nextPtr + ((row + s) << 3)) <= limit) {
        const at = grownPtr + (<usize>s << 2);
        store<u32>(at, load<u32>(at) | (<u32>1 << k));
      }
    }
  }
  fillExtTable(limit);
  for (let y = 0; y < S; y++) {
    let m = <i32>load<u32>(grownPtr + (<usize>reach(y) << 2)) & ~y & all;
    while (m != 0) {
      mark(y | (m & -m));
      m &= m - 1;
    }
  }
  let found = -1;
  let states: i64 = 0;
  let transitions: i64 = 0;
  logLength = 0;
  const words = (S + 31) >>> 5;
  for (let word = 0; word < words && found < 0; word++) {
    const at = markedPtr + (<usize>word << 2);
    let bits: u32;
    while ((bits = load<u32>(at)) != 0) {
      store<u32>(at, bits & (bits - 1));
      const x = (word << 5) + <i32>ctz(bits);
      states++;
      let best = 0;
      for (let m = x; m != 0; m &= m - 1) {
        const bit = m & -m;
        const k = ctz(bit);
        const e = load<i32>(extPtr + ((<usize>k * W + reach(x ^ bit)) << 2));
        transitions++;
        if (e > best) best = e;
      }
      const old = reach(x);
      if (best == old) continue;
      store<i32>(logStatesPtr + (<usize>logLength << 2), x);
      store<i32>(logReachesPtr + (<usize>logLength << 2), old);
      logLength++;
      setReach(x, best);
      for (let m = ~x & all; m != 0; m &= m - 1) mark(x | (m & -m));
      if (best == U && found < 0) {
        found = x;
        if (stopEarly) break;
      }
    }
  }
  count(C_STATES, <f64>states);
  count(C_TRANSITIONS, <f64>transitions);
  if (found >= 0) {
    memory.fill(markedPtr, 0, <usize>words << 2);
    return found;
  }
  baseLimit = limit;
  incrementalNextLimit = leastNextLimit();
  return -1;
}

/** Undoes a feasible incremental probe: the reach section and farthest ends are the base's again. */
export function restoreBase(): void {
  for (let i = logLength - 1; i >= 0; i--) {
    setReach(load<i32>(logStatesPtr + (<usize>i << 2)), load<i32>(logReachesPtr + (<usize>i << 2)));
  }
  logLength = 0;
  fillExtTable(baseLimit);
}

/** The least next[k][reach[y]] over every state y and kind k ∉ y. */
function leastNextLimit(): f64 {
  const all = S - 1;
  for (let s = 0; s <= U; s++) store<u32>(missingPtr + (<usize>s << 2), 0);
  for (let y = 0; y < S; y++) {
    const at = missingPtr + (<usize>reach(y) << 2);
    store<u32>(at, load<u32>(at) | <u32>(~y & all));
  }
  let least = Infinity;
  for (let s = 0; s < U; s++) {
    for (let m = <i32>load<u32>(missingPtr + (<usize>s << 2)); m != 0; m &= m - 1) {
      const k = ctz(m);
      const time = load<f64>(nextPtr + ((<usize>k * W + s) << 3));
      if (time < least) least = time;
    }
  }
  return least;
}
