/**
 * Latency requirements and the throughput/latency trade-off (docs/model.md, "Requirements" and
 * "Frontier"), driven over latency passes of the general DP. Both engines run these drivers with
 * their own passes (`GeneralSearch`), so they make the same sequence of passes and agree.
 *
 * L(T) = the least latency among plans whose every cost is ≤ T. It never increases as T grows
 * (a larger limit only allows more plans) and it changes only at a real plan's bottleneck, which
 * is what both searches below rely on.
 */
import { MAX_SEARCH_STEPS, MAX_SWEEP_STEPS } from './prepare.js';
import { FrontierLimitError, passLimit, SearchLimitError, type GeneralSearch, type SearchCounters } from './search.js';
import { tieLimit, type LatencyPass } from './search-transfers.js';
import { bitMidpoint } from './search-threshold.js';
import { nextDown } from './search-breakpoint.js';
import { LATENCY_TIE } from './objective.js';
import type { FrontierSweep } from './frontier-sweep.js';
import { PassMemo, type LimitedPass } from './pass-memo.js';

/**
 * Passes are bounded by the work they did, like the general DP (README, "Limits"): both engines
 * count transitions alike, so both stop before the same pass.
 */
function withinBudget(counters: SearchCounters): void {
  if (counters.transitions > MAX_SEARCH_STEPS) throw new SearchLimitError();
}

/** How `leastPassingLimit` picks its probes (see there). */
interface ProbePolicy {
  /** The latency a pass must stay under (`strict`) or within, which the guesses aim at. */
  bound: number;
  strict: boolean;
  /** How far above `lo` the first guess looks. */
  firstSpan: number;
  /** Probe between the last failing probe and `hi` in proportion to their latencies. */
  interpolate: boolean;
  /**
   * Without guesses (the general DP) and without `interpolate`: the first step up from `lo`
   * (see `leastPassingLimit`, 4.).
   */
  firstStep: number;
  /** Leave the pass at the limit found to the caller when no probe made it (the frontier's). */
  lazyPass?: boolean;
  /** Passes need be exact only for latencies up to this (`GeneralSearch.pass`); Infinity: all. */
  relevant: number;
}

/** How far above its starting `lo` a climb goes (5. in `leastPassingLimit`) before the pass at no limit. */
const CLIMB_CEILING = 16;

/**
 * The least T ≥ lo whose pass meets the policy's bound, where once a pass does, every pass at a
 * larger T does; when none does (the pass at no limit fails), that pass's least latency.
 *
 * Invariants: every limit below `lo` fails, `hi` passes. A passing probe snaps `hi` down to its
 * plan's bottleneck when the plan meets the bound (then that limit passes too; the tie rule's
 * plan may not, being up to 1e-9 above the least), a failing one snaps `lo` up to the next limit
 * at which a pass could differ. Without `upper`, `hi` is unknown (Infinity) until a probe passes
 * or the search needs it: then the pass at no limit, the dearest pass (a deadline solve often
 * never runs it), sets it, or shows that no limit passes.
 * Probes, in order of preference:
 * 1. A guess (src/search-breakpoint.ts) after a failing probe: the least limit at which a plan
 *    with one stage above the failed limit meets the bound. It is probed just below first, at
 *    the next double down (a failure there moves `lo` to the guess, since nothing lies between;
 *    on monotone problems that pass is the pass at the largest stage time below the guess, and
 *    finding that stage time took a scan over every stage, a tenth of a frontier), then at the
 *    guess: two passes prove an exact guess. Guesses look below lo + span first (a tight
 *    ceiling keeps a guess about as cheap as a pass), and further, span by span, only when
 *    nothing is there, never above `hi` or the bound (on a monotone problem no stage of a plan
 *    within the bound takes longer than it).
 *    A guess that finds nothing below `hi` probes just below `hi` instead.
 * 2. With `interpolate`, the limit between the last failing probe and `hi` in proportion to how
 *    far their latencies are from the bound (latency falls roughly evenly with the limit), every
 *    other probe; bisection in between, so the interval at least halves every two probes.
 * 3. Galloping up from `lo` (the limit itself, then lo · (1 + 2^-20), doubling the step), since
 *    the answer is usually close, until a probe passes; then bisecting the doubles' bit patterns
 *    (at most 64 halvings).
 * 4. Stepping, for frontier points of the general DP, which guesses nothing (its guess and
 *    next limit are no help: the next double): up from `lo` by `firstStep` (the gap between the
 *    last two points), the step growing fourfold after each failing probe, until a probe passes;
 *    then just below `hi`, which a failure there proves (nothing lies between), and a pass moves
 *    down to the next plan's bottleneck. Two such steps down in a row at most, then a bisection,
 *    so a wide interval still halves. The first step is usually about one point long, so a
 *    point costs about three passes where guessing `hi` and bisecting took nine to eleven, and
 *    two when the probe that passed stands in for the pass at the point's tie limit (`pointAt`).
 * 5. Climbing, on the general DP while `hi` is unknown (a deadline's search, a frontier point's
 *    after the first: the pass at no limit, the dearest, waits): up from `lo` by `firstStep`,
 *    fourfold further while probes fail, up to CLIMB_CEILING × lo; then as 2. (a deadline) or
 *    4. (a frontier point), the first passing probe giving `hi`. The pass at no limit runs only
 *    past that ceiling, where it shows whether any plan meets the bound at all.
 * @param upper - a pass whose own plan meets the bound (the pass at no limit, exact, or another
 *   the caller has): `hi` starts at its plan's bottleneck
 * @param failed - a limit already known to fail, with its latency, to guess from first
 * @returns the least passing T and the pass at exactly that limit; or the least latency of any
 *   plan, which fails the bound
 */
