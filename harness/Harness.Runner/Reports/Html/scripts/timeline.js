/*
 * Timeline: a sequence diagram, client | proxy | service, one row per traced message or delivery in time order,
 * filtered by session and by what marks a row. Only the rows in view are in the DOM ("windowing"); scrolling redraws
 * them, so 100k trace records stay fast. The strip at the right is an overview of the whole filtered timeline.
 */
const Timeline = (() => {
  const { OVERSCAN, h, s, clear } = Util;
  const { ROW_H } = TimelineRows;
  const OVERVIEW_COLOURS = ['', 'var(--c-retry)', 'var(--c-drop)', 'var(--c-violation)'];

  const sessionChoice = (model) => {
    const select = h('select', { testid: 'timeline-session' });
    const hasViolations = model.violatedSessions.size > 0;
    if (hasViolations) select.appendChild(h('option', { value: 'violated' }, `sessions with violations (${model.violatedSessions.size})`));
    select.appendChild(h('option', { value: 'all' }, `all sessions (${model.sessions.length})`));
    for (const session of model.sessions) {
      select.appendChild(h('option', { value: String(session) }, `session ${session}${model.violatedSessions.has(session) ? ' \u26A0' : ''}`));
    }
    select.value = hasViolations ? 'violated' : model.sessions.includes(0) ? '0' : 'all';
    return select;
  };

  const render = (model, view) => {
    const sc = model.scenario;
    const F = model.flags;
    const sessionSelect = sessionChoice(model);
    const onlyFaults = h('input', { type: 'checkbox', testid: 'timeline-faults-only' });
    const hideDeliveries = h('input', { type: 'checkbox', testid: 'timeline-hide-deliveries' });
    const count = h('span', { class: 'muted', testid: 'timeline-count' });
    const head = h('div', { class: 'lanes-head' });
    const spacer = h('div');
    const chart = s('svg', { class: 'tl', testid: 'timeline', role: 'img', 'aria-label': 'sequence diagram of the traced messages' });
    const scroll = h('div', { class: 'timeline-scroll', tabindex: 0 }, spacer, chart);
    const overview = s('svg', { class: 'overview', testid: 'timeline-overview' });
    const details = h('div', { class: 'details', testid: 'timeline-details' }, h('span', { class: 'muted' }, 'Click a message for its details.'));

    let filtered = new Int32Array(0);
    let selectedRow = -1;
    let lastFirst = -1, lastLast = -1, lastWidth = -1;
    const lanes = { client: 0, proxy: 0, service: 0, width: 0 };
    let pending = 0;
    let viewport = null;

    const applyFilter = () => {
      const choice = sessionSelect.value;
      const faultsOnly = onlyFaults.checked;
      const noDeliveries = hideDeliveries.checked;
      const out = new Int32Array(model.rows.length);
      let n = 0;
      for (let i = 0; i < model.rows.length; i++) {
        const row = model.rows[i];
        if (choice === 'violated' ? !model.violatedSessions.has(row.session) : choice !== 'all' && String(row.session) !== choice) continue;
        if (noDeliveries && row.delivery) continue;
        if (faultsOnly && !(row.flags & (F.FAULT | F.RETRY | F.VIOL | F.STOP))) continue;
        out[n++] = i;
      }
      filtered = out.subarray(0, n);
      count.textContent = `${n} of ${model.rows.length} rows (${sc.trace.length} traced messages, ${sc.deliveries.length} deliveries)`;
      spacer.style.height = `${Math.max(1, n * ROW_H)}px`;
      lastFirst = lastLast = -1;
      drawOverview();
      draw();
    };

    // The lanes' x positions follow the width; returns whether they moved.
    const layout = () => {
      const width = scroll.clientWidth || 900;
      if (width === lanes.width) return false;
      const gutter = 74;
      lanes.width = width;
      lanes.gutter = gutter;
      lanes.client = gutter + (width - gutter) * 0.07;
      lanes.proxy = gutter + (width - gutter) * 0.5;
      lanes.service = gutter + (width - gutter) * 0.93;
      clear(head);
      head.appendChild(h('span', { style: `left:${gutter / 2}px` }, 'time (ms)'));
      head.appendChild(h('span', { style: `left:${lanes.client}px` }, 'client'));
      head.appendChild(h('span', { style: `left:${lanes.proxy}px` }, 'fault proxy'));
      head.appendChild(h('span', { style: `left:${lanes.service}px` }, 'service'));
      return true;
    };

    const draw = () => {
      pending = 0;
      const resized = layout();
      const n = filtered.length;
      const height = scroll.clientHeight || 400;
      const first = Math.max(0, Math.floor(scroll.scrollTop / ROW_H) - OVERSCAN);
      const last = Math.min(n, Math.ceil((scroll.scrollTop + height) / ROW_H) + OVERSCAN);
      if (!resized && first === lastFirst && last === lastLast && lanes.width === lastWidth) return;
      lastFirst = first;
      lastLast = last;
      lastWidth = lanes.width;
      const top = first * ROW_H;
      const rowsHeight = Math.max(ROW_H, (last - first) * ROW_H);
      chart.setAttribute('width', lanes.width);
      chart.setAttribute('height', rowsHeight);
      chart.setAttribute('viewBox', `0 ${top} ${lanes.width} ${rowsHeight}`);
      chart.style.top = `${top}px`;
      clear(chart);
      for (const x of [lanes.client, lanes.proxy, lanes.service]) {
        chart.appendChild(s('line', { class: 'lane', x1: x, y1: top, x2: x, y2: top + rowsHeight }));
      }
      if (n === 0) {
        chart.appendChild(s('text', { class: 'label out', x: lanes.proxy, y: top + 30, 'text-anchor': 'middle' },
          sc.trace.length ? 'no message matches the filter' : 'the proxy traced no message'));
        return;
      }
      for (let i = first; i < last; i++) {
        const index = filtered[i];
        chart.appendChild(TimelineRows.draw(model.rows[index], index, i * ROW_H, lanes, index === selectedRow));
      }
      drawViewport();
    };

    const schedule = () => {
      if (!pending) pending = requestAnimationFrame(draw);
    };

    const drawOverview = () => {
      clear(overview);
      const height = scroll.clientHeight || 400;
      overview.setAttribute('height', height);
      overview.setAttribute('width', 16);
      overview.setAttribute('viewBox', `0 0 16 ${height}`);
      const n = filtered.length;
      if (n) {
        // One mark per pixel row at most: the worst thing in that stretch (violation, then fault, then retransmission).
        const worst = new Uint8Array(height);
        for (let i = 0; i < n; i++) {
          const flags = model.rows[filtered[i]].flags;
          const rank = flags & F.VIOL ? 3 : flags & (F.FAULT | F.STOP) ? 2 : flags & F.RETRY ? 1 : 0;
          if (!rank) continue;
          const p = Math.min(height - 1, Math.floor((i / n) * height));
          if (rank > worst[p]) worst[p] = rank;
        }
        for (let y = 0; y < height; y++) {
          if (worst[y]) overview.appendChild(s('rect', { x: 1, y, width: 14, height: 2, style: `fill:${OVERVIEW_COLOURS[worst[y]]}` }));
        }
      }
      viewport = s('rect', { x: 0.5, y: 0, width: 15, height: 4, style: 'fill:rgba(9,105,218,.12);stroke:#0969da;stroke-width:1' });
      overview.appendChild(viewport);
      drawViewport();
    };

    const drawViewport = () => {
      if (!viewport) return;
      const total = Math.max(1, filtered.length * ROW_H);
      const height = scroll.clientHeight || 400;
      viewport.setAttribute('y', (scroll.scrollTop / total) * height);
      viewport.setAttribute('height', Math.max(4, Math.min(height, (height / total) * height)));
    };

    const scrollToFiltered = (position) => {
      scroll.scrollTop = Math.max(0, position * ROW_H - scroll.clientHeight / 3);
      schedule();
    };

    const select = (index) => {
      selectedRow = index;
      const row = model.rows[index];
      clear(details);
      const fields = row.delivery
        ? [['delivery', `session ${row.delivery.session}, call ${row.delivery.sequence}`], ['operation', row.delivery.operation],
          ['message number', row.delivery.messageNumber], ['count in session', row.delivery.countInSession], ['time', `${row.delivery.timeMs} ms`]]
        : Object.entries(row.trace);
      if (row.key && model.violatedCalls.has(row.key)) fields.push(['violations', model.violatedCalls.get(row.key).join(', ')]);
      details.appendChild(h('table', h('tbody', fields.map(([name, value]) =>
        h('tr', h('th', name), h('td', value === null || value === undefined ? '\u2013' : String(value)))))));
      lastFirst = -1;
      draw();
    };

    /** Where in the filtered rows the first message of a call is, else the session's first row, else -1. */
    const positionOf = (key, session) => {
      for (let i = 0; i < filtered.length; i++) {
        const row = model.rows[filtered[i]];
        if (row.key === key && row.trace) return i;
      }
      for (let i = 0; i < filtered.length; i++) {
        if (model.rows[filtered[i]].session === session) return i;
      }
      return -1;
    };

    chart.addEventListener('click', (event) => {
      let node = event.target;
      while (node && node !== chart && !node.getAttribute('data-row')) node = node.parentNode;
      if (node && node !== chart) select(Number(node.getAttribute('data-row')));
    });
    overview.addEventListener('click', (event) => {
      const box = overview.getBoundingClientRect();
      const fraction = (event.clientY - box.top) / box.height;
      scrollToFiltered(Math.floor(fraction * filtered.length));
    });
    scroll.addEventListener('scroll', () => { schedule(); drawViewport(); }, { passive: true });
    for (const control of [sessionSelect, onlyFaults, hideDeliveries]) {
      control.addEventListener('change', () => { scroll.scrollTop = 0; applyFilter(); });
    }
    const onResize = () => { lanes.width = -1; drawOverview(); schedule(); };
    window.addEventListener('resize', onResize);
    view.onDispose(() => window.removeEventListener('resize', onResize));

    const section = h('section', { id: 'timeline' },
      h('h2', 'Timeline'),
      h('div', { class: 'controls' },
        h('label', 'Sessions ', sessionSelect),
        h('label', onlyFaults, 'only faults, retransmissions, stops and violations'),
        h('label', hideDeliveries, 'hide deliveries'),
        count),
      TimelineRows.legend(),
      h('div', { class: 'timeline-wrap' },
        h('div', { class: 'timeline-main' }, head, scroll),
        overview),
      details);

    return {
      section,
      start: () => applyFilter(),
      /** Scrolls to the first message of a call (its session shown if the filter hid it) and selects it. */
      jumpTo: (session, sequence) => {
        const key = ScenarioModel.callKey(session, sequence);
        let position = positionOf(key, session);
        if (position < 0 || model.rows[filtered[position]].key !== key) {
          if (sequence !== null && sequence !== undefined) onlyFaults.checked = false;
          sessionSelect.value = String(session);
          if (sessionSelect.value !== String(session)) sessionSelect.value = 'all';
          applyFilter();
          position = positionOf(key, session);
        }
        if (position >= 0) {
          scrollToFiltered(position);
          select(filtered[position]);
        }
        section.scrollIntoView({ block: 'start' });
      }
    };
  };

  return Object.freeze({ render });
})();
