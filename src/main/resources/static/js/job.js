// The Job page: status, result and live charts of one job, fed by its event stream.
import * as api from './api.js';
import { lineChart, COLORS } from './charts.js';
import { $, el, header, param, statusBadge, progressBar, isTerminal, number, percent, specSummary, notice } from './ui.js';

header('Job');
const id = param('id');

// the history so far, as the API's columns
const train = { epoch: [], loss: [], learningRate: [] };
const evals = { epoch: [], trainLoss: [], testLoss: [], trainAccuracy: [], testAccuracy: [] };
let layers = [];

const charts = $('#charts');
const loss = lineChart(charts, { id: 'chart-loss', title: 'Loss (log scale)', log: true, series: [
  { label: 'train (every epoch)', color: COLORS[0] }, { label: 'train (evaluated)', color: COLORS[2] },
  { label: 'test', color: COLORS[1] }] });
const accuracy = lineChart(charts, { id: 'chart-accuracy', title: 'Accuracy', yRange: [0, 1], series: [
  { label: 'train', color: COLORS[2] }, { label: 'test', color: COLORS[1] }] });
const rate = lineChart(charts, { id: 'chart-rate', title: 'Learning rate', series: [{ label: 'rate', color: COLORS[4] }] });
let layerCharts = null;   // made once the number of layers is known

function layerLabel(l, count) {
  return l === count - 1 ? 'output' : `layer ${l + 1}`;
}

function makeLayerCharts(count) {
  const series = Array.from({ length: count }, (_, l) => ({ label: layerLabel(l, count), color: COLORS[l % COLORS.length] }));
  layerCharts = {
    weightGradNorm: lineChart(charts, { id: 'chart-grad', title: 'Weight gradient norm ‖dW‖ (log scale)', log: true, series }),
    updateRatio: lineChart(charts, { id: 'chart-update', title: 'Update ratio ‖ΔW‖ / ‖W‖ (log scale)', log: true, series }),
    deadFraction: lineChart(charts, { id: 'chart-dead', title: 'Dead units (share)', yRange: [0, 1], series }),
    saturatedFraction: lineChart(charts, { id: 'chart-saturated', title: 'Saturated units (share)', yRange: [0, 1], series }),
  };
}

/** Appends each column's new rows (a loop: a finished job's first event can carry 100,000 rows). */
function append(target, columns) {
  for (const key of Object.keys(target)) {
    for (const value of columns[key] || []) target[key].push(value);
  }
}

function onProgress(event) {
  append(train, event.history.train);
  append(evals, event.history.eval);
  (event.history.layers || []).forEach((columns, l) => {
    layers[l] = layers[l] || Object.fromEntries(Object.keys(columns).map((k) => [k, []]));
    append(layers[l], columns);
  });
  showStatus(event.status, event.progress);
  draw();
  refreshBoundary();
}

/** Evaluation columns spread over every epoch (null in between), so they share the train curve's x. */
function spread(values) {
  const out = new Array(train.epoch.length).fill(null);
  evals.epoch.forEach((e, i) => { if (e < out.length) out[e] = values[i]; });
  return out;
}

function draw() {
  loss.set(train.epoch, [train.loss, spread(evals.trainLoss), spread(evals.testLoss)]);
  loss.box.dataset.points = train.epoch.length;
  accuracy.set(evals.epoch, [evals.trainAccuracy, evals.testAccuracy]);
  rate.set(train.epoch, [train.learningRate]);
  if (layers.length && !layerCharts) makeLayerCharts(layers.length);
  if (layerCharts) {
    for (const [key, chart] of Object.entries(layerCharts)) chart.set(layers[0].epoch, layers.map((c) => c[key]));
  }
}

function showStatus(status, progress) {
  $('#status').replaceChildren(statusBadge(status));
  $('#progress').replaceChildren(progressBar(progress));
  $('#epoch').textContent = `epoch ${progress.epoch} / ${progress.epochs}`;
  $('#cancel').hidden = isTerminal(status);
}

function showJob(j) {
  document.title = `${specSummary(j)} · MLP Lab`;
  $('#title').textContent = specSummary(j);
  showStatus(j.status, j.progress);
  $('#spec').textContent = JSON.stringify(j.spec, null, 2);
  const r = j.result;
  const card = (label, value, cls) => el('div', { class: `card ${cls || ''}` }, el('span', {}, label), el('b', {}, value));
  $('#result').replaceChildren(...(r ? [
    card('test accuracy', percent(r.testAccuracy), 'test-accuracy'), card('train accuracy', percent(r.trainAccuracy)),
    card('test loss', number(r.testLoss)), card('train loss', number(r.trainLoss)),
    card('stopped', r.stopReason || '–'), card('time', `${r.trainingMillis} ms`)] : []),
    ...(j.error ? [card('error', `${j.error.code}: ${j.error.message}`, 'error')] : []));
  if (r?.diagnostics) showDiagnostics(r.diagnostics);
}

