// The demo page: plan an example or a pasted problem in the page or in a worker; show the plan
// (stages with the source and sink transfers, figures, what limits throughput, its picture) next
// to the frontier of throughput/latency trade-offs, where picking a plan shows it. Ids and names
// from the input reach the document only through textContent; the two SVGs come from
// renderSvg/renderFrontierSvg, which escape every label they draw.
import { frontier, renderFrontierSvg, renderSvg, solve } from '/dist/index.js';
import { chosenIndex, describeBottleneck, describeError, toProblem, unitsText } from './shared.js';

const $ = (id) => document.getElementById(id);

const EXAMPLES = {
  'effnetv2b0.dnnpipe.json': 'EfficientNetV2-B0 in 273 units on four devices, from DNNPipe\'s published config. Its frontier has about a thousand plans.',
  'edge-cluster.json': 'ResNet-50 in 18 named blocks. Frames come from a camera on the Pi 4; two Jetsons and a Coral share its switch; results go to a laptop on WiFi. The Coral cannot run the stem or the head.',
  'laptop-pi-wifi.json': 'ResNet-50 on a laptop and a Raspberry Pi 4 over WiFi: the fastest plan costs more than twice the laptop\'s latency; the frontier shows the alternatives.',
};
/** Rows the frontier table lists at most; a longer frontier lists its first and last halves of this. */
const MAX_LISTED = 600;

const exampleTexts = new Map();
let worker;
let requests = 0;
/** What is on screen: the problem, its frontier, the index of solve's plan in it, where it was computed. */
let view = { problem: null, plans: [], chosen: -1, where: '' };

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

const fixed = (value, digits) => (Number.isFinite(value) ? value.toFixed(digits) : String(value));

/** Plans in the worker; `onPlan` gets the plan as soon as it is ready, the promise the last answer. */
function planInWorker(text, onPlan) {
  worker ??= new Worker('./worker.js', { type: 'module' });
  const id = ++requests;
  return new Promise((resolve) => {
    worker.onmessage = ({ data }) => {
      if (data.id !== id) return; // an answer to an earlier request
      if (data.plan) onPlan(data.plan);
      else resolve(data);
    };
    // A worker that fails to load or throws outside its handler would otherwise leave the page waiting.
    worker.onerror = (event) => {
      event.preventDefault();
      worker?.terminate();
      worker = undefined;
      resolve({ error: { name: 'Error', message: `the worker failed: ${event.message ?? 'it could not start'}` } });
    };
    worker.postMessage({ id, text });
  });
}

function showError(error) {
  $('error').hidden = false;
  $('error').textContent = `${error.name}: ${error.message}`;
  $('error').dataset.path = error.path ?? '';
  $('result').hidden = true;
}

/**
 * Shows one plan in the plan view.
 * @param index - its index on the frontier, or -1 for solve's plan before the frontier is known
 */
function showPlan(plan, index) {
  const { problem, plans, chosen, where } = view;
  $('error').hidden = true;
  const body = $('stages').tBodies[0];
  body.replaceChildren();
  const endpoint = (kind, end) => {
    const row = body.insertRow();
    row.dataset.kind = kind;
    row.className = 'endpoint';
    for (const text of ['', end.device, kind, '', '', fixed(end.transfer, 4)]) cell(row, text);
  };
  if (plan.source) endpoint('source', plan.source);
  plan.stages.forEach((s, i) => {
    const row = body.insertRow();
    row.dataset.kind = 'stage';
    for (const text of [String(i + 1), s.device, unitsText(s), fixed(s.time, 4), fixed(s.memory, 2), fixed(s.transfer, 4)]) cell(row, text);
  });
  if (plan.sink) endpoint('sink', plan.sink);
  const limit = describeBottleneck(plan);
  $('bottleneck').textContent = `${fixed(plan.bottleneck, 4)} ms (${limit})`;
  $('bottleneck').dataset.value = String(plan.bottleneck);
  $('bottleneck').dataset.at = limit;
  $('throughput').textContent = `${fixed(plan.throughput, 2)} frames/s`;
  $('latency').textContent = `${fixed(plan.latency, 4)} ms`;
  $('latency').dataset.value = String(plan.latency);
  $('speedup').textContent = plan.speedup === null ? 'no single device holds the model'
    : `${plan.speedup.toFixed(2)}× over the best single device (${plan.bestSingle.device})`;
  const took = `${(plan.stats.micros / 1000).toFixed(3)} ms, ${plan.stats.engine} engine, ${where}`;
  $('solved').textContent = plan.stats.method === 'frontier' ? `the frontier in ${took}` : took;
  $('solved').dataset.where = where;
  const reference = plans[chosen];
  $('plan-title').textContent = index < 0 || index === chosen || !reference
    ? 'The chosen plan: least bottleneck, then least latency'
    : `Frontier plan ${index + 1} of ${plans.length}: ${fixed(plan.throughput / reference.throughput, 2)}× the chosen plan's throughput at ${fixed(plan.latency / reference.latency, 2)}× its latency`;
  $('result').dataset.shown = String(index);
  $('picture').innerHTML = renderSvg(problem, plan);
  markShown(index);
  $('result').hidden = false;
}