function leastPassingLimit(g: GeneralSearch, lo: number, upper: LatencyPass | undefined, policy: ProbePolicy, failed: { limit: number; latency: number } | undefined): { limit: number; pass: LatencyPass | undefined; probe?: LimitedPass } | { leastLatency: number } {
  const { bound, strict } = policy;
  const meets = (latency: number): boolean => (strict ? latency < bound : latency <= bound);
  const ok = (pass: LatencyPass): boolean => meets(pass.latency);
  let hi = upper?.bottleneck ?? Infinity;
  let hiLatency = upper?.latency ?? Infinity;
  let passAtHi: LatencyPass | undefined;
  // The probe whose own plan set `hi`, when that plan is a least-latency plan there (`pointAt`).
  let probeAtHi: LimitedPass | undefined;
  // Whether `hi` is a limit known to pass (`upper`'s, or a passing probe's).
  let known = upper !== undefined;
  // Stepping (4.): the step up from `lo`, and how many steps down from `hi` passed in a row;
  // climbing (5.) shares the step.
  const stepping = !g.guesses && !policy.interpolate;
  const climbing = !g.guesses && policy.interpolate;
  let stride = policy.firstStep;
  let steppedDown = 0;
  // Where climbing (5.) gives way to the pass at no limit: fixed, though `lo` climbs.
  const climbTop = CLIMB_CEILING * lo;
  /** Makes `hi` known; false when not even the pass at no limit meets the bound. */
  const knowHi = (): boolean => {
    if (known) return true;
    // Exact: its plan's bottleneck is then a limit whose pass meets the bound (the tie rule's
    // plan can be 1e-9 above the least, past a bound the least meets).
    // A frontier's (stepping) only needs to know whether some plan is below its bound: relevance
    // applies; a deadline's names the least latency in its refusal, so it passes every plan.
    upper = g.pass(Infinity, true, Infinity, stepping ? policy.relevant : Infinity);
    known = true;
    hi = upper.bottleneck;
    hiLatency = upper.latency;
    return ok(upper);
  };
  let lastFail = failed;
  // A guess's two probes: the limit just below it (probed first), then the guess.
  let below = NaN;
  let guess = NaN;
  let span = policy.firstSpan;
  // Stepping from a known `hi` (a frontier point's search given a recorded plan, `PassMemo`):
  // that plan's bottleneck is usually the point, which the probe just below it proves.
  if (stepping && known) {
    guess = hi;
    below = nextDown(hi);
  }
  const guessFrom = (limit: number): boolean => {
    for (;;) {
      withinBudget(g.counters);
      const top = Math.min(hi, bound);
      const ceiling = Math.min(top, lo + span);
      const found = g.guess(limit, bound, ceiling);
      if (found >= lo && found < hi) {
        guess = found;
        below = nextDown(found);
        return true;
      }
      if (!(ceiling < top)) break;
      span *= 8;
    }
    // No plan with one stage above the failed limit meets the bound below `hi`: `hi` itself is
    // then likely the answer, which a failing probe just below it proves.
    if (!knowHi()) return false;
    guess = hi;
    below = nextDown(hi);
    return true;
  };
  if (failed !== undefined && !stepping && !guessFrom(failed.limit)) return { leastLatency: upper?.latency ?? Infinity };
  let step = 0;
  let galloping = true;
  let interpolated = false;
  while (lo < hi) {
    withinBudget(g.counters);
    let mid: number;
    if (below >= lo && below < hi) {
      mid = below;
    } else if (guess >= lo && guess < hi) {
      mid = guess;
    } else if ((climbing || stepping) && !known && stride > 0 && lo + stride < climbTop && (climbing || lo + stride < policy.relevant)) {
      // 5. The general DP with `hi` unknown: up from `lo` by a step that grows fourfold while
      // probes fail, before the dearest pass, the one at no limit. For a frontier point a pass at
      // or above the relevance bound is that pass (src/search.ts `passLimit`): its climb ends
      // below it. A deadline's pass at no limit runs unpruned (it names the least latency), so
      // its climb may still probe there, pruned.
      mid = lo + stride;
    } else {
      if (!knowHi()) return { leastLatency: upper?.latency ?? Infinity };
      if (!(lo < hi)) break;
      below = NaN;
      guess = NaN;
      mid = bitMidpoint(lo, hi);
      if (policy.interpolate && !interpolated && lastFail && hiLatency < lastFail.latency) {
        const share = (lastFail.latency - bound) / (lastFail.latency - hiLatency);
        const between = lastFail.limit + share * (hi - lastFail.limit);
        mid = between < lo ? lo : between < hi ? between : mid;
        interpolated = true;
        galloping = false;
      } else if (stepping) {
        if (galloping && lo + stride < hi) mid = Math.min(mid, lo + stride);
        else if (steppedDown >= 2) steppedDown = 0; // one bisection after two steps down
        else if (below !== nextDown(hi)) {
          // A step past `hi`: the probe just below it instead, which proves it or moves it down.
          guess = hi;
          below = nextDown(hi);
          mid = below;
        }
      } else {
        interpolated = false;
        if (galloping) {
          const gallop = step === 0 ? lo : lo * (1 + step);
          if (gallop < mid) mid = gallop;
          step = step === 0 ? 2 ** -20 : step * 2;
        }
      }
    }
    const pass = g.pass(mid, false, Infinity, policy.relevant);
    if (ok(pass)) {
      // The tie rule's plan can be up to 1e-9 above the least latency: only when the plan itself
      // meets the bound is its bottleneck a passing limit (a pass there holds that plan).
      hi = meets(pass.planLatency) ? pass.bottleneck : mid;
      passAtHi = hi === mid ? pass : undefined;
      // On the general DP only (`isPassAtTie`: the windowed DP's key rounds).
      probeAtHi = !g.guesses && meets(pass.planLatency) && pass.planLatency === pass.latency ? { limit: passLimit(mid, policy.relevant), pass } : undefined;
      hiLatency = pass.latency;
      galloping = false;
      known = true;
      if (stepping) {
        steppedDown = mid === below ? steppedDown + 1 : 0;
        if (steppedDown < 2 && lo < hi) {
          guess = hi;
          below = nextDown(hi);
        }
      }
    } else {
      lastFail = { limit: mid, latency: pass.latency };
      if (mid === below) {
        // Nothing lies between the limit just below a guess and the guess.
        lo = guess;
        below = NaN;
      } else {
        // Nothing changes below the next candidate limit, so it fails there too.
        lo = g.nextLimit(mid);
        if (stepping || (climbing && !known)) {
          stride *= 4;
          continue;
        }
        // Interpolating, only probes near the answer are worth a guess: the interpolated ones,
        // and a failed guess before `hi` is known (the pass at no limit bounds the next one).
        if (!known && lo < hi) {
          if (!knowHi()) return { leastLatency: upper?.latency ?? Infinity };
          if (lo < hi && !guessFrom(mid)) return { leastLatency: upper?.latency ?? Infinity };
        } else if (lo < hi && (!policy.interpolate || interpolated) && !guessFrom(mid)) {
          return { leastLatency: upper?.latency ?? Infinity };
        }
      }
    }
  }
  // The pass at exactly `hi` when no probe was there: a frontier point passes on its tie limit
  // instead, and asks for this one only when it needs it (`pointAt`).
  // The probe whose plan set `hi` is the pass at `hi` too: `isPassAtTie`'s argument holds at every
  // limit from its plan's bottleneck up to the probe's own.
  const atHi = probeAtHi?.pass.bottleneck === hi ? probeAtHi.pass : undefined;
  const pass = passAtHi ?? (policy.lazyPass ? undefined : atHi ?? g.pass(hi, false, Infinity, policy.relevant));
  return probeAtHi ? { limit: hi, pass, probe: probeAtHi } : { limit: hi, pass };
}