/** The diagnostics summary in words, and as markers on the loss and gradient curves. */
function showDiagnostics(d) {
  const lines = [];
  const lossMarks = [];
  const gradMarks = [];
  if (d.plateauStart !== null && d.plateauStart !== undefined) {
    lines.push(d.plateauEnd !== null && d.plateauEnd !== undefined
      ? `The loss sat on a plateau from epoch ${d.plateauStart} to ${d.plateauEnd}.`
      : `The loss sat on a plateau from epoch ${d.plateauStart} and never left it.`);
    lossMarks.push({ x: d.plateauStart, label: 'plateau', color: '#444' });
    if (d.plateauEnd !== null && d.plateauEnd !== undefined) lossMarks.push({ x: d.plateauEnd, label: 'plateau ends', color: '#444' });
  }
  const count = d.gradientVanishedEpoch.length;
  d.gradientVanishedEpoch.forEach((epoch, l) => {
    if (epoch === null) return;
    lines.push(`${layerLabel(l, count)}: gradient vanished at epoch ${epoch}.`);
    gradMarks.push({ x: epoch, label: `${layerLabel(l, count)} vanished`, color: COLORS[l % COLORS.length] });
  });
  if (!lines.length) lines.push('No plateau, and no layer\'s gradient vanished.');
  const box = $('#diagnostics');
  box.hidden = false;
  box.replaceChildren(el('h2', {}, 'Diagnostics'), ...lines.map((t) => el('p', {}, t)));
  loss.mark([...lossMarks, ...gradMarks]);
  if (layerCharts) layerCharts.weightGradNorm.mark([...lossMarks, ...gradMarks]);
}

// the decision boundary, where the server can draw one (two-feature data); hidden otherwise. While the job runs
// the server draws the weights of a recent epoch (the title names it), so the panel is redrawn every two seconds
// as progress arrives, and once more with the final weights when the job ends.
const boundary = { asked: 0, sequence: 0, busy: false, shown: false };
async function refreshBoundary(force = false) {
  if (!force && (boundary.busy || Date.now() - boundary.asked < 2000)) return;
  const sequence = ++boundary.sequence;
  boundary.busy = true;
  boundary.asked = Date.now();
  let url = null;
  try { url = await api.jobPlot(id, 'boundary'); } catch { url = null; }
  if (sequence !== boundary.sequence) {   // a later request (the final one) answers instead
    if (url) URL.revokeObjectURL(url);
    return;
  }
  boundary.busy = false;
  if (!url) {
    // no drawing (data without two features, or no weights yet): hidden, unless an earlier drawing is up
    if (!boundary.shown) $('#boundary').hidden = true;
    return;
  }
  const img = $('#boundary-img');
  if (img.src.startsWith('blob:')) URL.revokeObjectURL(img.src);
  img.src = url;
  $('#boundary').hidden = false;
  boundary.shown = true;
}

$('#cancel').addEventListener('click', async () => {
  try { showJob(await api.cancelJob(id)); } catch (e) { notice(e.message); }
});
$('#delete').addEventListener('click', async () => {
  if (!confirm('Delete this job?')) return;
  try { await api.deleteJob(id); location.href = '/'; } catch (e) { notice(e.message); }
});

async function start() {
  if (!id) { notice('No job id in the address (job.html?id=…).'); return; }
  try { showJob(await api.getJob(id)); } catch (e) { notice(e.message); return; }
  $('#links').replaceChildren(
    el('a', { href: `/api/v1/jobs/${id}` }, 'job (JSON)'), ' · ',
    el('a', { href: `/api/v1/jobs/${id}/history` }, 'history (JSON)'), ' · ',
    el('a', { href: `/api/v1/jobs/${id}/events` }, 'event stream'));
  api.followJob(id, {
    onProgress,
    onEnd: (j) => { if (j.id) { showJob(j); refreshBoundary(true); } else notice('The job was deleted.', 'info'); },
    onError: () => notice('Lost the event stream; reload to follow the job again.'),
  });
}
start();
