// Incremental threshold probes for distinct devices (src/threshold-incremental.ts, decision for
// decision; its module comment has the invariants). Each probe starts from the reach table of
// the last infeasible probe (the base, left in the reach section) and recomputes only the states
// whose reach can grow.
//
// Scratch: this module's arrays live past the end of the DP table section: `layout` below wraps
// the sections' layout and asks for that many more table cells, which no other search reads.
import { C_STATES, C_TRANSITIONS, C_PROBES, U, K, S, W, extPtr, nextPtr, useExtTable, tablePtr, align8, reach, setReach, count, stageTime, fits, layout as placeSections } from './layout';
import { fillExtTable } from './threshold';

let applies = false;
let grownPtr: usize = 0; // u32[W]: per start, the kinds whose farthest end grows from the base
let missingPtr: usize = 0; // u32[W]: per reach, the kinds missing from some state at that reach
let markedPtr: usize = 0; // u32[⌈S / 32⌉]: states to recompute
let logStatesPtr: usize = 0; // i32[S]: states a probe changed, to undo a feasible one
let logReachesPtr: usize = 0; // i32[S]: their reaches before
let logLength: i32 = 0;
let extLogAtPtr: usize = 0; // i32[K × W]: farthest ends a probe moved on, their index,
let extLogEndPtr: usize = 0; // i32[K × W]: their end at the base,
let extLogNextPtr: usize = 0; // f64[K × W]: and their next stage time at the base
let extLogLength: i32 = 0;
// The base's states by reach (src/threshold-incremental.ts `head`): a doubly linked list per
// reach value, and the reach values whose list a probe changed.
let headPtr: usize = 0; // i32[W]: first state at each reach, -1 for none
let afterPtr: usize = 0; // i32[S]: next state at the same reach
let beforePtr: usize = 0; // i32[S]: previous state at the same reach
let touchedPtr: usize = 0; // i32[W]: reach values whose list changed
let isTouchedPtr: usize = 0; // u8[W]
let leastPtr: usize = 0; // f64[W]: per reach r, the least next[k][r] over the kinds in missing[r]
let stalePtr: usize = 0; // u8[W]: states left r's list since missing[r] was exact
/** The limit the reach section holds the infeasible DP of; -1 when it holds none. */
let baseLimit: f64 = -1;

/** src/threshold-incremental.ts `incrementalApplies`, on the sizes alone. */
function appliesTo(units: i32, kinds: i32, states: i32): bool {
  if (kinds > 30 || states != 1 << kinds) return false;
  return states >= 2 * (units + 1);
}

/**
 * The sections' layout (assembly/layout.ts) plus this module's scratch after the DP table. The
 * facade calls it before every search, so a base never outlives the problem it was computed for.
 */
export function layout(units: i32, kinds: i32, states: i32, tableCells: i32, transfersLayout: bool): i32 {
  baseLimit = -1;
  applies = appliesTo(units, kinds, states);
  bitSets = kinds <= 30 && states == 1 << kinds;
  // Sized from address 0 first, then placed after the table cells the searches use.
  const bytes = placeScratch(0, units + 1, kinds, states);
  if (!placeSections(units, kinds, states, tableCells + <i32>((bytes + 7) >> 3), transfersLayout)) return 0;
  placeScratch(align8(tablePtr + (<usize>tableCells << 3)), W, K, S);
  if (applies) memory.fill(markedPtr, 0, ((<usize>S + 31) >> 5) << 2);
  return 1;
}

let bitSets = false;

/**
 * Places the scratch arrays from `at`; returns the end. Every bit-set problem gets `missing`
 * (for `bitSetProbe`), incremental ones the rest.
 */
