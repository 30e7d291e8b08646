/*
 * Util: what every view shares. h() builds HTML elements and s() SVG ones; strings always become text nodes, never
 * markup, so every value from the document reaches the page through textContent or setAttribute. Then the formats
 * (durations, times, counts, verdicts) and the fault actions' symbols.
 */
const Util = (() => {
  const SVG_NS = 'http://www.w3.org/2000/svg';

  /** Rows drawn beyond the visible ones, above and below, by the windowed timeline and calls table. */
  const OVERSCAN = 12;

  // What each fault action looks like: a symbol and a legend, which every run's fault rules bring with them (see
  // learnActions), and a colour class (report.css) for the product's own actions. Actions stay in the order learnt.
  const ACTIONS = new Map();

  /** Learns each action the run's fault rules name: its glyph and legend text. */
  const learnActions = (report) => {
    for (const scenario of report.scenarios || []) {
      for (const rule of scenario.faults || []) {
        if (rule.actionName && rule.glyph && !ACTIONS.has(rule.actionName)) {
          ACTIONS.set(rule.actionName, Object.freeze({ glyph: rule.glyph, text: rule.legend || rule.actionName }));
        }
      }
    }
  };

  const isMissing = (value) => value === null || value === undefined || value === false;

  const append = (element, children) => {
    for (const child of children) {
      if (isMissing(child)) continue;
      if (Array.isArray(child)) append(element, child);
      else if (typeof child === 'object' && child.nodeType) element.appendChild(child);
      else element.appendChild(document.createTextNode(String(child)));
    }
  };

  const build = (element, attrs, children) => {
    for (const [name, value] of Object.entries(attrs || {})) {
      if (isMissing(value)) continue;
      if (name === 'class') element.setAttribute('class', value);
      else if (name === 'text') element.textContent = String(value);
      else if (name === 'testid') element.setAttribute('data-testid', value);
      else if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
      else element.setAttribute(name, value === true ? '' : String(value));
    }
    append(element, children);
    return element;
  };

  const isAttrs = (value) => value !== null && typeof value === 'object' && !Array.isArray(value) && !value.nodeType;

  // The second argument is the attributes when it is a plain object, else the first child.
  const create = (element, attrs, rest) => isAttrs(attrs) ? build(element, attrs, rest) : build(element, null, [attrs, ...rest]);

  const h = (name, attrs, ...rest) => create(document.createElement(name), attrs, rest);

  const s = (name, attrs, ...rest) => create(document.createElementNS(SVG_NS, name), attrs, rest);

  const clear = (element) => {
    while (element.firstChild) element.removeChild(element.firstChild);
  };

  const ms = (value) => {
    if (value === null || value === undefined) return '\u2013';
    if (value < 10) return `${value.toFixed(2)} ms`;
    if (value < 1000) return `${value.toFixed(1)} ms`;
    if (value < 120000) return `${(value / 1000).toFixed(2)} s`;
    return `${Math.floor(value / 60000)} min ${Math.round((value % 60000) / 1000)} s`;
  };

  const timeMs = (value) => value.toFixed(value < 100000 ? 1 : 0);

  const when = (iso) => {
    const date = new Date(iso);
    return isNaN(date.getTime()) ? String(iso) : `${date.toISOString().replace('T', ' ').slice(0, 19)}Z`;
  };

  const plural = (count, word) => `${count} ${word}${count === 1 ? '' : 's'}`;

  const verdictWord = (sc) => sc.end === 'skipped' ? 'SKIPPED' : sc.expectationMet ? 'PASS' : 'FAIL';

  /** The colour class of a scenario's verdict: a skipped scenario is neither passed nor failed. */
  const verdictClass = (sc) => sc.end === 'skipped' ? 'warn' : sc.expectationMet ? 'pass' : 'fail';

  const tag = (kind, label) =>
    h('span', { class: `tag t-${ACTIONS.has(kind) || kind === 'retry' || kind === 'violation' ? kind : 'other'}` }, label || kind);

  /** A two-column table of [heading, value, value's class] rows; a missing value shows as a dash. */
  const kv = (rows, testid) =>
    h('table', { class: 'grid kv', testid },
      h('tbody', rows.map(([heading, value, cls]) =>
        h('tr', h('th', heading), h('td', cls ? { class: cls } : null, value === null || value === undefined ? '\u2013' : String(value))))));

  return Object.freeze({ OVERSCAN, ACTIONS, learnActions, h, s, clear, ms, timeMs, when, plural, verdictWord, verdictClass, tag, kv });
})();
