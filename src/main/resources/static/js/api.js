// Every call the dashboard makes to the MLP Lab API, in one place. Each returns parsed JSON or throws an
// ApiError carrying the server's problem (RFC 9457), whose `errors` name the spec fields at fault.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

async function call(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (response.status === 204) return null;
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = { detail: text }; }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

const query = (params) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
};

// jobs
export const listJobs = (params = {}) => call('GET', `/api/v1/jobs${query({ limit: 100, ...params })}`);
export const getJob = (id) => call('GET', `/api/v1/jobs/${encodeURIComponent(id)}`);
export const getHistory = (id, from) => call('GET', `/api/v1/jobs/${encodeURIComponent(id)}/history${query({ from })}`);
export const submitJob = (specText) => call('POST', '/api/v1/jobs', specText);
export const cancelJob = (id) => call('POST', `/api/v1/jobs/${encodeURIComponent(id)}/cancel`);
export const deleteJob = (id) => call('DELETE', `/api/v1/jobs/${encodeURIComponent(id)}`);

/**
 * Follows a job's event stream. `onProgress(event)` gets each `progress` event's data (status, progress and the
 * history rows since the previous event); `onEnd(job)` the job once it has ended. The browser reconnects by
 * itself with Last-Event-ID, so no epoch is lost or repeated. Returns a function that stops following.
 */
export function followJob(id, { onProgress, onEnd, onError }) {
  const source = new EventSource(`/api/v1/jobs/${encodeURIComponent(id)}/events`);
  source.addEventListener('progress', (e) => onProgress(JSON.parse(e.data)));
  source.addEventListener('end', (e) => { source.close(); onEnd(JSON.parse(e.data)); });
  source.onerror = () => { if (source.readyState === EventSource.CLOSED && onError) onError(); };
  return () => source.close();
}

/** A job's SVG plot (`boundary`, `accuracy`, ...) as an object URL, or null when the server has none (404, 400). */
export async function jobPlot(id, series) {
  const response = await fetch(`/api/v1/jobs/${encodeURIComponent(id)}/plot.svg${query({ series })}`);
  if (!response.ok) return null;
  return URL.createObjectURL(await response.blob());
}

// studies
export const listStudyPresets = () => call('GET', '/api/v1/studies/presets');
export const getStudy = (id) => call('GET', `/api/v1/studies/${encodeURIComponent(id)}`);
export const submitStudy = (specText) => call('POST', '/api/v1/studies', specText);
export const cancelStudy = (id) => call('POST', `/api/v1/studies/${encodeURIComponent(id)}/cancel`);
export const studyTableCsvUrl = (id) => `/api/v1/studies/${encodeURIComponent(id)}/table.csv`;
export const studyPlotUrl = (id) => `/api/v1/studies/${encodeURIComponent(id)}/plot.svg`;