/** What `solveWithinLatency` found. */
export type LatencyRequirement =
  | { feasible: true; least: number; plan: LatencyPass }
  | { feasible: false; leastLatency: number };

/**
 * The objective under `maxLatency`: the least bottleneck B among plans with latency ≤ maxLatency,
 * then the least latency among plans within tieLimit(B) (docs/model.md, Objective).
 *
 * The search compares each pass's least latency L(T) with the deadline plus `slack`, a bound on
 * the rounding of the windowed DP's key (`keyRounding`, src/search-latency.ts). That key can put L(T)
 * an ulp above the latency of a plan within T that an earlier limit's pass found, so L(T) is not
 * monotone at that scale, and a deadline equal to a frontier point's latency (the workflow
 * `dnnpipe frontier` suggests) could fail at a larger limit and send the search past the point.
 * Within the slack the passes decide robustly; the plan returned is still checked against the
 * deadline itself (`planWithin`), and when the plans at the limit found are above it by less than
 * the slack, the search goes on from the next limit comparing with the deadline alone.
 * @param least - the least bottleneck without the deadline (a lower bound here)
 * @param latencyFloor - a floor under every plan's latency, asked for only when a guess is due
 * @param slack - ms the passes' least latencies may exceed the deadline by and still pass
 */
export function solveWithinLatency(search: GeneralSearch, least: number, maxLatency: number, latencyFloor: () => number = () => 0, slack = 0): LatencyRequirement {
  // Every pass whose own plan meets the deadline is a witness, kept with the least bottleneck:
  // the answer when rounding leaves even the plans at the least passing limit above the deadline
  // (see `fallback`).
  const witness: Witness = {};
  const g: GeneralSearch = {
    ...search,
    pass: (limit, exact, within, relevant) => {
      const pass = search.pass(limit, exact, within, relevant);
      if (pass.planLatency <= maxLatency && !(pass.bottleneck >= (witness.best?.bottleneck ?? Infinity))) witness.best = pass;
      return pass;
    },
  };
  const lo = Math.max(least, g.lowerBound);
  const found = leastLimitWithin(g, lo, maxLatency + slack, latencyFloor, true);
  if (!('limit' in found)) return { feasible: false, leastLatency: found.leastLatency };
  const plan = planWithin(g, found.limit, found.pass, maxLatency, found.probe);
  // B's own pass meets the deadline: B is the least bottleneck of a plan within it.
  if (found.pass.latency <= maxLatency || !(slack > 0)) return plan ?? fallback(g, witness);
  // B passed only within the slack: its own plans are above the deadline, by less than the slack,
  // and the least limit whose pass meets it lies above B (an outside review: a plan of B's tie set
  // met it, but reporting that plan's bottleneck as B* missed a plan in between). The strict
  // search from the next limit finds it; a plan of B's tie set that meets the deadline bounds it.
  const known = plan ? plan.plan : undefined;
  const next = leastLimitWithin(g, g.nextLimit(found.limit), maxLatency, latencyFloor, false, { limit: found.limit, latency: found.pass.latency }, known);
  const settled = 'limit' in next ? planWithin(g, next.limit, next.pass, maxLatency, next.probe) : undefined;
  if (settled || plan || witness.best) return settled ?? plan ?? fallback(g, witness);
  // Rounding hid, at every limit searched, the plans that meet the deadline, and no pass picked
  // one: the search without the slack from the least bottleneck, as the previous release ran it,
  // whose passes may (an outside review: a deadline equal to the least latency, which the key
  // rounds up, was planned before the slack and refused with it). Rare: both searches above
  // ended within the slack of the deadline.
  const strict = leastLimitWithin(g, lo, maxLatency, latencyFloor, true);
  return ('limit' in strict ? planWithin(g, strict.limit, strict.pass, maxLatency, strict.probe) : undefined) ?? fallback(g, witness);
}

