/*
 * TimelineRows: how the timeline draws one row (a traced message as arrows client -> proxy -> service or back, or a
 * delivery as a dot on the service's lane) and its legend. The timeline view decides which rows to draw and where.
 */
const TimelineRows = (() => {
  const { ACTIONS, h, s, timeMs } = Util;
  const F = ScenarioModel.Flags;

  /** Row height (px). */
  const ROW_H = 22;

  const arrow = (x1, x2, y, cls) => {
    const dir = x2 > x1 ? 1 : -1;
    const d = `M${x1} ${y}H${x2}M${x2 - dir * 7} ${y - 4}L${x2} ${y}L${x2 - dir * 7} ${y + 4}`;
    return s('path', { class: cls || 'seg', d });
  };

  /** The row in one line, its tooltip. */
  const describe = (row) => {
    if (row.delivery) {
      const d = row.delivery;
      return `delivered: session ${d.session}, call ${d.sequence} (${d.operation}, message #${d.messageNumber}) at ${d.timeMs} ms`;
    }
    const t = row.trace;
    return `${t.direction} ${t.kind} #${t.number}, session ${t.session}, try ${t.attempt}: ${t.outcome}` +
      (t.action ? ` (${t.action}${t.rule ? `, ${t.rule}` : ''})` : '') + (t.status ? `, status ${t.status}` : '') +
      ` at ${t.timeMs} ms` + (t.detail ? ` \u2014 ${t.detail}` : '');
  };

  const delivery = (row, index, y, cy, lanes) => {
    const d = row.delivery;
    const violated = (row.flags & F.VIOL) !== 0;
    const group = s('g', { class: `delivery${violated ? ' violated' : ''}`, 'data-row': index });
    group.appendChild(s('rect', { class: 'hit', x: 0, y, width: lanes.width, height: ROW_H }));
    group.appendChild(s('text', { class: 'time', x: lanes.gutter - 8, y: cy + 4, 'text-anchor': 'end' }, timeMs(row.t)));
    group.appendChild(s('circle', { class: 'dot', cx: lanes.service, cy, r: 4.5 }));
    group.appendChild(s('text', { class: 'label', x: lanes.service - 10, y: cy + 4, 'text-anchor': 'end' },
      `delivered s${d.session} call ${d.sequence}${violated ? ' \u26A0' : ''}`));
    return group;
  };

  const message = (row, index, y, cy, lanes, selected) => {
    const t = row.trace;
    const request = t.direction === 'request';
    const stopped = (row.flags & F.STOP) !== 0;
    let cls = `msg ${request ? 'req' : 'resp'} k-${t.kind}`;
    if (t.action) cls += ` fault f-${t.action}`;
    if (row.flags & F.RETRY) cls += ' retry';
    if (row.flags & F.VIOL) cls += ' violated';
    if (stopped) cls += ' stopped';
    if (selected) cls += ' selected';
    const group = s('g', { class: cls, 'data-row': index, 'data-session': t.session, 'data-number': t.number });
    group.appendChild(s('rect', { class: 'hit', x: 0, y, width: lanes.width, height: ROW_H }));
    group.appendChild(s('text', { class: 'time', x: lanes.gutter - 8, y: cy + 4, 'text-anchor': 'end' }, timeMs(row.t)));
    const from = request ? lanes.client : lanes.service;
    const to = request ? lanes.service : lanes.client;
    group.appendChild(arrow(from, lanes.proxy, cy));
    if (!stopped) {
      group.appendChild(arrow(lanes.proxy, to, cy));
      if (t.action === 'duplicate') group.appendChild(arrow(lanes.proxy, to, cy + 5));
    }
    const kind = t.kind === 'unknown' && t.bytes === 0 ? 'empty answer' : t.kind;
    const label = `s${t.session} ${kind}${t.number ? ` #${t.number}` : ''}${t.attempt > 1 ? ` \u00b7 try ${t.attempt}` : ''}`;
    group.appendChild(s('text', { class: 'label', x: (from + lanes.proxy) / 2, y: cy - 4, 'text-anchor': 'middle' }, label));
    let outcome = stopped ? t.outcome + (t.status ? ` \u2192 ${t.status}` : '') : t.status ? String(t.status) : '';
    if (t.action && !stopped) outcome = t.action + (outcome ? ` \u00b7 ${outcome}` : '');
    if (outcome) {
      group.appendChild(s('text', { class: 'label out', x: (lanes.proxy + to) / 2, y: cy - 4, 'text-anchor': 'middle' }, outcome));
    }
    // Symbols beside the colour: the action just past the proxy (above the arrow), a stop on the proxy's lane,
    // a retransmission and a violation left of the client's lane.
    if (stopped) {
      group.appendChild(s('text', { class: 'glyph g-stop', x: lanes.proxy - 5, y: cy + 5 }, '\u2715'));
    }
    // An action whose glyph is the stop mark itself (drop) needs no second one.
    if (t.action && ACTIONS.has(t.action) && !(stopped && ACTIONS.get(t.action).glyph === '\u2715')) {
      group.appendChild(s('text', { class: `glyph g-${t.action}`, x: lanes.proxy + (stopped ? 12 : 6), y: cy - 3 }, ACTIONS.get(t.action).glyph));
    }
    if (row.flags & F.RETRY) {
      group.appendChild(s('text', { class: 'glyph g-retry', x: lanes.client - 18, y: cy + 5 }, '\u21BB'));
    }
    if (row.flags & F.VIOL) {
      group.appendChild(s('text', { class: 'glyph g-violation', x: lanes.client - 36, y: cy + 5 }, '\u26A0'));
    }
    return group;
  };

  /** The model's row number index drawn at y across the lanes (their x positions), marked when selected. */
  const draw = (row, index, y, lanes, selected) => {
    const cy = y + ROW_H / 2 + 2;
    const group = row.delivery ? delivery(row, index, y, cy, lanes) : message(row, index, y, cy, lanes, selected);
    group.appendChild(s('title', describe(row)));
    return group;
  };

  const legendArrow = (cls, glyph, glyphCls, label) =>
    h('span', { class: 'swatch' },
      s('svg', { class: 'tl', width: 34, height: 14 },
        s('g', { class: cls }, s('path', { class: 'seg', d: 'M2 8H30M24 4L30 8L24 12' }),
          glyph ? s('text', { class: `glyph ${glyphCls}`, x: 11, y: 12 }, glyph) : null)),
      label);

  const legend = () =>
    h('div', { class: 'controls', testid: 'timeline-legend' },
      legendArrow('msg req', null, '', 'request'),
      legendArrow('msg resp', null, '', 'answer'),
      legendArrow('msg retry', '\u21BB', 'g-retry', 'retransmission (try > 1)'),
      [...ACTIONS].map(([action, look]) => legendArrow(`msg fault f-${action}`, look.glyph, `g-${action}`, action)),
      h('span', { class: 'swatch' }, s('svg', { width: 16, height: 14 }, s('text', { x: 1, y: 12, style: 'fill:var(--c-http-error);font-weight:700' }, '\u2715')), 'stopped at the proxy'),
      h('span', { class: 'swatch' }, s('svg', { width: 16, height: 14 }, s('text', { x: 1, y: 12, style: 'fill:var(--c-violation)' }, '\u26A0')), 'breaks an invariant (row shaded)'),
      h('span', { class: 'swatch' }, s('svg', { width: 14, height: 14 }, s('circle', { cx: 7, cy: 7, r: 4.5, style: 'fill:var(--c-deliver)' })), 'delivered to the service\u2019s journal'));

  return Object.freeze({ ROW_H, draw, legend });
})();
