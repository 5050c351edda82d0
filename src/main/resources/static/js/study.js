// The Study page: the comparison table (click a heading to sort), the members' loss curves overlaid, and
// links to every member job. Refreshed every two seconds until the study has ended.
import * as api from './api.js';
import { lineChart, COLORS } from './charts.js';
import { $, el, header, param, statusBadge, progressBar, isTerminal, number, percent, notice } from './ui.js';

header('Study');
const id = param('id');
const MAX_CURVES = 40;

/** A statistic's mean (null while no member has a value), or a plain number as it is. */
const mean = (s) => (s !== null && typeof s === 'object' ? s.mean ?? null : s ?? null);

const COLUMNS = [
  ['point', 'Point', (r) => JSON.stringify(r.point ?? {})],
  ['testAccuracy', 'Test accuracy (mean ± std)', (r) => r.testAccuracy?.mean,
    (r) => `${percent(r.testAccuracy?.mean)} ± ${percent(r.testAccuracy?.std)}`],
  ['testAccuracyMin', 'min', (r) => r.testAccuracy?.min, (r) => percent(r.testAccuracy?.min)],
  ['testAccuracyMax', 'max', (r) => r.testAccuracy?.max, (r) => percent(r.testAccuracy?.max)],
  ['testLoss', 'Test loss', (r) => mean(r.testLoss), (r) => number(mean(r.testLoss))],
  ['trainLoss', 'Train loss', (r) => mean(r.trainLoss), (r) => number(mean(r.trainLoss))],
];
let sortKey = 'testAccuracy';
let descending = true;
let study = null;
let refreshes = 0;

const jobIds = (row) => (row.jobs || []).map((j) => (typeof j === 'string' || j === null ? j : j.id)).filter(Boolean);

function renderTable() {
  const head = el('tr', {}, COLUMNS.map(([key, label]) => el('th', {
    class: key === sortKey ? (descending ? 'sorted desc' : 'sorted asc') : null, 'data-key': key,
    onclick: () => { descending = key === sortKey ? !descending : true; sortKey = key; renderTable(); },
  }, label)), el('th', {}, 'Jobs'));
  const [, , value] = COLUMNS.find(([key]) => key === sortKey);
  const rows = [...(study.rows || [])].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    const order = typeof x === 'string' ? String(x).localeCompare(y) : (x ?? -Infinity) - (y ?? -Infinity);
    return descending ? -order : order;
  });
  $('#table thead').replaceChildren(head);
  $('#table tbody').replaceChildren(...rows.map((r) => el('tr', {},
    COLUMNS.map(([, , v, show]) => el('td', { class: show ? 'num' : null }, show ? show(r) : v(r))),
    el('td', {}, jobIds(r).map((jid, i) => [i ? ' ' : '', el('a', { href: `/job.html?id=${encodeURIComponent(jid)}` }, `#${i + 1}`)])))));
}

let overlay = null;
async function renderOverlay() {
  const members = (study.rows || []).flatMap((r, rowIndex) => jobIds(r).map((jid, i) => ({ jid, rowIndex,
    label: `${Object.values(r.point ?? {}).map((v) => JSON.stringify(v)).join(', ')} #${i + 1}` })));
  const shown = members.slice(0, MAX_CURVES);
  const histories = await Promise.all(shown.map((m) => api.getHistory(m.jid).catch(() => null)));
  const longest = Math.max(0, ...histories.map((h) => h?.train.epoch.length || 0));
  const x = Array.from({ length: longest }, (_, i) => i);
  if (overlay && overlay.count !== shown.length) {
    overlay.box.remove();
    overlay = null;
  }
  if (!overlay) {
    overlay = lineChart($('#overlay'), { id: 'chart-overlay', title: 'Members\' training loss (log scale)', log: true,
      series: shown.map((m) => ({ label: m.label, color: COLORS[m.rowIndex % COLORS.length] })) });
    overlay.count = shown.length;
  }
  overlay.set(x, histories.map((h) => x.map((i) => h?.train.loss[i] ?? null)));
}

async function refresh() {
  try {
    study = await api.getStudy(id);
  } catch (e) {
    notice(e.status === 404 ? 'No study with this id (or this server runs no studies).' : e.message);
    return;
  }
  $('#title').textContent = study.name || `Study ${id.slice(0, 8)}`;
  $('#status').replaceChildren(statusBadge(study.status));
  const p = study.progress || { done: 0, total: 0 };
  $('#progress').replaceChildren(progressBar({ epoch: p.done, epochs: p.total }));
  $('#count').textContent = `${p.done} / ${p.total} jobs`;
  $('#cancel').hidden = isTerminal(study.status);
  renderTable();
  const ended = isTerminal(study.status);
  // the members' histories are the heavy part: every fifth refresh while the study runs, and once at the end
  if (ended || refreshes++ % 5 === 0) await renderOverlay();
  if (!ended) setTimeout(refresh, 2000);
}

$('#csv').href = api.studyTableCsvUrl(id || '');
$('#cancel').addEventListener('click', async () => {
  try { await api.cancelStudy(id); refresh(); } catch (e) { notice(e.message); }
});
if (id) refresh(); else notice('No study id in the address (study.html?id=…).');