/**
 * The least limit ≥ lo whose pass has least latency ≤ bound (see `solveWithinLatency`).
 * @param fromLeast - `lo` is the least bottleneck: its pass first (see below)
 * @param failed - a limit known to fail, to guess from first
 * @param passing - a pass known to meet the bound, standing in for the pass at no limit
 */
function leastLimitWithin(g: GeneralSearch, lo: number, bound: number, latencyFloor: () => number, fromLeast: boolean, failed?: { limit: number; latency: number }, passing?: LatencyPass): { limit: number; pass: LatencyPass; probe?: LimitedPass } | { leastLatency: number } {
  // Only plans within the bound matter (and the 1e-9 latency tie above the least of them, with
  // room for rounding): general-DP passes keep only partial plans that can still end there.
  const relevant = bound + 4e-9 * bound;
  const policy: ProbePolicy = { bound, strict: false, firstSpan: Infinity, interpolate: true, firstStep: lo * 2 ** -4, relevant };
  // Whether the pass at no limit can wait until the search needs it (see `leastPassingLimit`).
  // The general DP climbs to the deadline's limit from below (`leastPassingLimit` 5.) before any
  // pass at no limit.
  let lazyUpper = (failed !== undefined && g.guesses) || !g.guesses;
  if (fromLeast && g.guesses) {
    // The pass at the least bottleneck first: it often meets the deadline already (then it is the
    // only pass), and when it does not, the first guess starts from it (a plan with one stage
    // above it), which two passes prove. Measured on EfficientNetV2-B0 (deadlines across the
    // frontier): 4–8 passes and 2 guesses instead of 9–11 passes and 1 guess; bench: 576 µs to
    // ~400 µs, 8 distinct × 300 a third less; with 1 % slack, one pass: ~150 µs to 31 µs.
    const start = g.pass(lo, false);
    if (start.latency <= bound && start.bottleneck === lo) return { limit: lo, pass: start };
    if (!(start.latency <= bound)) {
      failed = { limit: lo, latency: start.latency };
      lo = g.nextLimit(lo);
      // The first guess comes from this pass's own table, before the pass at no limit: when one of
      // its two proving passes meets the deadline it bounds the search from above, and the pass
      // at no limit (the dearest pass, needed only for that bound and to show a deadline cannot
      // be met) is never run. Its ceiling is the deadline itself, so it scans further, but it
      // needs no refill of the start's table. Interleaved A/B with the bench's deadlines (halfway
      // along the frontier), with the latency table's counters kept in locals too
      // (assembly/latency.ts): EfficientNetV2-B0 0.59–0.64 of the time before (both ways round),
      // 4 distinct × 50 0.71, 8 distinct × 300 0.79–0.84 (docs/benchmarks.md).
      //
      // A deadline below a floor under every plan's latency (monotone memory here) cannot be met:
      // the guess, which would scan for nothing, waits for the pass at no limit, which says so (an
      // outside review measured infeasible deadlines 20–64 % slower with the guess first). Only
      // the order changes; the passes still decide, so a floor off by rounding can cost time,
      // never the answer.
      lazyUpper = !(bound < latencyFloor() * (1 - 1e-6));
    }
  }
  // Exact: its plan's bottleneck is then a limit whose pass meets the deadline (the tie rule's
  // plan can be 1e-9 above the least, past a deadline the least meets).
  // (On the general DP it waits: lazyUpper.)
  const upper = passing ?? (lazyUpper ? undefined : g.pass(Infinity, true));
  if (upper && !(upper.latency <= bound)) return { leastLatency: upper.latency };
  const found = leastPassingLimit(g, lo, upper, policy, failed);
  if (!('limit' in found)) return found;
  const pass = found.pass ?? g.pass(found.limit, false);
  return found.probe ? { limit: found.limit, pass, probe: found.probe } : { limit: found.limit, pass };
}