function placeScratch(at: usize, w: i32, k: i32, s: i32): usize {
  const start = at;
  if (!bitSets) return 0;
  missingPtr = at; at = align8(at + (<usize>w << 2));
  if (!applies) return at - start;
  const cells = <usize>k * w;
  grownPtr = at; at = align8(at + (<usize>w << 2));
  markedPtr = at; at = align8(at + (((<usize>s + 31) >> 5) << 2));
  logStatesPtr = at; at = align8(at + (<usize>s << 2));
  logReachesPtr = at; at = align8(at + (<usize>s << 2));
  extLogNextPtr = at; at = align8(at + (cells << 3));
  extLogAtPtr = at; at = align8(at + (cells << 2));
  extLogEndPtr = at; at = align8(at + (cells << 2));
  headPtr = at; at = align8(at + (<usize>w << 2));
  afterPtr = at; at = align8(at + (<usize>s << 2));
  beforePtr = at; at = align8(at + (<usize>s << 2));
  touchedPtr = at; at = align8(at + (<usize>w << 2));
  isTouchedPtr = at; at = align8(at + <usize>w);
  leastPtr = at; at = align8(at + (<usize>w << 3));
  stalePtr = at; at = align8(at + <usize>w);
  return at - start;
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
  const all = S - 1;
  memory.fill(isTouchedPtr, 0, <usize>W);
  for (let r = 0; r <= U; r++) {
    store<i32>(headPtr + (<usize>r << 2), -1);
    store<u32>(missingPtr + (<usize>r << 2), 0);
  }
  // From the last state down, each at the head of its list: every list is in increasing order.
  for (let y = all; y >= 0; y--) {
    const r = reach(y);
    link(y, r);
    const at = missingPtr + (<usize>r << 2);
    store<u32>(at, load<u32>(at) | <u32>(~y & all));
  }
  memory.fill(stalePtr, 0, <usize>W);
  for (let r = 0; r <= U; r++) store<f64>(leastPtr + (<usize>r << 3), leastAt(r));
}

/** src/threshold-incremental.ts `leastAt`. */
function leastAt(r: i32): f64 {
  let least = Infinity;
  if (r == U) return least;
  for (let m = <i32>load<u32>(missingPtr + (<usize>r << 2)); m != 0; m &= m - 1) {
    const time = load<f64>(nextPtr + ((<usize>ctz(m) * W + r) << 3));
    if (time < least) least = time;
  }
  return least;
}

/**
 * src/threshold-incremental.ts `nextLimit`: the least over a superset of the missing kinds is
 * exact where it falls on a reach that is not stale; a stale one is made exact first.
 */
function nextLimitAfterMoves(touched: i32): f64 {
  const all = S - 1;
  for (let i = 0; i < touched; i++) {
    const r = load<i32>(touchedPtr + (<usize>i << 2));
    store<u8>(isTouchedPtr + <usize>r, 0);
    store<f64>(leastPtr + (<usize>r << 3), leastAt(r));
  }
  for (;;) {
    let best = Infinity;
    let at = -1;
    for (let r = 0; r < U; r++) {
      const least = load<f64>(leastPtr + (<usize>r << 3));
      if (least < best) {
        best = least;
        at = r;
      }
    }
    if (at < 0 || load<u8>(stalePtr + <usize>at) == 0) return best;
    let kinds = 0;
    for (let y = head(at); y >= 0; y = after(y)) kinds |= ~y & all;
    store<u32>(missingPtr + (<usize>at << 2), <u32>kinds);
    store<u8>(stalePtr + <usize>at, 0);
    store<f64>(leastPtr + (<usize>at << 3), leastAt(at));
  }
  return unreachable();
}

@inline function head(r: i32): i32 {
  return load<i32>(headPtr + (<usize>r << 2));
}
@inline function after(y: i32): i32 {
  return load<i32>(afterPtr + (<usize>y << 2));
}
@inline function before(y: i32): i32 {
  return load<i32>(beforePtr + (<usize>y << 2));
}

/** Puts state y at the head of the list of reach r. */
@inline function link(y: i32, r: i32): void {
  const first = head(r);
  store<i32>(beforePtr + (<usize>y << 2), -1);
  store<i32>(afterPtr + (<usize>y << 2), first);
  if (first >= 0) store<i32>(beforePtr + (<usize>first << 2), y);
  store<i32>(headPtr + (<usize>r << 2), y);
}

/** Takes state y out of the list of reach r. */
@inline function unlink(y: i32, r: i32): void {
  const previous = before(y);
  const following = after(y);
  if (previous >= 0) store<i32>(afterPtr + (<usize>previous << 2), following);
  else store<i32>(headPtr + (<usize>r << 2), following);
  if (following >= 0) store<i32>(beforePtr + (<usize>following << 2), previous);
}

