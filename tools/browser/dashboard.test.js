// End-to-end tests of the dashboard in Debian's Chromium, driven by playwright-core (which never downloads a
// browser). tools/browser-check.sh starts the jar and runs them: BASE_URL is the server, SCREENSHOTS the
// directory for a screenshot of each page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.BASE_URL || 'http://localhost:8080';
const SHOTS = process.env.SCREENSHOTS || join(tmpdir(), 'mlp-lab-screenshots');
const LONG = { name: 'long-run', model: { hiddenLayers: [64, 64, 64], activation: 'relu' }, training: { epochs: 100000 } };
const WAIT = { timeout: 60_000 };

let browser;
let profile;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  profile = mkdtempSync(join(tmpdir(), 'mlp-lab-chromium-'));
  // a persistent context on a new, empty profile: nothing from a user's browser, no network of its own
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
});

after(async () => {
  await browser?.close();
  rmSync(profile, { recursive: true, force: true });
});

async function page(path, viewport) {
  const p = await browser.newPage();
  if (viewport) await p.setViewportSize(viewport);
  const errors = [];
  p.on('pageerror', (e) => errors.push(e.message));
  p.errors = errors;
  await p.goto(BASE + path);
  return p;
}

async function api(method, path, body) {
  const response = await fetch(BASE + path, { method, headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, json: response.status === 204 ? null : await response.json().catch(() => null) };
}

const points = (p) => p.$eval('#chart-loss', (f) => Number(f.dataset.points || 0));

test('the root serves the dashboard, with links to the API and the metrics', async () => {
  const p = await page('/');
  assert.equal(await p.title(), 'Jobs · MLP Lab');
  assert.equal(await p.getAttribute('nav a[href="/swagger-ui.html"]', 'href'), '/swagger-ui.html');
  assert.equal(await p.getAttribute('nav a[href="/actuator/prometheus"]', 'href'), '/actuator/prometheus');
  assert.deepEqual(p.errors, []);
  await p.close();
});

test('submitting {} from the form trains the seed experiment: the curve grows to 1000 epochs and the job succeeds', async () => {
  const p = await page('/new.html');
  assert.equal(await p.inputValue('#spec'), '{}');
  await p.click('#submit');
  await p.waitForURL(/\/job\.html\?id=/, WAIT);
  await p.waitForSelector('#status [data-status="SUCCEEDED"]', WAIT);
  await p.waitForFunction(() => Number(document.querySelector('#chart-loss').dataset.points) === 1000, null, WAIT);
  assert.match(await p.textContent('#epoch'), /epoch 1000 \/ 1000/);
  assert.equal(await p.textContent('.card.test-accuracy b'), '100.0%');
  await p.waitForSelector('#diagnostics:not([hidden])', WAIT);
  await p.screenshot({ path: join(SHOTS, 'job-seed.png'), fullPage: true });
  assert.deepEqual(p.errors, []);
  await p.close();
});

test('the seed\'s sigmoid network at depth three: the plateau and the vanished gradients are marked and told', async () => {
  const id = (await api('POST', '/api/v1/jobs', { name: 'sigmoid-3-hidden',
    model: { hiddenLayers: [16, 32, 16], activation: 'sigmoid' } })).json.id;
  const p = await page(`/job.html?id=${id}`);
  await p.waitForSelector('#status [data-status="SUCCEEDED"]', WAIT);
  await p.waitForSelector('#chart-grad', WAIT);
  const summary = await p.textContent('#diagnostics');
  assert.match(summary, /plateau from epoch \d+/);
  await p.screenshot({ path: join(SHOTS, 'job-sigmoid-3-hidden.png'), fullPage: true });
  await p.close();
});

test('a bad spec shows each field\'s error on the line of that field', async () => {
  const p = await page('/new.html');
  await p.fill('#spec', '{\n  "model": {\n    "hiddenLayers": [16, 0],\n    "activation": "relu"\n  }\n}');
  await p.click('#submit');
  const note = await p.waitForSelector('.note[data-field="model.hiddenLayers[1]"]', WAIT);
  assert.equal(await note.getAttribute('data-line'), '3');
  assert.match(await note.textContent(), /\S/);
  // on screen at the height of line 3 of the editor
  const box = await note.boundingBox();
  const editor = await (await p.$('#spec')).boundingBox();
  assert.ok(Math.abs(box.y - (editor.y + 2 * 20 + 4)) <= 4, `note at ${box.y}, editor at ${editor.y}`);
  assert.ok(p.url().endsWith('/new.html'), 'no job was created');
  await p.screenshot({ path: join(SHOTS, 'new-job-problem.png') });
  await p.close();
});

test('a long job can be followed as it grows and cancelled from its page, and the list shows it cancelled', async () => {
  const p = await page('/new.html');
  await p.selectOption('#example', { label: 'A long run (to cancel)' });
  await p.click('#submit');
  await p.waitForURL(/\/job\.html\?id=/, WAIT);
  const id = new URL(p.url()).searchParams.get('id');
  await p.waitForFunction(() => Number(document.querySelector('#chart-loss').dataset.points) > 0, null, WAIT);
  const first = await points(p);
  await p.waitForFunction((n) => Number(document.querySelector('#chart-loss').dataset.points) > n, first, WAIT);
  await p.click('#cancel');
  await p.waitForSelector('#status [data-status="CANCELLED"]', WAIT);
  assert.equal((await api('GET', `/api/v1/jobs/${id}`)).json.status, 'CANCELLED');

  const list = await page('/');
  await list.waitForSelector(`tr[data-id="${id}"][data-status="CANCELLED"]`, WAIT);
  await list.screenshot({ path: join(SHOTS, 'jobs.png') });
  // the status filter reaches the server, the name filter narrows the list
  await list.selectOption('select[name="status"]', 'SUCCEEDED');
  await list.waitForSelector(`tr[data-id="${id}"]`, { state: 'detached', ...WAIT });
  await list.selectOption('select[name="status"]', '');
  await list.fill('input[name="name"]', 'long-r');
  await list.waitForSelector(`tr[data-id="${id}"]`, WAIT);
  assert.ok((await list.$$('tbody tr')).length >= 1);
  for (const row of await list.$$('tbody tr')) {
    assert.match(await row.textContent(), /long-run/);
  }
  // delete from the list, once confirmed
  list.once('dialog', (dialog) => dialog.accept());
  await list.click(`tr[data-id="${id}"] button.danger`);
  await list.waitForSelector(`tr[data-id="${id}"]`, { state: 'detached', ...WAIT });
  assert.equal((await api('GET', `/api/v1/jobs/${id}`)).status, 404);
  await p.close();
  await list.close();
});

test('at a laptop\'s width the job page needs no sideways scrolling', async () => {
  const id = (await api('POST', '/api/v1/jobs', { model: { hiddenLayers: [16], activation: 'relu' } })).json.id;
  for (const width of [1024, 1366]) {
    const p = await page(`/job.html?id=${id}`, { width, height: 768 });
    await p.waitForSelector('#status [data-status="SUCCEEDED"]', WAIT);
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${overflow} px too wide at ${width}`);
    if (width === 1024) await p.screenshot({ path: join(SHOTS, 'job-1024.png'), fullPage: true });
    await p.close();
  }
});

test('the decision boundary panel shows the server\'s drawing (answered by the test until the server draws one)', async () => {
  const id = (await api('POST', '/api/v1/jobs', { training: { epochs: 50 } })).json.id;
  const p = await browser.newPage();
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"><rect width="200" height="200" fill="#cde"/></svg>';
  await p.route('**/plot.svg?series=boundary', (route) => route.fulfill({ contentType: 'image/svg+xml', body: svg }));
  await p.goto(`${BASE}/job.html?id=${id}`);
  await p.waitForSelector('#status [data-status="SUCCEEDED"]', WAIT);
  await p.waitForSelector('#boundary:not([hidden]) img[src^="blob:"]', WAIT);
  await p.close();
});

test('the decision boundary panel is shown where the server draws one, and hidden where it does not', async () => {
  const two = await api('POST', '/api/v1/jobs', { data: { kind: 'moons' }, model: { hiddenLayers: [16, 16], activation: 'relu' } });
  const id = two.status === 202 ? two.json.id : (await api('POST', '/api/v1/jobs', {})).json.id;
  const p = await page(`/job.html?id=${id}`);
  await p.waitForSelector('#status [data-status="SUCCEEDED"]', WAIT);
  await p.waitForTimeout(500);   // let the last boundary request answer
  const plot = await fetch(`${BASE}/api/v1/jobs/${id}/plot.svg?series=boundary`);
  assert.equal(await p.isHidden('#boundary'), !plot.ok);
  if (plot.ok) await p.screenshot({ path: join(SHOTS, 'job-boundary.png'), fullPage: true });
  await p.close();
});

/** The boundary drawing the page shows: its epoch and the job's status from the title, and its regions. */
async function shownBoundary(p) {
  const svg = await p.evaluate(async () => {
    const img = document.querySelector('#boundary-img');
    return img.src.startsWith('blob:') ? (await fetch(img.src)).text() : null;
  });
  if (!svg) return null;
  const title = svg.match(/Decision regions after epoch (\d+): [^<]* \((\w+)\)/);
  const regions = svg.match(/<g class="regions"[\s\S]*?<\/g>/);
  assert.ok(title && regions, 'a boundary drawing with its epoch in the title');
  return { epoch: Number(title[1]), status: title[2], regions: regions[0] };
}

test('while a two-feature job runs, its page draws the boundary of recent weights and redraws it as it trains', async () => {
  const id = (await api('POST', '/api/v1/jobs', { name: 'moons-live', data: { kind: 'moons', samples: 1000, noise: 0.2 },
    model: { hiddenLayers: [16, 16], activation: 'relu', init: { scheme: 'he_uniform' } },
    training: { epochs: 100000, loss: 'bce', optimizer: { type: 'adam', learningRate: 0.002 } } })).json.id;
  const p = await page(`/job.html?id=${id}`);
  try {
    await p.waitForSelector('#boundary:not([hidden]) img[src^="blob:"]', WAIT);
    const first = await shownBoundary(p);
    assert.equal(first.status, 'RUNNING');
    assert.ok(first.epoch >= 1, `drawn after epoch ${first.epoch}`);
    // the page asks again every two seconds or so: a later epoch's weights, with other regions
    let later = first;
    for (let i = 0; i < 120 && (later.epoch <= first.epoch || later.regions === first.regions); i++) {
      await p.waitForTimeout(500);
      later = await shownBoundary(p);
    }
    assert.equal(later.status, 'RUNNING');
    assert.ok(later.epoch > first.epoch, `redrawn after epoch ${later.epoch}, first after ${first.epoch}`);
    assert.notEqual(later.regions, first.regions, 'the regions moved as it trained');
    assert.equal((await api('GET', `/api/v1/jobs/${id}`)).json.status, 'RUNNING');
    await p.screenshot({ path: join(SHOTS, 'job-boundary-running.png'), fullPage: true });
    // and once more when it ends, with its final weights
    await api('POST', `/api/v1/jobs/${id}/cancel`);
    await p.waitForSelector('#status [data-status="CANCELLED"]', WAIT);
    let last = later;
    for (let i = 0; i < 60 && last.status !== 'CANCELLED'; i++) {
      await p.waitForTimeout(250);
      last = await shownBoundary(p);
    }
    assert.equal(last.status, 'CANCELLED');
    assert.ok(last.epoch >= later.epoch);
    assert.deepEqual(p.errors, []);
  } finally {
    await p.close();
    await api('DELETE', `/api/v1/jobs/${id}`);
  }
});

test('the study page renders a study as the contract describes it (answered by the test until the server has studies)', async () => {
  // four real member jobs, so the overlay reads their real histories
  const members = {};
  for (const activation of ['relu', 'sigmoid']) {
    members[activation] = [];
    for (const seed of [1, 2]) {
      const job = await api('POST', '/api/v1/jobs', { seed, model: { hiddenLayers: [16, 16], activation }, training: { epochs: 300 } });
      members[activation].push(job.json.id);
    }
  }
  for (const id of [...members.relu, ...members.sigmoid]) await api('GET', `/api/v1/jobs/${id}?wait=60`);
  const row = (activation, mean) => ({ point: { 'model.activation': activation }, jobs: members[activation],
    testAccuracy: { mean, std: 0.01, min: mean - 0.01, max: mean }, testLoss: { mean: 1 - mean }, trainLoss: { mean: 1 - mean } });
  const study = { id: 'fake-study', name: 'activation at depth two', status: 'SUCCEEDED', progress: { done: 4, total: 4 },
    rows: [row('sigmoid', 0.46), row('relu', 1.0)] };
  const p = await browser.newPage();
  await p.route('**/api/v1/studies/fake-study', (route) => route.fulfill({ json: study }));
  await p.goto(`${BASE}/study.html?id=fake-study`);
  await p.waitForSelector('#table tbody tr', WAIT);
  const firstPoint = () => p.textContent('#table tbody tr:first-child td:first-child');
  assert.match(await firstPoint(), /relu/, 'best test accuracy first');
  await p.click('#table th[data-key="testAccuracy"]');
  await p.waitForSelector('#table th.sorted.asc', WAIT);
  assert.match(await firstPoint(), /sigmoid/);
  const links = await p.$$eval('#table tbody a', (as) => as.map((a) => new URL(a.href).searchParams.get('id')));
  assert.deepEqual(links.sort(), [...members.relu, ...members.sigmoid].sort());
  await p.waitForSelector('#chart-overlay', WAIT);
  assert.equal((await p.$$('#chart-overlay .u-legend .u-series')).length, 1 + 4, 'the epoch and one series per member');
  await p.screenshot({ path: join(SHOTS, 'study.png'), fullPage: true });
  await p.close();
});

test('the study page of a real study shows the comparison table', async (t) => {
  const presets = await api('GET', '/api/v1/studies/presets');
  if (presets.status !== 200) {
    t.skip('this server has no studies');
    return;
  }
  const list = Array.isArray(presets.json) ? presets.json : presets.json.presets;
  const name = typeof list[0] === 'string' ? list[0] : list[0].name;
  const study = await api('POST', '/api/v1/studies', { preset: name });
  assert.equal(study.status, 202);
  const p = await page(`/study.html?id=${study.json.id}`);
  await p.waitForSelector('#table tbody tr', WAIT);
  await p.click('#table th[data-key="testAccuracy"]');
  await p.waitForSelector('#table th.sorted.asc', WAIT);
  await p.screenshot({ path: join(SHOTS, 'study.png'), fullPage: true });
  await api('POST', `/api/v1/studies/${study.json.id}/cancel`);
  await p.close();
});

/** The events of a stream, read until `stop(events)` is true or the stream ends. */
async function readEvents(path, lastEventId, stop = () => false) {
  const controller = new AbortController();
  const headers = { Accept: 'text/event-stream' };
  if (lastEventId !== undefined) headers['Last-Event-ID'] = lastEventId;
  const response = await fetch(BASE + path, { headers, signal: controller.signal });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type'), /^text\/event-stream/);
  const decoder = new TextDecoder();
  const events = [];
  let buffer = '';
  try {
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = { data: '' };
        for (const line of block.split('\n')) {
          const [, field, value] = line.match(/^([^:]*):?(.*)$/);
          if (field === 'data') event.data += value;
          else if (field) event[field] = value;
        }
        if (event.event) events.push({ ...event, data: JSON.parse(event.data) });
        if (events.length && stop(events)) {
          controller.abort();
          return events;
        }
      }
    }
  } catch (e) {
    if (e.name !== 'AbortError') throw e;
  }
  return events;
}

test('the event stream delivers every epoch exactly once across a reconnect with Last-Event-ID', async () => {
  const epochs = 20000;
  const id = (await api('POST', '/api/v1/jobs', { model: { hiddenLayers: [64, 64], activation: 'relu' },
    training: { epochs } })).json.id;
  // the first connection stops after its second progress event, mid-run
  const first = await readEvents(`/api/v1/jobs/${id}/events`, undefined,
    (events) => events.filter((e) => e.event === 'progress' && e.data.history.train.epoch.length).length >= 2);
  const lastId = first.at(-1).id;
  const second = await readEvents(`/api/v1/jobs/${id}/events`, lastId);
  assert.equal(second.at(-1).event, 'end');
  assert.equal(second.at(-1).data.status, 'SUCCEEDED');
  const all = [...first, ...second].filter((e) => e.event === 'progress');
  const seen = all.flatMap((e) => e.data.history.train.epoch);
  assert.deepEqual(seen, Array.from({ length: epochs }, (_, e) => e));
  const evaluated = all.flatMap((e) => e.data.history.eval.epoch);
  const history = (await api('GET', `/api/v1/jobs/${id}/history`)).json;
  assert.deepEqual(evaluated, history.eval.epoch);
  assert.deepEqual(all.flatMap((e) => e.data.history.train.loss), history.train.loss);
  assert.ok(first.length >= 2 && Number(lastId) > 0 && Number(lastId) < epochs, `reconnected at ${lastId}`);
});