/** The pass with the least bottleneck among those whose own plan met the deadline, if any. */
interface Witness {
  best?: LatencyPass;
}

/**
 * The plan at the least limit B that meets the deadline: ties by rounding (see
 * `solveWithinLatency`); `undefined` when every plan the passes there keep is above the deadline.
 */
function planWithin(g: GeneralSearch, least: number, pass: LatencyPass, maxLatency: number, probe?: LimitedPass): Extract<LatencyRequirement, { feasible: true }> | undefined {
  // Only plans within the deadline (and the 1e-9 latency tie above the least of them) can be
  // picked here: the passes keep just the partial plans that can end there, as the search's do
  // (`leastLimitWithin`). The pass at tieLimit(B) kept every cell before, and on 8 linked devices
  // × 100 units with a deadline at 0.6 of the plain plan's latency it made 472,523 of the solve's
  // 864,909 transitions.
  const relevant = maxLatency + 4e-9 * maxLatency;
  // Ties by rounding: the least latency within tieLimit(B) is at most the latency at B, which meets
  // the deadline; if the 1e-9 latency tie picked a plan just above it, take the exact least. With
  // no stage time between B and tieLimit(B), the pass at B is the pass at tieLimit(B); on the
  // general DP the probe that found B, when it ran at or above tieLimit(B), is that pass too.
  const tie = tieLimit(least);
  let plan = g.nextLimit(least) > tie ? pass : probe && isPassAtTie(probe, least, tie) ? probe.pass : g.pass(tie, false, Infinity, relevant);
  // The tie rule's pick above the deadline: the same rule among the plans that meet it (fewest
  // stages among latencies within 1e-9 of the least and within the deadline), the objective among
  // the plans that meet the requirements. It took the exact least-latency plan before, which can
  // have more stages; no deadline seen so far tells the two apart (69,684 last-bit deadlines on
  // round problems; the cases of more stages an outside review counted, 5 of 139,025, are plans
  // the windowed DP's key hides, which neither rule sees).
  if (!(plan.planLatency <= maxLatency)) plan = g.pass(tie, false, maxLatency, relevant);
  // The windowed DP's key can put the least latency within tieLimit(B) an ulp above the one at B
  // (found by an outside review): then the plans at B itself, whose least meets the deadline.
  if (!(plan.planLatency <= maxLatency)) plan = pass.planLatency <= maxLatency ? pass : g.pass(least, false, maxLatency, relevant);
  if (!(plan.planLatency <= maxLatency)) return undefined;
  // That plan's bottleneck is below B only when rounding hid it from the search: B is then its.
  // When B passed only within the key's slack (its least latency is above the deadline), the
  // plans at B miss the deadline and the least bottleneck that meets it is the plan's own (an
  // outside review: 1.5999999999999996 was reported for a deadline only a 1.6 plan meets).
  return { feasible: true, least: pass.latency <= maxLatency ? Math.min(least, plan.bottleneck) : plan.bottleneck, plan };
}