/** Counts reach r among the touched once. */
@inline function touch(r: i32, n: i32): i32 {
  const flag = isTouchedPtr + <usize>r;
  if (load<u8>(flag) != 0) return n;
  store<u8>(flag, 1);
  store<i32>(touchedPtr + (<usize>n << 2), r);
  return n + 1;
}

/**
 * src/threshold-incremental.ts `moveChanged`: after an infeasible probe, each state whose reach
 * grew moves to the head of its new list and adds its kinds to missing[new]; its old reach turns
 * stale. Returns the touched count.
 */
function moveChanged(touchedBefore: i32): i32 {
  const all = S - 1;
  let touched = touchedBefore;
  for (let i = 0; i < logLength; i++) {
    const x = load<i32>(logStatesPtr + (<usize>i << 2));
    const old = load<i32>(logReachesPtr + (<usize>i << 2));
    const now = reach(x);
    unlink(x, old);
    link(x, now);
    store<u8>(stalePtr + <usize>old, 1);
    const at = missingPtr + (<usize>now << 2);
    store<u32>(at, load<u32>(at) | <u32>(~x & all));
    touched = touch(now, touched);
  }
  logLength = 0;
  return touched;
}

@inline function mark(x: i32): void {
  const at = markedPtr + (<usize>(x >>> 5) << 2);
  store<u32>(at, load<u32>(at) | (<u32>1 << (x & 31)));
}

@inline function isMarked(x: i32): bool {
  return (load<u32>(markedPtr + (<usize>(x >>> 5) << 2)) & (<u32>1 << (x & 31))) != 0;
}

let pushes: i64 = 0;

/**
 * src/threshold-incremental.ts `push`: y's terms ext[k][reach[y]] for the kinds in `kinds` into
 * y + k; a state raised for the first time in this probe is logged and marked.
 */
@inline function push(y: i32, kinds: i32): void {
  const start = <usize>reach(y);
  for (let m = kinds; m != 0; m &= m - 1) {
    const bit = m & -m;
    const x = y | bit;
    const e = load<i32>(extPtr + ((<usize>ctz(bit) * W + start) << 2));
    pushes++;
    const old = reach(x);
    if (e <= old) continue;
    if (!isMarked(x)) {
      mark(x);
      store<i32>(logStatesPtr + (<usize>logLength << 2), x);
      store<i32>(logReachesPtr + (<usize>logLength << 2), old);
      logLength++;
    }
    setReach(x, e);
  }
}

export let incrementalNextLimit: f64 = Infinity;
/** States the last incremental probe raised. */
export let lastRaised: i32 = 0;

/**
 * `probe` (assembly/threshold.ts) for bit-set states with the farthest-end table filled at
 * `limit`: the same reaches, first state and counters, in a tighter loop. The next limit of an
 * infeasible probe comes from one scan after the DP (`leastNextLimit`: the same pairs as the
 * transitions, so the same minimum), which keeps the next-time table out of the inner loop, and
 * the reach is a branchless maximum.
 */
export function bitSetProbe(stopEarly: bool): i32 {
  let found = -1;
  let states: i64 = 0;
  let transitions: i64 = 0;
  setReach(0, 0);
  for (let state = 1; state < S; state++) {
    states++;
    transitions += popcnt(state);
    let best = 0;
    for (let bits = state; bits != 0; bits &= bits - 1) {
      const bit = bits & -bits;
      best = max(best, load<i32>(extPtr + ((<usize>ctz(bit) * W + reach(state ^ bit)) << 2)));
    }
    setReach(state, best);
    if (best == U && found < 0) {
      found = state;
      if (stopEarly) break;
    }
  }
  count(C_PROBES, 1);
  count(C_STATES, <f64>states);
  count(C_TRANSITIONS, <f64>transitions);
  // Read only after an infeasible probe, which evaluated every state.
  probeBitSetNextLimit = found < 0 ? leastNextLimit() : Infinity;
  return found;
}

export let probeBitSetNextLimit: f64 = Infinity;

/**
 * The threshold DP at `limit` (above the base limit) from the base: the first state reaching the
 * end, or -1 (then `incrementalNextLimit` is set and the new table is the base). A feasible probe
 * leaves its reaches for the plan; `restoreBase` undoes them.
 */