/**
 * The rows between the table's first and last MAX_LISTED / 2 plans: a note of how many are not
 * listed, split around the shown plan's own row when the shown plan is among them (a point of the
 * picture can be any plan of a long frontier), so the shown plan always has a row to highlight.
 */
function listGap(index) {
  const body = $('frontier').tBodies[0];
  const n = view.plans.length;
  for (const row of body.querySelectorAll('tr.gap, tr.picked')) row.remove();
  if (n <= MAX_LISTED) return;
  const from = MAX_LISTED / 2;
  const to = n - MAX_LISTED / 2;
  const tail = body.querySelector(`tr[data-index="${to}"]`);
  const rows = document.createDocumentFragment();
  const gap = (count) => {
    if (count <= 0) return;
    const row = rows.appendChild(document.createElement('tr'));
    row.className = 'gap';
    cell(row, `… ${count.toLocaleString('en-US')} plan${count === 1 ? '' : 's'} not listed …`).colSpan = 6;
  };
  if (index >= from && index < to) {
    gap(index - from);
    frontierRow({ insertRow: () => rows.appendChild(document.createElement('tr')) }, view.plans[index], index);
    rows.lastChild.classList.add('picked');
    gap(to - index - 1);
  } else {
    gap(to - from);
  }
  body.insertBefore(rows, tail);
}

/** Highlights the shown plan's row and point on the frontier. */
function markShown(index) {
  listGap(index);
  for (const row of $('frontier').tBodies[0].rows) {
    if (row.dataset.index === undefined) continue;
    const shown = Number(row.dataset.index) === index;
    row.classList.toggle('shown', shown);
    row.querySelector('button')?.setAttribute('aria-pressed', String(shown));
  }
  for (const point of $('frontier-picture').querySelectorAll('circle[data-index]')) {
    const shown = Number(point.dataset.index) === index;
    point.setAttribute('stroke', shown ? '#222' : 'none');
    point.setAttribute('stroke-width', shown ? '3' : '0');
  }
  thinLabels(index);
}

/**
 * Hides point labels that would overlap one already kept, keeping the shown plan's, then the
 * chosen plan's, then the others in frontier order: a long frontier's points crowd, and each
 * point still names its plan in its tooltip and in the table.
 */
function thinLabels(shownIndex) {
  const labels = [];
  for (const point of $('frontier-picture').querySelectorAll('circle[data-index]')) {
    // renderFrontierSvg writes each point's label right after it.
    const label = point.nextElementSibling;
    if (label?.tagName !== 'text') continue;
    label.setAttribute('visibility', 'visible');
    labels.push({ index: Number(point.dataset.index), label, box: label.getBBox() });
  }
  const rank = (i) => (i === shownIndex ? -2 : i === view.chosen ? -1 : i);
  labels.sort((a, b) => rank(a.index) - rank(b.index));
  const kept = [];
  const overlaps = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  for (const { label, box } of labels) {
    if (kept.some((other) => overlaps(box, other))) label.setAttribute('visibility', 'hidden');
    else kept.push(box);
  }
}

function frontierRow(body, plan, i) {
  const { chosen } = view;
  const row = body.insertRow();
  row.dataset.index = String(i);
  row.dataset.bottleneck = String(plan.bottleneck);
  row.dataset.latency = String(plan.latency);
  if (i === chosen) row.classList.add('chosen');
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = `${i + 1}${i === chosen ? ' ★' : ''}`;
  button.setAttribute('aria-label', `show plan ${i + 1}${i === chosen ? ' (chosen)' : ''}`);
  cell(row, '').append(button);
  cell(row, fixed(plan.bottleneck, 4));
  cell(row, fixed(plan.throughput, 2));
  cell(row, fixed(plan.latency, 4));
  cell(row, String(plan.stages.length));
  cell(row, plan.stages.map((s) => s.device).join(' › '), 'devices');
}