/**
 * When the key's rounding hides, at every limit the search settled on, a plan within the limit
 * whose latency meets the deadline (an outside review: deadlines equal to some plan's latency to
 * the last bit). Never a plan above the deadline: the witness with the least bottleneck (a plan
 * some pass picked that meets it, at a larger bottleneck than the least when rounding hid that
 * one), else a refusal that says why (docs/model.md, Requirements: the last bit of a deadline).
 */
function fallback(g: GeneralSearch, witness: Witness): LatencyRequirement {
  // The pass at no limit becomes the witness when its plan meets the deadline.
  const fastest = witness.best ? undefined : g.pass(Infinity, true);
  const best = witness.best;
  if (!best) return { feasible: false, leastLatency: fastest?.latency ?? Infinity };
  return { feasible: true, least: best.bottleneck, plan: best };
}

/**
 * The frontier (docs/model.md, Frontier): with L(T) the least latency of plans whose bottleneck is
 * ≤ T, a point at B* and then at each least T beyond the previous point's bottleneck tie where
 * L(T) drops below the previous point's by more than the 1e-9 latency tie, up to the least
 * latency of any plan. Each point's plan is the objective's pick within its tie limit
 * (tieLimit(T)): latency within 1e-9 of L there, fewest stages, least latency; so the first
 * point's plan is the one `solve` returns, and bottlenecks that differ only by the rounding of
 * prefix sums are one point, as latencies are.
 *
 * From a point at latency L, every plan of a smaller bottleneck than the next point has latency
 * ≥ L(1 − 1e-9): dominated, or equal but for rounding. Latencies that differ only in their last
 * bits are one point, as in the objective: the windowed least-latency DP picks a stage start by
 * a rearranged key whose rounding can differ by an ulp from the left-to-right sum.
 * @param least - B*, the least bottleneck of any plan
 */
export function frontierPasses(g: GeneralSearch, least: number): FrontierPoint[] {
  const points: FrontierPoint[] = [];
  try {
    morePoints(g, least, points);
  } catch (error) {
    // Say how far it got: the caller's message suggests a deadline instead. Before two points the
    // limit stopped the first passes themselves, which a deadline needs too: the plain message.
    if (error instanceof FrontierLimitError) throw error;
    if (error instanceof SearchLimitError && points.length >= 2) throw new FrontierLimitError(points.length, MAX_SEARCH_STEPS, 'stage transitions');
    throw error;
  }
  return points;
}