export function incrementalProbe(limit: f64, stopEarly: bool): i32 {
  const all = S - 1;
  count(C_PROBES, 1);
  for (let s = 0; s <= U; s++) store<u32>(grownPtr + (<usize>s << 2), 0);
  extLogLength = 0;
  for (let k = 0; k < K; k++) {
    const row = <usize>k * W;
    for (let s = 0; s < U; s++) {
      const at = row + s;
      const nextAt = nextPtr + (at << 3);
      const endAt = extPtr + (at << 2);
      if (load<f64>(nextAt) > limit) continue;
      const grown = grownPtr + (<usize>s << 2);
      store<u32>(grown, load<u32>(grown) | (<u32>1 << k));
      store<i32>(extLogAtPtr + (<usize>extLogLength << 2), <i32>at);
      store<i32>(extLogEndPtr + (<usize>extLogLength << 2), load<i32>(endAt));
      store<f64>(extLogNextPtr + (<usize>extLogLength << 3), load<f64>(nextAt));
      extLogLength++;
      let e = load<i32>(endAt) + 1;
      while (e < U && stageTime(k, s, e + 1) <= limit && fits(k, s, e + 1)) e++;
      store<i32>(endAt, e);
      store<f64>(nextAt, e < U && fits(k, s, e + 1) ? stageTime(k, s, e + 1) : Infinity);
    }
  }
  let found = -1;
  pushes = 0;
  logLength = 0;
  for (let s = 0; s < U; s++) {
    const kinds = <i32>load<u32>(grownPtr + (<usize>s << 2));
    if (kinds == 0) continue;
    for (let y = head(s); y >= 0; y = after(y)) {
      const m = kinds & ~y & all;
      if (m != 0 && !isMarked(y)) push(y, m);
    }
  }
  let states: i64 = 0;
  const words = (S + 31) >>> 5;
  for (let word = 0; word < words && found < 0; word++) {
    const at = markedPtr + (<usize>word << 2);
    let bits: u32;
    while ((bits = load<u32>(at)) != 0) {
      store<u32>(at, bits & (bits - 1));
      const y = (word << 5) + <i32>ctz(bits);
      states++;
      if (reach(y) == U && found < 0) {
        found = y;
        if (stopEarly) break;
      }
      push(y, ~y & all);
    }
  }
  count(C_STATES, <f64>states);
  count(C_TRANSITIONS, <f64>pushes);
  lastRaised = logLength;
  if (found >= 0) {
    memory.fill(markedPtr, 0, <usize>words << 2);
    return found;
  }
  baseLimit = limit;
  let touched = 0;
  for (let s = 0; s < U; s++) if (load<u32>(grownPtr + (<usize>s << 2)) != 0) touched = touch(s, touched);
  touched = moveChanged(touched);
  incrementalNextLimit = nextLimitAfterMoves(touched);
  return -1;
}

/** Undoes a feasible incremental probe: the reach section and farthest ends are the base's again. */
export function restoreBase(): void {
  for (let i = logLength - 1; i >= 0; i--) {
    setReach(load<i32>(logStatesPtr + (<usize>i << 2)), load<i32>(logReachesPtr + (<usize>i << 2)));
  }
  logLength = 0;
  for (let i = 0; i < extLogLength; i++) {
    const at = <usize>load<i32>(extLogAtPtr + (<usize>i << 2));
    store<i32>(extPtr + (at << 2), load<i32>(extLogEndPtr + (<usize>i << 2)));
    store<f64>(nextPtr + (at << 3), load<f64>(extLogNextPtr + (<usize>i << 3)));
  }
  extLogLength = 0;
}

/** The least next[k][reach[y]] over every state y and kind k ∉ y. */
function leastNextLimit(): f64 {
  const all = S - 1;
  for (let s = 0; s <= U; s++) store<u32>(missingPtr + (<usize>s << 2), 0);
  for (let y = 0; y < S; y++) {
    const at = missingPtr + (<usize>reach(y) << 2);
    store<u32>(at, load<u32>(at) | <u32>(~y & all));
  }
  return leastOfMissing();
}

/** The least next[k][r] over the kinds k in missing[r], every start r. */
function leastOfMissing(): f64 {
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
