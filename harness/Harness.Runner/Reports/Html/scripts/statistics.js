/*
 * Statistics: the counters as tiles, the faults applied by action, each fault rule and how often it applied, and
 * beside them the latency histogram.
 */
const Statistics = (() => {
  const { h, ms, tag } = Util;

  const stat = (label, value, testid, bad) =>
    h('div', { class: `stat${bad ? ' bad' : ''}` },
      h('div', { class: 'value', testid }, value),
      h('div', { class: 'label' }, label));

  const tiles = (st) =>
    h('div', { class: 'stats' },
      stat('sent', st.sent, 'stat-sent'),
      stat('delivered', st.delivered, 'stat-delivered', st.delivered !== st.sent),
      stat('acknowledged', st.acknowledged, 'stat-acknowledged'),
      stat('failed', st.failed, 'stat-failed', st.failed > 0),
      stat('pending', st.pending, 'stat-pending', st.pending > 0),
      stat('retransmissions', st.retransmissions, 'stat-retransmissions'),
      stat('duplicates suppressed', st.duplicatesSuppressed, 'stat-duplicates-suppressed'),
      stat('duplicates delivered', st.duplicatesDelivered, 'stat-duplicates-delivered', st.duplicatesDelivered > 0),
      stat('proxy messages', st.proxyMessages, 'stat-proxy-messages'),
      stat(st.sessionsFaulted ? 'sessions (faulted)' : 'sessions', st.sessions + (st.sessionsFaulted ? ` (${st.sessionsFaulted})` : ''), 'stat-sessions', st.sessionsFaulted > 0),
      stat('latency p50', ms(st.latencyP50Ms), 'stat-latency-p50'),
      stat('latency p90', ms(st.latencyP90Ms), 'stat-latency-p90'),
      stat('latency p99', ms(st.latencyP99Ms), 'stat-latency-p99'),
      stat('latency max', ms(st.latencyMaxMs), 'stat-latency-max'),
      stat('duration', ms(st.durationMs), 'stat-duration'));

  const faultsByAction = (st) => {
    const byAction = Object.keys(st.faultsByAction || {}).sort();
    if (!byAction.length) return h('p', { class: 'muted', testid: 'faults-by-action' }, 'No fault was applied.');
    return h('table', { class: 'grid kv', testid: 'faults-by-action' },
      h('thead', h('tr', h('th', 'Action'), h('th', { class: 'num' }, 'Messages'))),
      h('tbody', byAction.map((action) => h('tr', h('td', tag(action)), h('td', { class: 'num' }, st.faultsByAction[action])))));
  };

  const faultRules = (sc) => {
    if (!sc.faults.length) return h('p', { class: 'muted', testid: 'fault-rules' }, 'The fault plan is empty.');
    return h('table', { class: 'grid', testid: 'fault-rules' },
      h('thead', h('tr', h('th', { class: 'num' }, '#'), h('th', 'Rule'), h('th', 'Match'), h('th', 'Action'), h('th', { class: 'num' }, 'Applied'), h('th', 'Position'))),
      h('tbody', sc.faults.map((rule) =>
        h('tr',
          h('td', { class: 'num' }, rule.index + 1),
          h('td', rule.name),
          h('td', { class: 'mono' }, rule.match),
          h('td', { class: 'mono' }, rule.action),
          h('td', { class: `num${rule.applied === 0 ? ' bad' : ''}` }, rule.applied),
          h('td', { class: 'mono sub' }, rule.position || '\u2013')))));
  };

  const render = (sc) =>
    h('section', { id: 'statistics' },
      h('h2', 'Statistics'),
      tiles(sc.statistics),
      h('div', { class: 'cols' },
        h('div', h('h3', 'Faults applied, by action'), faultsByAction(sc.statistics), h('h3', 'Fault rules'), faultRules(sc)),
        h('div', h('h3', 'Latency of successful calls'), Histogram.render(sc))));

  return Object.freeze({ render });
})();