/**
 * A frontier point: the pass at the point's limit T, the tie limit of its least bottleneck (or
 * that bottleneck when no stage time lies in between); its plan's bottleneck may be below T.
 */
export interface FrontierPoint extends LatencyPass {
  limit: number;
  /** The least bottleneck of the point's plans: where L drops below the previous point's. */
  least: number;
}

/**
 * A point from its pass: a literal of one shape, not a spread (a spread plus two fields made
 * EfficientNetV2-B0's frontier of 1,055 points 10 % slower, interleaved A/B).
 */
export function frontierPoint(pass: LatencyPass, limit: number, least: number): FrontierPoint {
  return { latency: pass.latency, bottleneck: pass.bottleneck, planLatency: pass.planLatency, ends: pass.ends, kinds: pass.kinds, limit, least };
}

/**
 * The point whose least bottleneck is `bottleneck`, from the pass there: its plan is the pick
 * within the tie limit (the pass there, unless no stage time lies in between).
 * @param probe - on the general DP, a pass whose plan has this bottleneck (see `isPassAtTie`)
 */
function pointAt(g: GeneralSearch, bottleneck: number, pass: LatencyPass | undefined, relevant = Infinity, probe?: LimitedPass): FrontierPoint {
  const tie = tieLimit(bottleneck);
  // With no stage time in (bottleneck, tie], the pass at `bottleneck` is the pass at `tie`, and
  // the next point's search starts at the same next limit from either.
  if (g.nextLimit(bottleneck) > tie) return frontierPoint(pass ?? g.pass(bottleneck, false, Infinity, relevant), bottleneck, bottleneck);
  if (probe && isPassAtTie(probe, bottleneck, tie)) return frontierPoint(probe.pass, tie, bottleneck);
  return frontierPoint(g.pass(tie, false, Infinity, relevant), tie, bottleneck);
}

/**
 * Whether a general-DP pass at a limit T ≥ tie, whose plan P has bottleneck B and is a
 * least-latency plan there (its latency is the pass's least), is the pass at tie = tieLimit(B),
 * plan included, under any relevance bound its plans are below. P is within tie, so L(tie) = L(T).
 * A pass keeps every cell on a path to a plan below its bound at the unpruned value (PassMemo),
 * and every plan within tie is within T: so each cell of P and each final state in the latency
 * tie has the same value in both passes or a larger one at tie, P's own the same. The pick
 * (`pickFinalState`: the tie, fewest stages, least latency, first state) is P's state again, and
 * the walk back takes P again: it takes the first predecessor, by kind then start, that
 * reproduces the stored value, and one that did so at tie only would make a plan, within T and of
 * P's latency, that the pass at T would have stored and taken first. On the general DP (whose
 * values are left-to-right sums; not the windowed DP, whose key rounds) this spares a point's
 * pass at its tie limit: the probe that found the point is that pass (8 linked devices × 300
 * units, seed 3: 52.6 → 37.4 million transitions, the same 111 points and plans).
 */
function isPassAtTie(probe: LimitedPass, bottleneck: number, tie: number): boolean {
  return probe.limit >= tie && probe.pass.bottleneck === bottleneck && probe.pass.planLatency === probe.pass.latency;
}

/** `frontierPasses` into `points`, so what it found is known when the step limit stops it. */
function morePoints(g: GeneralSearch, least: number, points: FrontierPoint[]): void {
  // The general DP needs no pass at no limit up front (`morePointsClimbing`).
  if (!g.guesses) {
    const memo = new PassMemo(g);
    points.push(pointAt(memo.search, least, memo.search.pass(least, false)));
    morePointsClimbing(memo, points);
    return;
  }
  // The least latency of any plan, exact, so its plan's bottleneck passes every bound its latency
  // does (see solveWithinLatency).
  const fastest = g.pass(Infinity, true);
  points.push(pointAt(g, least, g.pass(least, false)));
  // A frontier of one point needs no sweep (its tables cost a few passes to set up).
  if (g.sweep && fastest.latency < points[0]!.latency - LATENCY_TIE * points[0]!.latency) {
    sweepFrontier(g.sweep(least), fastest.latency, MAX_SWEEP_STEPS, points);
    return;
  }
  for (;;) {
    const previous = points[points.length - 1] as FrontierPoint;
    const bound = previous.latency - LATENCY_TIE * previous.latency;
    if (!(fastest.latency < bound)) break;
    // Points are usually about as far apart as the last two: the first guess looks that far, with
    // room (a wider ceiling costs a little more per guess, a retry a whole guess; 8 measured best).
    const gap = points.length > 1 ? previous.limit - (points[points.length - 2] as FrontierPoint).limit : previous.limit * 2 ** -10;
    // Only plans below the bound can be the next point: passes keep them and the plans within
    // the 1e-9 latency tie above the least of them, with room for rounding (4e-9).
    const relevant = bound + 4e-9 * bound;
    const policy: ProbePolicy = { bound, strict: true, firstSpan: 8 * gap, interpolate: false, firstStep: gap, lazyPass: true, relevant };
    // The previous point's own pass is the first failing one.
    const failed = { limit: previous.limit, latency: previous.latency };
    const found = leastPassingLimit(g, g.nextLimit(previous.limit), fastest, policy, failed);
    if (!('limit' in found)) throw new Error('internal: no frontier point between the last one and the least latency');
    points.push(pointAt(g, found.limit, found.pass, relevant));
  }
}

