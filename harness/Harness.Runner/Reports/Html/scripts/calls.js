/*
 * CallsTable: one row per call (session, call, operation, outcome, reply, deliveries, latency, tries, faults,
 * violations, payload or error), filtered by session, operation, outcome, fault and violated or not. Like the
 * timeline it draws only the rows in view. Clicking a call shows it in the timeline.
 */
const CallsTable = (() => {
  const { OVERSCAN, h, clear, ms, tag } = Util;

  /** Row height (px), as in report.css. */
  const ROW_H = 24;

  const COLUMNS = [
    ['Session', '70px', 'num'], ['Call', '64px', 'num'], ['Operation', '90px'], ['Outcome', '110px'], ['Reply', '70px', 'num'],
    ['Deliveries', '84px', 'num'], ['Latency', '92px', 'num'], ['Tries', '52px', 'num'], ['Faults', '150px'], ['Violations', '200px'], ['Payload / error', 'auto']];

  const choice = (testid, options) =>
    h('select', { testid }, options.map(([value, label]) => h('option', { value }, label)));

  /** The filters' select elements, each offering what the scenario holds. */
  const filters = (model) => ({
    session: choice('calls-session', [['all', 'all'], ...model.sessions.filter((session) => session >= 0).map((session) => [String(session), `session ${session}`])]),
    operation: choice('calls-operation', [['all', 'all'], ...model.operations.map((op) => [op, op])]),
    outcome: choice('calls-outcome', [['all', 'all'], ...model.outcomes.map((o) => [o, o])]),
    fault: choice('calls-fault', [['all', 'all'], ['any', 'any fault or retransmission'], ['none', 'untouched'], ['retry', 'retransmitted'],
      ...model.actions.map((a) => [`a:${a}`, a])]),
    violated: choice('calls-violated', [['all', 'all'], ['yes', 'violated'], ['no', 'not violated']])
  });

  /** Whether a call passes the filters' current values. */
  const matches = (c, { session, operation, outcome, fault, violated }) => {
    if (session !== 'all' && String(c.session) !== session) return false;
    if (operation !== 'all' && c.call.operation !== operation) return false;
    if (outcome !== 'all' && c.call.outcome !== outcome) return false;
    const isViolated = c.call.violations.length > 0;
    if (violated === 'yes' && !isViolated) return false;
    if (violated === 'no' && isViolated) return false;
    if (fault === 'any' && !c.faults.length && c.tries < 2) return false;
    if (fault === 'none' && (c.faults.length || c.tries > 1)) return false;
    if (fault === 'retry' && c.tries < 2) return false;
    if (fault.startsWith('a:') && !c.faults.includes(fault.slice(2))) return false;
    return true;
  };

  const cell = (text, cls, title) => h('td', { class: cls || null, title: title || null }, text);

  const callRow = (c, focused, onClick) => {
    const call = c.call;
    const deliveries = call.deliveries.length;
    const row = h('tr', {
      class: `call${call.violations.length ? ' violated' : ''}${focused ? ' selected' : ''}`,
      testid: 'call-row', 'data-session': c.session, 'data-sequence': call.sequence
    },
      cell(c.session, 'num'),
      cell(call.sequence, 'num'),
      cell(call.operation),
      cell(call.outcome, `outcome-${call.outcome}`),
      cell(call.reply === null ? '\u2013' : call.reply, 'num'),
      cell(deliveries, `num${deliveries === 1 ? '' : ' bad'}`, deliveries ? `journal positions ${call.deliveries.join(', ')}` : 'not in the journal'),
      cell(c.latency === null ? '\u2013' : ms(c.latency), 'num'),
      cell(c.tries || '\u2013', `num${c.tries > 1 ? ' bad' : ''}`),
      h('td', c.faults.map((a) => tag(a))),
      h('td', call.violations.map((v) => tag('violation', v))),
      cell(call.error || call.payload, call.error ? 'outcome-failed' : 'mono', call.error || call.payload));
    row.addEventListener('click', onClick);
    return row;
  };

  const render = (model, view) => {
    const selects = filters(model);
    const allSelects = Object.values(selects);
    const count = h('span', { class: 'muted', testid: 'calls-count' });
    const body = h('tbody');
    const table = h('table', { class: 'calls', testid: 'calls-table' },
      h('colgroup', COLUMNS.map(([, width]) => h('col', { style: `width:${width}` }))),
      h('thead', h('tr', COLUMNS.map(([heading, , cls]) => h('th', { class: cls || null }, heading)))),
      body);
    const scroll = h('div', { class: 'calls-scroll', tabindex: 0 }, table);
    let filtered = [];
    let lastFirst = -1, lastLast = -1;
    let pending = 0;
    let focused = null;

    const applyFilter = () => {
      const values = Object.fromEntries(Object.entries(selects).map(([name, select]) => [name, select.value]));
      filtered = model.calls.filter((c) => matches(c, values));
      count.textContent = `${filtered.length} of ${model.calls.length} calls`;
      lastFirst = lastLast = -1;
      draw();
    };

    const spacerRow = (rows) => h('tr', { class: 'spacer' }, h('td', { colspan: COLUMNS.length, style: `height:${rows * ROW_H}px` }));

    const draw = () => {
      pending = 0;
      const n = filtered.length;
      const height = scroll.clientHeight || 460;
      const top = Math.max(0, scroll.scrollTop - 28);
      const first = Math.max(0, Math.floor(top / ROW_H) - OVERSCAN);
      const last = Math.min(n, Math.ceil((top + height) / ROW_H) + OVERSCAN);
      if (first === lastFirst && last === lastLast) return;
      lastFirst = first;
      lastLast = last;
      clear(body);
      if (n === 0) {
        body.appendChild(h('tr', h('td', { colspan: COLUMNS.length, class: 'muted' }, model.calls.length ? 'No call matches the filters.' : 'No call was made.')));
        return;
      }
      body.appendChild(spacerRow(first));
      for (let i = first; i < last; i++) {
        const c = filtered[i];
        body.appendChild(callRow(c, focused === c.key, () => {
          focused = c.key;
          lastFirst = -1;
          draw();
          if (view.timeline) view.timeline.jumpTo(c.session, c.call.sequence);
        }));
      }
      body.appendChild(spacerRow(n - last));
    };

    scroll.addEventListener('scroll', () => { if (!pending) pending = requestAnimationFrame(draw); }, { passive: true });
    for (const select of allSelects) {
      select.addEventListener('change', () => { scroll.scrollTop = 0; applyFilter(); });
    }

    const section = h('section', { id: 'calls' },
      h('h2', 'Calls'),
      h('div', { class: 'controls' },
        h('label', 'Session ', selects.session),
        h('label', 'Operation ', selects.operation),
        h('label', 'Outcome ', selects.outcome),
        h('label', 'Fault ', selects.fault),
        h('label', 'Violated ', selects.violated),
        count),
      scroll);

    return {
      section,
      start: applyFilter,
      /** Shows one call: its session, the row in view and marked. */
      focus: (session, sequence) => {
        if (sequence === null || sequence === undefined) return;
        focused = ScenarioModel.callKey(session, sequence);
        let position = filtered.findIndex((c) => c.key === focused);
        if (position < 0) {
          for (const select of allSelects) select.value = 'all';
          applyFilter();
          position = filtered.findIndex((c) => c.key === focused);
        }
        if (position >= 0) scroll.scrollTop = Math.max(0, position * ROW_H - 3 * ROW_H);
        lastFirst = -1;
        draw();
      }
    };
  };

  return Object.freeze({ render });
})();
