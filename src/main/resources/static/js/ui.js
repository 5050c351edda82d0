// Small DOM helpers shared by the pages: element building, the header, and number and time formats.

/** el('a', {href: '/'}, 'text', child, ...): an element with attributes (on* as listeners) and children. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'class') node.className = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const child of children.flat(Infinity)) {
    if (child !== undefined && child !== null && child !== false) node.append(child);
  }
  return node;
}

export const $ = (selector, root = document) => root.querySelector(selector);

const PAGES = [['/', 'Jobs'], ['/new.html', 'New job']];

/** The header every page shares: the pages, then the service's own tools. */
export function header(current) {
  const nav = el('nav', { class: 'top' },
    el('a', { class: 'brand', href: '/' }, 'MLP Lab'),
    PAGES.map(([href, label]) => el('a', { href, class: label === current ? 'current' : null }, label)),
    el('span', { class: 'spacer' }),
    el('a', { href: '/swagger-ui.html' }, 'API (Swagger UI)'),
    el('a', { href: '/actuator/prometheus' }, 'Metrics'),
    el('a', { href: '/actuator/health' }, 'Health'));
  document.body.prepend(nav);
}

export const param = (name) => new URLSearchParams(location.search).get(name);

export function statusBadge(status) {
  return el('span', { class: `status ${(status || '').toLowerCase()}`, 'data-status': status }, status || '?');
}

export function progressBar(progress) {
  const fraction = progress && progress.epochs ? progress.epoch / progress.epochs : 0;
  return el('span', { class: 'bar', title: progress ? `${progress.epoch} / ${progress.epochs} epochs` : '' },
    el('span', { style: `width:${(100 * fraction).toFixed(1)}%` }));
}

export const isTerminal = (status) => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(status);

export function number(x, digits = 4) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '–';
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e5)) return x.toExponential(2);
  return Number(x.toPrecision(digits)).toString();
}

export const percent = (x) => (x === null || x === undefined ? '–' : `${(100 * x).toFixed(1)}%`);

export function age(iso) {
  if (!iso) return '';
  const seconds = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  if (seconds < 60) return `${Math.round(seconds)} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} d ago`;
}

/** A one-line description of a spec: its name, else what differs at a glance. */
export function specSummary(job) {
  if (job.name) return job.name;
  if (typeof job.summary === 'string') return job.summary;
  const spec = job.spec;
  if (!spec) return job.id.slice(0, 8);
  const model = spec.model || {};
  const layers = model.layers ? `${model.layers.length} layers` : `[${(model.hiddenLayers || []).join(', ')}]`;
  const optimizer = spec.training?.optimizer?.type || 'sgd';
  return `${model.activation || 'layers'} ${layers} · ${optimizer} · ${spec.training?.epochs} epochs`;
}

/** Shows a message in the page's notice area. */
export function notice(text, kind = 'error') {
  let box = $('#notice');
  if (!box) {
    box = el('div', { id: 'notice', role: 'status' });
    $('main').prepend(box);
  }
  box.className = kind;
  box.textContent = text;
  box.hidden = !text;
}
