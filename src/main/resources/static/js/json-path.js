// Finds where a field named by a problem ("model.layers[3].units") is written in a JSON text, so its error
// can be shown on that line. A tolerant scanner: it records the offset of every member and element it
// reads and stops quietly at the first syntax error.

/** {offset, found}: the offset of the path's key (or element), else of the nearest enclosing one written. */
export function locate(text, path) {
  const positions = scan(text);
  const parts = path.match(/[^.[\]]+|\[\d+\]/g) || [];
  for (let n = parts.length; n > 0; n--) {
    const key = join(parts.slice(0, n));
    if (positions.has(key)) return { offset: positions.get(key), found: n === parts.length };
  }
  return { offset: 0, found: parts.length === 0 };
}

const join = (parts) => parts.reduce((acc, p) => (p.startsWith('[') ? acc + p : acc ? `${acc}.${p}` : p), '');

function scan(text) {
  const positions = new Map();
  let i = 0;
  const space = () => { while (i < text.length && /\s/.test(text[i])) i++; };
  const string = () => {
    const start = ++i;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    return JSON.parse(`"${text.slice(start, i++)}"`);
  };
  const value = (path) => {
    space();
    if (text[i] === '{') {
      i++;
      space();
      while (i < text.length && text[i] !== '}') {
        space();
        const at = i;
        if (text[i] !== '"') throw new SyntaxError('key expected');
        const key = string();
        const child = path ? `${path}.${key}` : key;
        positions.set(child, at);
        space();
        if (text[i++] !== ':') throw new SyntaxError(': expected');
        value(child);
        space();
        if (text[i] === ',') i++;
        space();
      }
      i++;
    } else if (text[i] === '[') {
      i++;
      let index = 0;
      space();
      while (i < text.length && text[i] !== ']') {
        space();
        const child = `${path}[${index++}]`;
        positions.set(child, i);
        value(child);
        space();
        if (text[i] === ',') i++;
        space();
      }
      i++;
    } else if (text[i] === '"') {
      string();
    } else {
      const start = i;
      while (i < text.length && /[^\s,\]}]/.test(text[i])) i++;
      if (i === start) throw new SyntaxError('value expected');
    }
  };
  try { value(''); } catch { /* keep what was read */ }
  return positions;
}