function showFrontier(plans, chosen) {
  view.plans = plans;
  view.chosen = chosen;
  $('frontier-error').hidden = true;
  const n = plans.length;
  $('frontier-title').textContent = `The trade-off: ${n.toLocaleString('en-US')} Pareto-optimal plan${n === 1 ? '' : 's'}`;
  const listed = n > MAX_LISTED ? `; the table lists the first and last ${MAX_LISTED / 2}` : '';
  $('frontier-note').textContent = `Least bottleneck first, least latency last. No valid plan has both a smaller bottleneck and a smaller latency than any of these. ★ is the plan solve chooses; pick a row or a point to see its plan${listed}.`;
  // No frontier yet (a plan is being computed): no picture; renderFrontierSvg refuses an empty list.
  $('frontier-picture').innerHTML = n === 0 ? '' : renderFrontierSvg(plans, chosen, 'throughput against latency');
  // renderFrontierSvg gives each point its plan's index on the frontier (data-index): a long
  // frontier's points are a spread along it, not its first plans.
  const body = $('frontier').tBodies[0];
  body.replaceChildren();
  const rows = document.createDocumentFragment();
  const table = { insertRow: () => rows.appendChild(document.createElement('tr')) };
  const head = n > MAX_LISTED ? MAX_LISTED / 2 : n;
  for (let i = 0; i < head; i++) frontierRow(table, plans[i], i);
  if (n > MAX_LISTED) for (let i = n - MAX_LISTED / 2; i < n; i++) frontierRow(table, plans[i], i);
  body.append(rows);
  listGap(-1);
}

function showFrontierError(error) {
  view.plans = [];
  view.chosen = -1;
  $('frontier-title').textContent = 'The trade-off';
  $('frontier-note').textContent = '';
  $('frontier-picture').replaceChildren();
  $('frontier').tBodies[0].replaceChildren();
  $('frontier-error').hidden = false;
  $('frontier-error').textContent = `${error.name}: ${error.message}`;
}

function pick(index) {
  const plan = view.plans[index];
  if (plan) showPlan(plan, index);
}

/** Lets the browser paint what is on screen before a long computation on the main thread. */
const paint = () => new Promise((resolve) => {
  requestAnimationFrame(() => setTimeout(resolve, 0));
  setTimeout(resolve, 100); // a hidden tab runs no animation frames
});

async function run(event) {
  event.preventDefault();
  const paste = document.querySelector('input[name=input]:checked').value === 'paste';
  const text = paste ? $('input').value : exampleTexts.get($('example').value) ?? '';
  $('plan').disabled = true;
  $('status').textContent = 'planning…';
  try {
    let problem;
    try {
      problem = toProblem(text);
    } catch (error) {
      showError(describeError(error));
      return;
    }
    const inWorker = $('in-worker').checked;
    view = { problem, plans: [], chosen: -1, where: inWorker ? 'in a Web Worker' : 'on the main thread' };
    showFrontier([], -1);
    $('frontier-title').textContent = 'The trade-off: computing…';
    let chosenPlan;
    const planReady = (plan) => {
      chosenPlan = plan;
      showPlan(plan, -1);
      $('status').textContent = 'computing the frontier…';
    };
    let answer;
    if (inWorker) {
      answer = await planInWorker(text, planReady);
      if (answer.error) return showError(answer.error);
    } else {
      try {
        planReady(await solve(problem));
      } catch (error) {
        return showError(describeError(error));
      }
      await paint();
      try {
        answer = { frontier: await frontier(problem) };
      } catch (error) {
        answer = { frontierError: describeError(error) };
      }
    }
    if (answer.frontierError) return showFrontierError(answer.frontierError);
    const chosen = chosenIndex(answer.frontier, chosenPlan);
    showFrontier(answer.frontier, chosen);
    markShown(chosen);
    $('result').dataset.shown = String(chosen);
  } finally {
    $('status').textContent = $('error').hidden ? 'done' : 'error';
    $('plan').disabled = false;
  }
}

function showExample() {
  const name = $('example').value;
  $('example-note').textContent = EXAMPLES[name] ?? '';
  $('input').value = exampleTexts.get(name) ?? '';
}

$('form').addEventListener('submit', run);
$('example').addEventListener('change', () => {
  document.querySelector('input[name=input][value=example]').checked = true;
  showExample();
});
// Editing the text plans what was typed.
$('input').addEventListener('input', () => { document.querySelector('input[name=input][value=paste]').checked = true; });
$('frontier').addEventListener('click', (event) => {
  const row = event.target.closest('tr[data-index]');
  if (row) pick(Number(row.dataset.index));
});
$('frontier-picture').addEventListener('click', (event) => {
  const point = event.target.closest('circle[data-index]');
  if (point) pick(Number(point.dataset.index));
});

await Promise.all(Object.keys(EXAMPLES).map(async (name) => {
  exampleTexts.set(name, await (await fetch(`/examples/${name}`)).text());
}));
showExample();
$('plan').disabled = false;
$('status').textContent = 'ready';
