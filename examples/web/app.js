// The demo page: plan in the page or in a worker, show the plan, its figures and its picture.
import { renderSvg, solve } from '/dist/index.js';
import { describeError, toProblem } from './shared.js';

const $ = (id) => document.getElementById(id);
let exampleText = '';
let worker;

function solveInWorker(text) {
  worker ??= new Worker('./worker.js', { type: 'module' });
  return new Promise((resolve) => {
    worker.onmessage = (event) => resolve(event.data);
    worker.postMessage(text);
  });
}

function showError(error) {
  $('error').hidden = false;
  $('error').textContent = `${error.name}: ${error.message}`;
  $('error').dataset.path = error.path ?? '';
  $('result').hidden = true;
}

function showPlan(problem, plan, where) {
  $('error').hidden = true;
  const rows = plan.stages.map((s, i) => `<tr><td>${i + 1}</td><td>${s.device}</td><td>${s.start + 1}–${s.end}</td>` +
    `<td>${s.time.toFixed(4)}</td><td>${s.memory.toFixed(2)}</td><td>${s.transfer.toFixed(4)}</td></tr>`);
  $('stages').tBodies[0].innerHTML = rows.join('');
  $('bottleneck').textContent = `${plan.bottleneck.toFixed(4)} ms`;
  $('bottleneck').dataset.value = String(plan.bottleneck);
  $('throughput').textContent = `${plan.throughput.toFixed(2)} frames/s`;
  $('latency').textContent = `${plan.latency.toFixed(4)} ms`;
  $('speedup').textContent = plan.speedup === null ? 'no single device holds the model'
    : `${plan.speedup.toFixed(2)}× over the best single device (${plan.bestSingle.device})`;
  $('solved').textContent = `${(plan.stats.micros / 1000).toFixed(3)} ms, ${plan.stats.engine} engine, ${where}`;
  $('solved').dataset.where = where;
  $('picture').innerHTML = renderSvg(problem, plan);
  $('result').hidden = false;
}

async function run(event) {
  event.preventDefault();
  const paste = document.querySelector('input[name=source]:checked').value === 'paste';
  const text = paste ? $('input').value : exampleText;
  $('status').textContent = 'planning…';
  let problem;
  try {
    problem = toProblem(text);
  } catch (error) {
    showError(describeError(error));
    $('status').textContent = 'error';
    return;
  }
  if ($('in-worker').checked) {
    const answer = await solveInWorker(text);
    if (answer.error) showError(answer.error);
    else showPlan(problem, answer.plan, 'in a Web Worker');
  } else {
    try {
      showPlan(problem, await solve(problem), 'on the main thread');
    } catch (error) {
      showError(describeError(error));
    }
  }
  $('status').textContent = 'done';
}

$('form').addEventListener('submit', run);
exampleText = await (await fetch('/examples/effnetv2b0.dnnpipe.json')).text();
$('input').value = exampleText;
$('plan').disabled = false;
$('status').textContent = 'ready';
