// The Jobs page: every job, newest first, refreshed every two seconds; filters, cancel and delete.
import * as api from './api.js';
import { $, el, header, statusBadge, progressBar, isTerminal, percent, age, specSummary, notice } from './ui.js';

header('Jobs');
const form = $('#filters');
const REFRESH_MS = 2000;

// the filters live in the address, so a filtered list can be bookmarked
const params = new URLSearchParams(location.search);
for (const name of ['status', 'name', 'study']) form.elements[name].value = params.get(name) || '';

function filters() {
  return { status: form.elements.status.value, name: form.elements.name.value.trim(), study: form.elements.study.value.trim() };
}

/** Server filters where it has them; name and study again here, for servers that ignore them. */
function matches(job, { name, study }) {
  if (name && !(job.name || '').toLowerCase().includes(name.toLowerCase())) return false;
  if (study && job.study !== undefined && job.study !== study) return false;
  return true;
}

function row(job) {
  const act = (label, action, cls) => el('button', { class: cls, onclick: async () => {
    try { await action(job.id); refresh(); } catch (e) { notice(e.message); }
  } }, label);
  return el('tr', { 'data-id': job.id, 'data-status': job.status },
    el('td', {}, el('a', { href: `/job.html?id=${encodeURIComponent(job.id)}` }, specSummary(job))),
    el('td', {}, statusBadge(job.status)),
    el('td', {}, progressBar(job.progress), el('small', {}, ` ${job.progress.epoch}/${job.progress.epochs}`)),
    el('td', { class: 'num' }, percent(job.result?.testAccuracy)),
    el('td', { title: job.createdAt }, age(job.createdAt)),
    el('td', { class: 'actions' },
      isTerminal(job.status) ? null : act('Cancel', api.cancelJob),
      act('Delete', (jobId) => (confirm('Delete this job?') ? api.deleteJob(jobId) : null), 'danger')));
}

let timer;
async function refresh() {
  clearTimeout(timer);
  const f = filters();
  try {
    const page = await api.listJobs(f);
    const jobs = page.jobs.filter((j) => matches(j, f));
    $('#jobs tbody').replaceChildren(...jobs.map(row));
    $('#empty').hidden = jobs.length > 0;
    notice('');
  } catch (e) {
    notice(e.message);
  }
  timer = setTimeout(refresh, REFRESH_MS);
}

form.addEventListener('input', () => {
  const f = filters();
  const q = new URLSearchParams(Object.entries(f).filter(([, v]) => v));
  history.replaceState(null, '', q.toString() ? `?${q}` : location.pathname);
  refresh();
});
form.addEventListener('submit', (e) => e.preventDefault());
refresh();