/**
 * `morePoints` on the general DP, after the first point: each next point by climbing and stepping
 * (`leastPassingLimit` 5. and 4.) with no pass at no limit up front; the search for the point
 * after the last finds no plan below its bound (its pass at no limit, pruned by that bound, shows
 * it) and the frontier ends.
 */
function morePointsClimbing(memo: PassMemo, points: FrontierPoint[]): void {
  const g = memo.search;
  for (;;) {
    const previous = points[points.length - 1] as FrontierPoint;
    const bound = previous.latency - LATENCY_TIE * previous.latency;
    // No plan is faster than the floor: a point within its tie of it is the last (a 3-point
    // frontier spent 8 of its 20 passes finding nothing after its last point).
    if ((g.latencyBound ?? 0) >= bound) return;
    const gap = points.length > 1 ? previous.limit - (points[points.length - 2] as FrontierPoint).limit : previous.limit * 2 ** -10;
    // Only plans below the bound can be the next point: passes keep them and the plans within
    // the 1e-9 latency tie above the least of them, with room for rounding (4e-9).
    const relevant = bound + 4e-9 * bound;
    const policy: ProbePolicy = { bound, strict: true, firstSpan: 8 * gap, interpolate: false, firstStep: gap, lazyPass: true, relevant };
    const failed = { limit: previous.limit, latency: previous.latency };
    // What earlier searches' passes showed (`PassMemo`): a plan below the bound bounds the point
    // from above, and the search starts past the last limit known to fail.
    const upper = memo.leastPassing(bound);
    const failing = memo.greatestFailing(bound, upper?.pass.bottleneck ?? Infinity);
    const lo = g.nextLimit(failing > previous.limit ? failing : previous.limit);
    const found = leastPassingLimit(g, lo, upper?.pass, policy, failed);
    if (!('limit' in found)) return;
    // The pass whose plan set the point: a probe of this search, or the recorded plan it started
    // from. Its bound was this search's or an earlier point's, a larger one; both keep its plans.
    points.push(pointAt(g, found.limit, found.pass, relevant, found.probe ?? upper));
  }
}

/**
 * The frontier's passes, as `frontierPasses` lists them, into `points` (so a caller stopped by
 * the step limit knows how many it had).
 * @param fastestLatency - the least latency of any plan (a pass at no limit)
 * @param budget - transitions allowed before the sweep stops with FrontierLimitError
 */
function sweepFrontier(sweep: FrontierSweep, fastestLatency: number, budget: number, points: FrontierPoint[]): void {
  // The first point, at B*'s tie limit, is listed already: the sweep starts from the table at
  // B*, and within that tie limit L stays at the point's latency, above the first bound.
  for (;;) {
    const previous = points[points.length - 1] as LatencyPass;
    const bound = previous.latency - LATENCY_TIE * previous.latency;
    if (!(fastestLatency < bound)) return;
    const limit = sweep.advance(bound, budget);
    if (limit < 0) throw new FrontierLimitError(points.length, budget, 'sweep steps');
    if (limit === Infinity) throw new Error('internal: the frontier sweep ran out of stages before the least latency');
    // The point's plan is the pick within its tie limit: admit the stages up to it first.
    const tie = tieLimit(limit);
    if (!sweep.admitThrough(tie, budget)) throw new FrontierLimitError(points.length, budget, 'sweep steps');
    points.push(frontierPoint(sweep.point(), tie, limit));
  }
}

