// The New job page: a JSON spec editor with the README's examples (and the study presets, where the server
// has studies). The server's 400 problems are shown on the lines of the fields they name.
import * as api from './api.js';
import { $, el, header, notice } from './ui.js';
import { locate } from './json-path.js';

header('New job');

const EXAMPLES = [
  ['The seed experiment', {}, 'sigmoid output, no hidden layer, full-batch SGD at 0.1 for 1000 epochs'],
  ['ReLU, three hidden layers', { name: 'relu-3-hidden', model: { hiddenLayers: [16, 32, 16], activation: 'relu' } },
    'the seed\'s ReLU row at depth 3: it learns'],
  ['Sigmoid, three hidden layers', { name: 'sigmoid-3-hidden', model: { hiddenLayers: [16, 32, 16], activation: 'sigmoid' } },
    'the seed\'s sigmoid row at depth 3: the gradient vanishes and the loss sits on a plateau'],
  ['Sigmoid, Xavier init', { name: 'sigmoid-3-xavier', model: { hiddenLayers: [16, 32, 16], activation: 'sigmoid', init: { scheme: 'xavier_uniform' } } },
    'the same network with Xavier initialisation'],
  ['Adam, binary cross-entropy', { name: 'relu-adam-bce', model: { hiddenLayers: [16, 16], activation: 'relu' },
    training: { loss: 'bce', optimizer: { type: 'adam', learningRate: 0.01 } } }, 'a sigmoid output trained from the logits'],
  ['Warm-up and cosine schedule', { name: 'warmup-cosine', model: { hiddenLayers: [32, 32], activation: 'tanh' },
    training: { epochs: 2000, schedule: { type: 'warmup_cosine', warmupEpochs: 200 } } }, 'the learning-rate chart shows the schedule'],
  ['Mini-batches', { name: 'minibatch-32', model: { hiddenLayers: [16], activation: 'relu' }, training: { batchSize: 32, epochs: 300 } },
    'shuffled batches of 32 rows'],
  ['A long run (to cancel)', { name: 'long-run', model: { hiddenLayers: [64, 64, 64], activation: 'relu' }, training: { epochs: 100000 } },
    'about a minute or more of training'],
];

const editor = $('#spec');
const select = $('#example');
let target = 'job';   // or 'study', for a preset

for (const [i, [label]] of EXAMPLES.entries()) select.append(el('option', { value: `job:${i}` }, label));

// study presets, where the server has studies; nothing is shown when it has none
api.listStudyPresets().then((answer) => {
  const presets = Array.isArray(answer) ? answer : answer?.presets || [];
  if (!presets.length) return;
  const group = el('optgroup', { label: 'Study presets' });
  for (const p of presets) {
    const name = typeof p === 'string' ? p : p.name;
    group.append(el('option', { value: `study:${name}`, title: p.description || '' }, `Study: ${name}`));
  }
  select.append(group);
}).catch(() => {});

select.addEventListener('change', () => {
  const [kind, key] = select.value.split(':');
  target = kind;
  if (kind === 'job') {
    const [, spec, note] = EXAMPLES[Number(key)];
    editor.value = JSON.stringify(spec, null, 2);
    $('#example-note').textContent = note;
  } else {
    editor.value = JSON.stringify({ preset: key }, null, 2);
    $('#example-note').textContent = 'a study: a grid of specs × seeds, run as jobs';
  }
  $('#submit').textContent = kind === 'job' ? 'Submit job' : 'Submit study';
  showProblems([]);
});

// the line numbers and the notes follow the editor
const LINE = () => parseFloat(getComputedStyle(editor).lineHeight);
function layout() {
  const lines = editor.value.split('\n').length;
  $('#gutter').textContent = Array.from({ length: lines }, (_, i) => i + 1).join('\n');
  $('#gutter').scrollTop = editor.scrollTop;
  for (const note of $('#notes').children) {
    note.style.top = `${(Number(note.dataset.line) - 1) * LINE() - editor.scrollTop + 4}px`;
  }
}
editor.addEventListener('input', () => { showProblems([]); layout(); });
editor.addEventListener('scroll', layout);

/** Each problem as a note on the line of its field (the nearest enclosing one that is written), and in the list. */
function showProblems(errors, detail) {
  const notes = $('#notes');
  const list = $('#problems');
  notes.replaceChildren();
  list.replaceChildren();
  for (const { field, message } of errors) {
    const { offset, found } = locate(editor.value, field || '');
    const line = editor.value.slice(0, offset).split('\n').length;
    const text = `${field}: ${message}`;
    notes.append(el('div', { class: 'note', 'data-field': field, 'data-line': line, title: text }, found ? message : text));
    list.append(el('li', { 'data-field': field }, el('a', { href: '#', onclick: (e) => {
      e.preventDefault();
      editor.focus();
      editor.setSelectionRange(offset, offset);
    } }, el('code', {}, field || '(spec)')), ` ${message}`));
  }
  if (!errors.length && detail) list.append(el('li', {}, detail));
  editor.classList.toggle('invalid', errors.length > 0 || !!detail);
  layout();
}

$('#format').addEventListener('click', () => {
  try { editor.value = JSON.stringify(JSON.parse(editor.value), null, 2); layout(); } catch (e) { notice(`Not JSON: ${e.message}`); }
});

$('#new').addEventListener('submit', async (e) => {
  e.preventDefault();
  notice('');
  try {
    if (target === 'study') {
      const study = await api.submitStudy(editor.value);
      location.href = `/study.html?id=${encodeURIComponent(study.id)}`;
    } else {
      const job = await api.submitJob(editor.value);
      location.href = `/job.html?id=${encodeURIComponent(job.id)}`;
    }
  } catch (err) {
    if (err.problem?.errors?.length) showProblems(err.problem.errors);
    else showProblems([], err.message);
    notice(err.problem?.title ? `${err.problem.title}: see the notes next to the spec.` : err.message);
  }
});
layout();
