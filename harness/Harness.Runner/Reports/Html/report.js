/*
 * Harness run report: draws the RunReport document embedded in the page (the JSON script element #result).
 * Self-contained: no network, no libraries. Every value from the document reaches the page through textContent or
 * setAttribute, never through innerHTML. Large scenarios (100k trace records, 20k calls) stay fast because the
 * timeline and the calls table draw only the rows in view ("windowing"), redrawn as they scroll.
 */
(function () {
  'use strict';

  var SVG_NS = 'http://www.w3.org/2000/svg';
  var ROW_H = 22;          // timeline row height (px)
  var CALL_ROW_H = 24;     // calls table row height (px), as in the CSS
  var OVERSCAN = 12;       // rows drawn beyond the visible ones, above and below
  var VIOLATIONS_PAGE = 100;

  // What each fault action looks like: a colour class (report.css) and a symbol, so both tell it apart.
  var ACTIONS = {
    'drop': { glyph: '\u2715', text: 'drop: the message is swallowed' },
    'drop-response': { glyph: '\u2715', text: 'drop-response: the answer is swallowed' },
    'duplicate': { glyph: '\u21C9', text: 'duplicate: extra copies are sent' },
    'delay': { glyph: '\u25F7', text: 'delay' },
    'reorder': { glyph: '\u21C5', text: 'reorder: held until others overtake' },
    'http-error': { glyph: '!', text: 'http-error: answered with an error status' },
    'abort': { glyph: '\u26A1', text: 'abort: connection reset' },
    'partition': { glyph: '\u2298', text: 'partition: nothing passes for a while' },
    'corrupt': { glyph: '\u224B', text: 'corrupt: bytes altered' }
  };

  // ---------------------------------------------------------------------------------------------------------------
  // DOM helpers: h() builds HTML elements, s() SVG ones. Strings become text nodes, never markup.

  function build(element, attrs, children) {
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        var value = attrs[name];
        if (value === null || value === undefined || value === false) return;
        if (name === 'class') element.setAttribute('class', value);
        else if (name === 'text') element.textContent = String(value);
        else if (name === 'testid') element.setAttribute('data-testid', value);
        else if (name.slice(0, 2) === 'on' && typeof value === 'function') element.addEventListener(name.slice(2), value);
        else element.setAttribute(name, value === true ? '' : String(value));
      });
    }
    append(element, children);
    return element;
  }

  function append(element, children) {
    for (var i = 0; i < children.length; i++) {
      var child = children[i];
      if (child === null || child === undefined || child === false) continue;
      if (Array.isArray(child)) append(element, child);
      else if (typeof child === 'object' && child.nodeType) element.appendChild(child);
      else element.appendChild(document.createTextNode(String(child)));
    }
  }

  function isAttrs(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value) && !value.nodeType;
  }

  function h(tag, attrs) {
    var rest = Array.prototype.slice.call(arguments, isAttrs(attrs) ? 2 : 1);
    return build(document.createElement(tag), isAttrs(attrs) ? attrs : null, rest);
  }

  function s(tag, attrs) {
    var rest = Array.prototype.slice.call(arguments, isAttrs(attrs) ? 2 : 1);
    return build(document.createElementNS(SVG_NS, tag), isAttrs(attrs) ? attrs : null, rest);
  }

  function clear(element) {
    while (element.firstChild) element.removeChild(element.firstChild);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Formatting

  function ms(value) {
    if (value === null || value === undefined) return '\u2013';
    if (value < 10) return value.toFixed(2) + ' ms';
    if (value < 1000) return value.toFixed(1) + ' ms';
    if (value < 120000) return (value / 1000).toFixed(2) + ' s';
    return Math.floor(value / 60000) + ' min ' + Math.round((value % 60000) / 1000) + ' s';
  }

  function timeMs(value) {
    return value.toFixed(value < 100000 ? 1 : 0);
  }

  function when(iso) {
    var date = new Date(iso);
    return isNaN(date.getTime()) ? String(iso) : date.toISOString().replace('T', ' ').slice(0, 19) + 'Z';
  }

  function plural(count, word) {
    return count + ' ' + word + (count === 1 ? '' : 's');
  }

  function verdictWord(sc) {
    return sc.end === 'skipped' ? 'SKIPPED' : sc.expectationMet ? 'PASS' : 'FAIL';
  }

  /** The colour class of a scenario's verdict: a skipped scenario is neither passed nor failed. */
  function verdictClass(sc) {
    return sc.end === 'skipped' ? 'warn' : sc.expectationMet ? 'pass' : 'fail';
  }

  function tag(kind, label) {
    return h('span', { class: 'tag t-' + (ACTIONS[kind] || kind === 'retry' || kind === 'violation' ? kind : 'other') }, label || kind);
  }

  function kv(rows, testid) {
    return h('table', { class: 'grid kv', testid: testid },
      h('tbody', rows.map(function (row) {
        return h('tr', h('th', row[0]), h('td', row[2] ? { class: row[2] } : null, row[1] === null || row[1] === undefined ? '\u2013' : String(row[1])));
      })));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The document

  var report = JSON.parse(document.getElementById('result').textContent);
  var scenarios = report.scenarios || [];
  var app = document.getElementById('app');
  var models = new Map();
  var current = null;   // the scenario view on screen (its timeline and calls table listen to scroll and resize)
  var selectedIndex = -1;
  var summaryRows = [];

  function initialScenario() {
    var match = /^#scenario-(\d+)$/.exec(location.hash);
    if (match && Number(match[1]) < scenarios.length) return Number(match[1]);
    for (var i = 0; i < scenarios.length; i++) {
      if (!scenarios[i].expectationMet && scenarios[i].end !== 'skipped') return i;
    }
    return 0;
  }

  /** What the timeline and the calls table need of a scenario, computed once when it is first shown. */
  function modelOf(index) {
    if (models.has(index)) return models.get(index);
    var sc = scenarios[index];
    var violatedCalls = new Map();   // "session:sequence" -> invariants
    var violatedSessions = new Set();
    sc.verdict.violations.forEach(function (v) {
      violatedSessions.add(v.session);
      if (v.sequence === null || v.sequence === undefined) return;
      var key = v.session + ':' + v.sequence;
      var list = violatedCalls.get(key) || [];
      if (list.indexOf(v.invariant) < 0) list.push(v.invariant);
      violatedCalls.set(key, list);
    });

    // An exchange belongs to a call when its request is an application message: the answer carries the request's number.
    var exchangeKind = new Map();
    sc.trace.forEach(function (t) {
      if (t.direction === 'request' && !exchangeKind.has(t.exchange)) exchangeKind.set(t.exchange, t.kind);
    });

    var callFaults = new Map();   // key -> [actions]
    var callTries = new Map();    // key -> highest attempt
    var rows = [];
    var sessions = new Set();
    var F_FAULT = 1, F_RETRY = 2, F_VIOL = 4, F_STOP = 8;
    sc.trace.forEach(function (t, i) {
      var requestKind = t.direction === 'request' ? t.kind : exchangeKind.get(t.exchange);
      var key = requestKind === 'application' || t.kind === 'application' || t.kind === 'reply' ? t.session + ':' + t.number : null;
      var flags = 0;
      if (t.action) flags |= F_FAULT;
      if (t.attempt > 1) flags |= F_RETRY;
      if (key && violatedCalls.has(key)) flags |= F_VIOL;
      if (t.outcome !== 'forwarded' && t.outcome !== 'returned' && t.outcome !== 'passed-through') flags |= F_STOP;
      if (key) {
        if (t.action) {
          var actions = callFaults.get(key) || [];
          if (actions.indexOf(t.action) < 0) actions.push(t.action);
          callFaults.set(key, actions);
        }
        if (t.direction === 'request') callTries.set(key, Math.max(callTries.get(key) || 0, t.attempt));
      }
      sessions.add(t.session);
      rows.push({ t: t.timeMs, order: i, trace: t, session: t.session, key: key, flags: flags });
    });
    var offset = sc.trace.length;
    sc.deliveries.forEach(function (d, i) {
      var key = d.session + ':' + d.sequence;
      sessions.add(d.session);
      rows.push({ t: d.timeMs, order: offset + i, delivery: d, session: d.session, key: key, flags: violatedCalls.has(key) ? F_VIOL : 0 });
    });
    rows.sort(function (a, b) { return a.t - b.t || a.order - b.order; });

    var calls = [];
    var operations = new Set();
    var outcomes = new Set();
    sc.sessions.forEach(function (session) {
      sessions.add(session.index);
      session.calls.forEach(function (call) {
        var key = session.index + ':' + call.sequence;
        operations.add(call.operation);
        outcomes.add(call.outcome);
        calls.push({
          session: session.index,
          call: call,
          key: key,
          faults: callFaults.get(key) || [],
          tries: callTries.get(key) || 0,
          latency: call.completedMs === null || call.completedMs === undefined ? null : call.completedMs - call.submittedMs
        });
      });
    });

    var model = {
      scenario: sc,
      rows: rows,
      calls: calls,
      violatedCalls: violatedCalls,
      violatedSessions: violatedSessions,
      sessions: Array.from(sessions).sort(function (a, b) { return a - b; }),
      operations: Array.from(operations).sort(),
      outcomes: Array.from(outcomes).sort(),
      actions: Object.keys(sc.statistics.faultsByAction || {}).sort(),
      flags: { FAULT: F_FAULT, RETRY: F_RETRY, VIOL: F_VIOL, STOP: F_STOP }
    };
    models.set(index, model);
    return model;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Run header and scenario summary

  function renderHeader() {
    var summary = report.summary;
    var passed = summary.exitCode === 0;
    return h('header', { class: 'run-header' },
      h('h1', 'Run ', h('span', { class: 'mono', testid: 'run-id' }, report.runId)),
      h('span', { class: 'badge ' + (passed ? 'pass' : 'fail'), testid: 'run-verdict' }, passed ? 'PASS' : summary.exitCode === 2 ? 'ERROR' : 'FAIL'),
      report.interrupted ? h('span', { class: 'badge warn' }, 'interrupted') : null,
      h('span', { class: 'muted' },
        plural(summary.scenarios, 'scenario') + ': ' + summary.met + ' met, ' + summary.unmet + ' unmet' +
        (summary.errors ? ', ' + summary.errors + ' error(s)' : '') + (summary.skipped ? ', ' + summary.skipped + ' skipped' : '') +
        ' \u00b7 exit code ' + summary.exitCode +
        ' \u00b7 started ' + when(report.startedAt) + ' \u00b7 ' + ms(report.durationMs) + ' \u00b7 harness ' + report.harnessVersion),
      h('span', { class: 'links' },
        h('a', { href: 'result.json' }, 'result.json'),
        h('a', { href: 'junit.xml' }, 'junit.xml'),
        h('a', { href: '../index.html' }, 'all runs')));
  }

  function renderSummary() {
    summaryRows = [];
    var body = h('tbody');
    scenarios.forEach(function (sc, index) {
      var row = h('tr', {
        class: 'clickable ' + verdictClass(sc),
        testid: 'scenario-row',
        'data-scenario': sc.name,
        onclick: function () { location.hash = '#scenario-' + index; }
      },
        h('td', { class: 'num' }, index + 1),
        h('td', h('a', { href: '#scenario-' + index }, sc.name), h('div', { class: 'sub' }, sc.description)),
        h('td', { testid: 'scenario-client' }, sc.client),
        h('td', sc.expect),
        h('td', h('span', { class: 'badge ' + verdictClass(sc) }, verdictWord(sc))),
        h('td', sc.end),
        h('td', { class: 'num' + (sc.verdict.violations.length ? ' bad' : '') }, sc.verdict.violations.length),
        h('td', { class: 'num' }, sc.statistics.sent),
        h('td', { class: 'num' }, sc.statistics.delivered),
        h('td', { class: 'num' }, ms(sc.statistics.durationMs)),
        h('td', { class: 'sub' }, sc.outcome));
      summaryRows.push(row);
      body.appendChild(row);
    });
    return h('section', { id: 'summary' },
      h('h2', 'Scenarios'),
      h('table', { class: 'grid', testid: 'summary-table' },
        h('thead', h('tr', h('th', { class: 'num' }, '#'), h('th', 'Scenario'), h('th', 'Client'), h('th', 'Expect'), h('th', 'Verdict'), h('th', 'End'),
          h('th', { class: 'num' }, 'Violations'), h('th', { class: 'num' }, 'Sent'), h('th', { class: 'num' }, 'Delivered'),
          h('th', { class: 'num' }, 'Duration'), h('th', 'Outcome'))),
        body));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // One scenario

  function renderScenario(index) {
    if (current) current.dispose();
    current = null;
    selectedIndex = index;
    summaryRows.forEach(function (row, i) { row.classList.toggle('selected', i === index); });
    var host = document.getElementById('scenario');
    clear(host);
    if (!scenarios.length) {
      host.appendChild(h('p', { class: 'muted' }, 'This run holds no scenario (it was interrupted before the first finished).'));
      return;
    }

    var model = modelOf(index);
    var sc = model.scenario;
    var view = { disposers: [], dispose: function () { this.disposers.forEach(function (d) { d(); }); } };
    current = view;

    host.appendChild(h('div', { class: 'scenario-title' },
      h('h2', { testid: 'scenario-name' }, sc.name),
      h('span', { class: 'muted mono' }, sc.file),
      h('span', { class: 'muted' }, sc.description)));
    host.appendChild(renderVerdict(sc));
    if (sc.end === 'skipped') {
      host.appendChild(renderReproduce(sc));
      return;
    }
    host.appendChild(renderInvariants(model, view));
    host.appendChild(renderStatistics(sc));
    var timeline = renderTimeline(model, view);
    host.appendChild(timeline.section);
    var calls = renderCalls(model, view);
    host.appendChild(calls.section);
    host.appendChild(renderReproduce(sc));
    view.timeline = timeline;
    view.calls = calls;
    timeline.start();
    calls.start();
  }

  function renderVerdict(sc) {
    var met = sc.expectationMet;
    if (sc.end === 'skipped') {
      return h('section', { id: 'verdict' },
        h('div', { class: 'verdict-card warn' },
          h('div', { class: 'verdict-word', testid: 'verdict' }, verdictWord(sc)),
          h('div', { class: 'verdict-lines' },
            h('div', { class: 'expectation', testid: 'expectation' }, 'expected: ' + sc.expect + ' \u2014 not run against ' + sc.target),
            h('div', { testid: 'skip-reason' }, sc.skipReason))));
    }
    return h('section', { id: 'verdict' },
      h('div', { class: 'verdict-card ' + (met ? 'pass' : 'fail') },
        h('div', { class: 'verdict-word', testid: 'verdict' }, verdictWord(sc)),
        h('div', { class: 'verdict-lines' },
          h('div', { class: 'expectation', testid: 'expectation' },
            'expected: ' + sc.expect + ' \u2014 ' + (met ? 'expectation met' : 'expectation NOT met')),
          h('div', { testid: 'outcome' }, sc.outcome),
          h('div', { class: 'muted' }, 'end: ', h('b', { testid: 'end' }, sc.end),
            ' \u00b7 checker verdict: ' + (sc.verdict.passed ? 'every invariant holds' : plural(sc.verdict.violations.length, 'violation')) +
            ' \u00b7 seed ' + sc.seed + ' \u00b7 started ' + when(sc.startedAt)),
          sc.error ? h('div', { class: 'error', testid: 'error' }, sc.error) : null,
          (sc.notes || []).map(function (note) { return h('div', { class: 'muted', testid: 'note' }, 'note: ' + note); }))));
  }

  function renderInvariants(model, view) {
    var sc = model.scenario;
    var invariants = h('table', { class: 'grid', testid: 'invariants-table' },
      h('thead', h('tr', h('th', 'Invariant'), h('th', 'Description'), h('th', 'State'), h('th', { class: 'num' }, 'Violations'))),
      h('tbody', sc.verdict.invariants.map(function (inv) {
        return h('tr', { class: inv.holds ? 'pass' : 'fail', testid: 'invariant-row', 'data-invariant': inv.name },
          h('td', h('b', inv.name)),
          h('td', inv.description),
          h('td', h('span', { class: 'badge ' + (inv.holds ? 'pass' : 'fail') }, inv.holds ? 'holds' : 'violated')),
          h('td', { class: 'num' }, inv.violations));
      })));

    var violations = sc.verdict.violations;
    var body = h('tbody');
    var more = h('button', { type: 'button', testid: 'violations-more' });
    var shown = 0;
    function showMore() {
      var next = Math.min(violations.length, shown + VIOLATIONS_PAGE);
      for (var i = shown; i < next; i++) body.appendChild(violationRow(violations[i]));
      shown = next;
      more.hidden = shown >= violations.length;
      more.textContent = 'show ' + Math.min(VIOLATIONS_PAGE, violations.length - shown) + ' more of ' + (violations.length - shown);
    }
    function violationRow(v) {
      return h('tr', {
        class: 'clickable', testid: 'violation-row',
        title: 'show this message in the timeline and the calls table',
        onclick: function () { if (view.timeline) view.timeline.jumpTo(v.session, v.sequence); if (view.calls) view.calls.focus(v.session, v.sequence); }
      },
        h('td', tag('violation', v.invariant)),
        h('td', { class: 'num' }, v.session),
        h('td', { class: 'num' }, v.sequence === null ? '\u2013' : v.sequence),
        h('td', v.message),
        h('td', { class: 'sub mono' }, (v.evidence || []).join('\n')));
    }
    more.addEventListener('click', showMore);
    if (violations.length === 0) {
      body.appendChild(h('tr', h('td', { colspan: 5, class: 'muted' }, 'No violation: every invariant holds.')));
      more.hidden = true;
    } else {
      showMore();
    }

    return h('section', { id: 'invariants' },
      h('h2', 'Invariants'),
      invariants,
      h('h3', 'Violations (' + violations.length + ')'),
      h('table', { class: 'grid', testid: 'violations-table' },
        h('thead', h('tr', h('th', 'Invariant'), h('th', { class: 'num' }, 'Session'), h('th', { class: 'num' }, 'Call'), h('th', 'Message'), h('th', 'Evidence'))),
        body),
      more);
  }

  function renderStatistics(sc) {
    var st = sc.statistics;
    function stat(label, value, testid, bad) {
      return h('div', { class: 'stat' + (bad ? ' bad' : '') },
        h('div', { class: 'value', testid: testid }, value),
        h('div', { class: 'label' }, label));
    }
    var tiles = h('div', { class: 'stats' },
      stat('sent', st.sent, 'stat-sent'),
      stat('delivered', st.delivered, 'stat-delivered', st.delivered !== st.sent),
      stat('acknowledged', st.acknowledged, 'stat-acknowledged'),
      stat('failed', st.failed, 'stat-failed', st.failed > 0),
      stat('pending', st.pending, 'stat-pending', st.pending > 0),
      stat('retransmissions', st.retransmissions, 'stat-retransmissions'),
      stat('duplicates suppressed', st.duplicatesSuppressed, 'stat-duplicates-suppressed'),
      stat('duplicates delivered', st.duplicatesDelivered, 'stat-duplicates-delivered', st.duplicatesDelivered > 0),
      stat('proxy messages', st.proxyMessages, 'stat-proxy-messages'),
      stat(st.sessionsFaulted ? 'sessions (faulted)' : 'sessions', st.sessions + (st.sessionsFaulted ? ' (' + st.sessionsFaulted + ')' : ''), 'stat-sessions', st.sessionsFaulted > 0),
      stat('latency p50', ms(st.latencyP50Ms), 'stat-latency-p50'),
      stat('latency p90', ms(st.latencyP90Ms), 'stat-latency-p90'),
      stat('latency p99', ms(st.latencyP99Ms), 'stat-latency-p99'),
      stat('latency max', ms(st.latencyMaxMs), 'stat-latency-max'),
      stat('duration', ms(st.durationMs), 'stat-duration'));

    var byAction = Object.keys(st.faultsByAction || {}).sort();
    var faultsByAction = byAction.length
      ? h('table', { class: 'grid kv', testid: 'faults-by-action' },
        h('thead', h('tr', h('th', 'Action'), h('th', { class: 'num' }, 'Messages'))),
        h('tbody', byAction.map(function (action) {
          return h('tr', h('td', tag(action)), h('td', { class: 'num' }, st.faultsByAction[action]));
        })))
      : h('p', { class: 'muted', testid: 'faults-by-action' }, 'No fault was applied.');

    var rules = sc.faults.length
      ? h('table', { class: 'grid', testid: 'fault-rules' },
        h('thead', h('tr', h('th', { class: 'num' }, '#'), h('th', 'Rule'), h('th', 'Match'), h('th', 'Action'), h('th', { class: 'num' }, 'Applied'), h('th', 'Position'))),
        h('tbody', sc.faults.map(function (rule) {
          return h('tr',
            h('td', { class: 'num' }, rule.index + 1),
            h('td', rule.name),
            h('td', { class: 'mono' }, rule.match),
            h('td', { class: 'mono' }, rule.action),
            h('td', { class: 'num' + (rule.applied === 0 ? ' bad' : '') }, rule.applied),
            h('td', { class: 'mono sub' }, rule.position || '\u2013'));
        })))
      : h('p', { class: 'muted', testid: 'fault-rules' }, 'The fault plan is empty.');

    return h('section', { id: 'statistics' },
      h('h2', 'Statistics'),
      tiles,
      h('div', { class: 'cols' },
        h('div', h('h3', 'Faults applied, by action'), faultsByAction, h('h3', 'Fault rules'), rules),
        h('div', h('h3', 'Latency of successful calls'), renderHistogram(sc))));
  }

  function renderHistogram(sc) {
    var buckets = sc.latencyHistogram || [];
    var st = sc.statistics;
    var W = 560, H = 220, L = 44, R = 12, T = 18, B = 34;
    var chart = s('svg', { class: 'histogram', testid: 'latency-histogram', width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, role: 'img' });
    chart.appendChild(s('title', 'Latency histogram: calls per latency bucket'));
    if (!buckets.length) {
      chart.appendChild(s('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'tick' }, 'no successful call'));
      return chart;
    }
    var max = Math.max.apply(null, buckets.map(function (b) { return b.count; })) || 1;
    var top = buckets[buckets.length - 1].toMs;
    var plotW = W - L - R, plotH = H - T - B;
    var bw = plotW / buckets.length;
    function x(value) { return L + (value / top) * plotW; }
    chart.appendChild(s('line', { class: 'axis', x1: L, y1: T + plotH, x2: L + plotW, y2: T + plotH }));
    chart.appendChild(s('line', { class: 'axis', x1: L, y1: T, x2: L, y2: T + plotH }));
    chart.appendChild(s('text', { class: 'tick', x: L - 6, y: T + 4, 'text-anchor': 'end' }, max));
    chart.appendChild(s('text', { class: 'tick', x: L - 6, y: T + plotH, 'text-anchor': 'end' }, 0));
    chart.appendChild(s('text', { class: 'tick', x: 12, y: T + plotH / 2, transform: 'rotate(-90 12 ' + (T + plotH / 2) + ')', 'text-anchor': 'middle' }, 'calls'));
    buckets.forEach(function (b, i) {
      var bh = (b.count / max) * plotH;
      var bar = s('rect', { class: 'bar', x: L + i * bw + 1, y: T + plotH - bh, width: Math.max(1, bw - 2), height: Math.max(b.count ? 1 : 0, bh) });
      bar.appendChild(s('title', b.fromMs + '\u2013' + b.toMs + ' ms: ' + plural(b.count, 'call')));
      chart.appendChild(bar);
    });
    var step = Math.max(1, Math.ceil(buckets.length / 6));
    for (var i = 0; i <= buckets.length; i += step) {
      var edge = i < buckets.length ? buckets[i].fromMs : top;
      chart.appendChild(s('text', { class: 'tick', x: L + i * bw, y: T + plotH + 14, 'text-anchor': 'middle' }, edge));
    }
    chart.appendChild(s('text', { class: 'tick', x: L + plotW, y: H - 4, 'text-anchor': 'end' }, 'latency (ms)'));
    [['p50', st.latencyP50Ms], ['p90', st.latencyP90Ms], ['p99', st.latencyP99Ms]].forEach(function (p, n) {
      if (!(p[1] > 0) || p[1] > top) return;
      chart.appendChild(s('line', { class: 'pct ' + p[0], x1: x(p[1]), y1: T, x2: x(p[1]), y2: T + plotH }));
      chart.appendChild(s('text', { class: 'pct-label tick', x: x(p[1]) + 3, y: T + 10 + n * 11 }, p[0] + ' ' + ms(p[1])));
    });
    return chart;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Timeline: a sequence diagram, client | proxy | service, one row per traced message or delivery in time order.
  // Only the rows in view are in the DOM; scrolling redraws them.

  function renderTimeline(model, view) {
    var sc = model.scenario;
    var F = model.flags;
    var sessionSelect = h('select', { testid: 'timeline-session' });
    var onlyFaults = h('input', { type: 'checkbox', testid: 'timeline-faults-only' });
    var hideDeliveries = h('input', { type: 'checkbox', testid: 'timeline-hide-deliveries' });
    var count = h('span', { class: 'muted', testid: 'timeline-count' });
    var head = h('div', { class: 'lanes-head' });
    var scroll = h('div', { class: 'timeline-scroll', tabindex: 0 });
    var spacer = h('div');
    var chart = s('svg', { class: 'tl', testid: 'timeline', role: 'img', 'aria-label': 'sequence diagram of the traced messages' });
    var overview = s('svg', { class: 'overview', testid: 'timeline-overview' });
    var details = h('div', { class: 'details', testid: 'timeline-details' }, h('span', { class: 'muted' }, 'Click a message for its details.'));
    scroll.appendChild(spacer);
    scroll.appendChild(chart);

    var hasViolations = model.violatedSessions.size > 0;
    if (hasViolations) sessionSelect.appendChild(h('option', { value: 'violated' }, 'sessions with violations (' + model.violatedSessions.size + ')'));
    sessionSelect.appendChild(h('option', { value: 'all' }, 'all sessions (' + model.sessions.length + ')'));
    model.sessions.forEach(function (session) {
      sessionSelect.appendChild(h('option', { value: String(session) }, 'session ' + session + (model.violatedSessions.has(session) ? ' \u26A0' : '')));
    });
    sessionSelect.value = hasViolations ? 'violated' : model.sessions.indexOf(0) >= 0 ? '0' : 'all';

    var filtered = new Int32Array(0);
    var selectedRow = -1;
    var lastFirst = -1, lastLast = -1, lastWidth = -1;
    var lanes = { client: 0, proxy: 0, service: 0, width: 0 };
    var pending = 0;

    function applyFilter() {
      var choice = sessionSelect.value;
      var faultsOnly = onlyFaults.checked;
      var noDeliveries = hideDeliveries.checked;
      var out = new Int32Array(model.rows.length);
      var n = 0;
      for (var i = 0; i < model.rows.length; i++) {
        var row = model.rows[i];
        if (choice === 'violated' ? !model.violatedSessions.has(row.session) : choice !== 'all' && String(row.session) !== choice) continue;
        if (noDeliveries && row.delivery) continue;
        if (faultsOnly && !(row.flags & (F.FAULT | F.RETRY | F.VIOL | F.STOP))) continue;
        out[n++] = i;
      }
      filtered = out.subarray(0, n);
      count.textContent = n + ' of ' + model.rows.length + ' rows (' + sc.trace.length + ' traced messages, ' + sc.deliveries.length + ' deliveries)';
      spacer.style.height = Math.max(1, n * ROW_H) + 'px';
      lastFirst = lastLast = -1;
      drawOverview();
      draw();
    }

    function layout() {
      var width = scroll.clientWidth || 900;
      if (width === lanes.width) return false;
      var gutter = 74;
      lanes.width = width;
      lanes.gutter = gutter;
      lanes.client = gutter + (width - gutter) * 0.07;
      lanes.proxy = gutter + (width - gutter) * 0.5;
      lanes.service = gutter + (width - gutter) * 0.93;
      clear(head);
      head.appendChild(h('span', { style: 'left:' + (gutter / 2) + 'px' }, 'time (ms)'));
      head.appendChild(h('span', { style: 'left:' + lanes.client + 'px' }, 'client'));
      head.appendChild(h('span', { style: 'left:' + lanes.proxy + 'px' }, 'fault proxy'));
      head.appendChild(h('span', { style: 'left:' + lanes.service + 'px' }, 'service'));
      return true;
    }

    function arrow(x1, x2, y, cls) {
      var dir = x2 > x1 ? 1 : -1;
      var d = 'M' + x1 + ' ' + y + 'H' + x2 + 'M' + (x2 - dir * 7) + ' ' + (y - 4) + 'L' + x2 + ' ' + y + 'L' + (x2 - dir * 7) + ' ' + (y + 4);
      return s('path', { class: cls || 'seg', d: d });
    }

    function describe(row) {
      if (row.delivery) {
        var d = row.delivery;
        return 'delivered: session ' + d.session + ', call ' + d.sequence + ' (' + d.operation + ', message #' + d.messageNumber + ') at ' + d.timeMs + ' ms';
      }
      var t = row.trace;
      return t.direction + ' ' + t.kind + ' #' + t.number + ', session ' + t.session + ', try ' + t.attempt + ': ' + t.outcome +
        (t.action ? ' (' + t.action + (t.rule ? ', ' + t.rule : '') + ')' : '') + (t.status ? ', status ' + t.status : '') +
        ' at ' + t.timeMs + ' ms' + (t.detail ? ' \u2014 ' + t.detail : '');
    }

    function drawRow(index, y) {
      var row = model.rows[index];
      var cy = y + ROW_H / 2 + 2;
      var group;
      if (row.delivery) {
        var d = row.delivery;
        group = s('g', { class: 'delivery' + (row.flags & F.VIOL ? ' violated' : ''), 'data-row': index });
        group.appendChild(s('rect', { class: 'hit', x: 0, y: y, width: lanes.width, height: ROW_H }));
        group.appendChild(s('text', { class: 'time', x: lanes.gutter - 8, y: cy + 4, 'text-anchor': 'end' }, timeMs(row.t)));
        group.appendChild(s('circle', { class: 'dot', cx: lanes.service, cy: cy, r: 4.5 }));
        group.appendChild(s('text', { class: 'label', x: lanes.service - 10, y: cy + 4, 'text-anchor': 'end' },
          'delivered s' + d.session + ' call ' + d.sequence + (row.flags & F.VIOL ? ' \u26A0' : '')));
      } else {
        var t = row.trace;
        var request = t.direction === 'request';
        var stopped = (row.flags & F.STOP) !== 0;
        var cls = 'msg ' + (request ? 'req' : 'resp') + ' k-' + t.kind;
        if (t.action) cls += ' fault f-' + t.action;
        if (row.flags & F.RETRY) cls += ' retry';
        if (row.flags & F.VIOL) cls += ' violated';
        if (stopped) cls += ' stopped';
        if (index === selectedRow) cls += ' selected';
        group = s('g', { class: cls, 'data-row': index, 'data-session': t.session, 'data-number': t.number });
        group.appendChild(s('rect', { class: 'hit', x: 0, y: y, width: lanes.width, height: ROW_H }));
        group.appendChild(s('text', { class: 'time', x: lanes.gutter - 8, y: cy + 4, 'text-anchor': 'end' }, timeMs(row.t)));
        var from = request ? lanes.client : lanes.service;
        var to = request ? lanes.service : lanes.client;
        group.appendChild(arrow(from, lanes.proxy, cy));
        if (!stopped) {
          group.appendChild(arrow(lanes.proxy, to, cy));
          if (t.action === 'duplicate') group.appendChild(arrow(lanes.proxy, to, cy + 5));
        }
        var kind = t.kind === 'unknown' && t.bytes === 0 ? 'empty answer' : t.kind;
        var label = 's' + t.session + ' ' + kind + (t.number ? ' #' + t.number : '') + (t.attempt > 1 ? ' \u00b7 try ' + t.attempt : '');
        var mid1 = (from + lanes.proxy) / 2;
        group.appendChild(s('text', { class: 'label', x: mid1, y: cy - 4, 'text-anchor': 'middle' }, label));
        var outcome = stopped ? t.outcome + (t.status ? ' \u2192 ' + t.status : '') : t.status ? String(t.status) : '';
        if (t.action && !stopped) outcome = t.action + (outcome ? ' \u00b7 ' + outcome : '');
        if (outcome) {
          var mid2 = (lanes.proxy + to) / 2;
          group.appendChild(s('text', { class: 'label out', x: mid2, y: cy - 4, 'text-anchor': 'middle' }, outcome));
        }
        // Symbols beside the colour: the action just past the proxy (above the arrow), a stop on the proxy's lane,
        // a retransmission and a violation left of the client's lane.
        if (stopped) {
          group.appendChild(s('text', { class: 'glyph g-stop', x: lanes.proxy - 5, y: cy + 5 }, '\u2715'));
        }
        if (t.action && ACTIONS[t.action] && !(stopped && (t.action === 'drop' || t.action === 'drop-response'))) {
          group.appendChild(s('text', { class: 'glyph g-' + t.action, x: lanes.proxy + (stopped ? 12 : 6), y: cy - 3 }, ACTIONS[t.action].glyph));
        }
        if (row.flags & F.RETRY) {
          group.appendChild(s('text', { class: 'glyph g-retry', x: lanes.client - 18, y: cy + 5 }, '\u21BB'));
        }
        if (row.flags & F.VIOL) {
          group.appendChild(s('text', { class: 'glyph g-violation', x: lanes.client - 36, y: cy + 5 }, '\u26A0'));
        }
      }
      group.appendChild(s('title', describe(row)));
      return group;
    }

    function draw() {
      pending = 0;
      var resized = layout();
      var n = filtered.length;
      var height = scroll.clientHeight || 400;
      var first = Math.max(0, Math.floor(scroll.scrollTop / ROW_H) - OVERSCAN);
      var last = Math.min(n, Math.ceil((scroll.scrollTop + height) / ROW_H) + OVERSCAN);
      if (!resized && first === lastFirst && last === lastLast && lanes.width === lastWidth) return;
      lastFirst = first;
      lastLast = last;
      lastWidth = lanes.width;
      var top = first * ROW_H;
      var rowsHeight = Math.max(ROW_H, (last - first) * ROW_H);
      chart.setAttribute('width', lanes.width);
      chart.setAttribute('height', rowsHeight);
      chart.setAttribute('viewBox', '0 ' + top + ' ' + lanes.width + ' ' + rowsHeight);
      chart.style.top = top + 'px';
      clear(chart);
      [lanes.client, lanes.proxy, lanes.service].forEach(function (x) {
        chart.appendChild(s('line', { class: 'lane', x1: x, y1: top, x2: x, y2: top + rowsHeight }));
      });
      if (n === 0) {
        chart.appendChild(s('text', { class: 'label out', x: lanes.proxy, y: top + 30, 'text-anchor': 'middle' },
          sc.trace.length ? 'no message matches the filter' : 'the proxy traced no message'));
        return;
      }
      for (var i = first; i < last; i++) chart.appendChild(drawRow(filtered[i], i * ROW_H));
      drawViewport();
    }

    function schedule() {
      if (!pending) pending = requestAnimationFrame(draw);
    }

    var viewport = null;
    function drawOverview() {
      clear(overview);
      var H = scroll.clientHeight || 400;
      overview.setAttribute('height', H);
      overview.setAttribute('width', 16);
      overview.setAttribute('viewBox', '0 0 16 ' + H);
      var n = filtered.length;
      if (n) {
        // One mark per pixel row at most: the worst thing in that stretch (violation, then fault, then retransmission).
        var worst = new Uint8Array(H);
        for (var i = 0; i < n; i++) {
          var flags = model.rows[filtered[i]].flags;
          var rank = flags & F.VIOL ? 3 : flags & (F.FAULT | F.STOP) ? 2 : flags & F.RETRY ? 1 : 0;
          if (!rank) continue;
          var p = Math.min(H - 1, Math.floor((i / n) * H));
          if (rank > worst[p]) worst[p] = rank;
        }
        var colours = ['', 'var(--c-retry)', 'var(--c-drop)', 'var(--c-violation)'];
        for (var y = 0; y < H; y++) {
          if (worst[y]) overview.appendChild(s('rect', { x: 1, y: y, width: 14, height: 2, style: 'fill:' + colours[worst[y]] }));
        }
      }
      viewport = s('rect', { x: 0.5, y: 0, width: 15, height: 4, style: 'fill:rgba(9,105,218,.12);stroke:#0969da;stroke-width:1' });
      overview.appendChild(viewport);
      drawViewport();
    }

    function drawViewport() {
      if (!viewport) return;
      var total = Math.max(1, filtered.length * ROW_H);
      var H = scroll.clientHeight || 400;
      viewport.setAttribute('y', (scroll.scrollTop / total) * H);
      viewport.setAttribute('height', Math.max(4, Math.min(H, (H / total) * H)));
    }

    function scrollToFiltered(position) {
      scroll.scrollTop = Math.max(0, position * ROW_H - scroll.clientHeight / 3);
      schedule();
    }

    function select(index) {
      selectedRow = index;
      var row = model.rows[index];
      clear(details);
      var fields = row.delivery
        ? [['delivery', 'session ' + row.delivery.session + ', call ' + row.delivery.sequence], ['operation', row.delivery.operation],
          ['message number', row.delivery.messageNumber], ['count in session', row.delivery.countInSession], ['time', row.delivery.timeMs + ' ms']]
        : Object.keys(row.trace).map(function (name) { return [name, row.trace[name]]; });
      if (row.key && model.violatedCalls.has(row.key)) fields.push(['violations', model.violatedCalls.get(row.key).join(', ')]);
      details.appendChild(h('table', h('tbody', fields.map(function (f) {
        return h('tr', h('th', f[0]), h('td', f[1] === null || f[1] === undefined ? '\u2013' : String(f[1])));
      }))));
      lastFirst = -1;
      draw();
    }

    chart.addEventListener('click', function (event) {
      var node = event.target;
      while (node && node !== chart && !node.getAttribute('data-row')) node = node.parentNode;
      if (node && node !== chart) select(Number(node.getAttribute('data-row')));
    });
    overview.addEventListener('click', function (event) {
      var box = overview.getBoundingClientRect();
      var fraction = (event.clientY - box.top) / box.height;
      scrollToFiltered(Math.floor(fraction * filtered.length));
    });
    scroll.addEventListener('scroll', function () { schedule(); drawViewport(); }, { passive: true });
    sessionSelect.addEventListener('change', function () { scroll.scrollTop = 0; applyFilter(); });
    onlyFaults.addEventListener('change', function () { scroll.scrollTop = 0; applyFilter(); });
    hideDeliveries.addEventListener('change', function () { scroll.scrollTop = 0; applyFilter(); });
    function onResize() { lanes.width = -1; drawOverview(); schedule(); }
    window.addEventListener('resize', onResize);
    view.disposers.push(function () { window.removeEventListener('resize', onResize); });

    function legendArrow(cls, glyph, glyphCls, label) {
      return h('span', { class: 'swatch' },
        s('svg', { class: 'tl', width: 34, height: 14 },
          s('g', { class: cls }, s('path', { class: 'seg', d: 'M2 8H30M24 4L30 8L24 12' }),
            glyph ? s('text', { class: 'glyph ' + glyphCls, x: 11, y: 12 }, glyph) : null)),
        label);
    }
    var legend = h('div', { class: 'controls', testid: 'timeline-legend' },
      legendArrow('msg req', null, '', 'request'),
      legendArrow('msg resp', null, '', 'answer'),
      legendArrow('msg retry', '\u21BB', 'g-retry', 'retransmission (try > 1)'),
      Object.keys(ACTIONS).map(function (action) {
        return legendArrow('msg fault f-' + action, ACTIONS[action].glyph, 'g-' + action, action);
      }),
      h('span', { class: 'swatch' }, s('svg', { width: 16, height: 14 }, s('text', { x: 1, y: 12, style: 'fill:var(--c-http-error);font-weight:700' }, '\u2715')), 'stopped at the proxy'),
      h('span', { class: 'swatch' }, s('svg', { width: 16, height: 14 }, s('text', { x: 1, y: 12, style: 'fill:var(--c-violation)' }, '\u26A0')), 'breaks an invariant (row shaded)'),
      h('span', { class: 'swatch' }, s('svg', { width: 14, height: 14 }, s('circle', { cx: 7, cy: 7, r: 4.5, style: 'fill:var(--c-deliver)' })), 'delivered to the service\u2019s journal'));

    var section = h('section', { id: 'timeline' },
      h('h2', 'Timeline'),
      h('div', { class: 'controls' },
        h('label', 'Sessions ', sessionSelect),
        h('label', onlyFaults, 'only faults, retransmissions, stops and violations'),
        h('label', hideDeliveries, 'hide deliveries'),
        count),
      legend,
      h('div', { class: 'timeline-wrap' },
        h('div', { class: 'timeline-main' }, head, scroll),
        overview),
      details);

    return {
      section: section,
      start: function () { applyFilter(); },
      /** Scrolls to the first message of a call (its session shown if the filter hid it) and selects it. */
      jumpTo: function (session, sequence) {
        var key = session + ':' + sequence;
        var find = function () {
          for (var i = 0; i < filtered.length; i++) {
            var row = model.rows[filtered[i]];
            if (row.key === key && row.trace) return i;
          }
          for (var j = 0; j < filtered.length; j++) {
            if (model.rows[filtered[j]].session === session) return j;
          }
          return -1;
        };
        var position = find();
        if (position < 0 || model.rows[filtered[position]].key !== key) {
          if (sequence !== null && sequence !== undefined) onlyFaults.checked = false;
          sessionSelect.value = String(session);
          if (sessionSelect.value !== String(session)) sessionSelect.value = 'all';
          applyFilter();
          position = find();
        }
        if (position >= 0) {
          scrollToFiltered(position);
          select(filtered[position]);
        }
        section.scrollIntoView({ block: 'start' });
      }
    };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Calls table: one row per call, filtered, windowed.

  function renderCalls(model, view) {
    var sessionSelect = h('select', { testid: 'calls-session' }, h('option', { value: 'all' }, 'all'));
    model.sessions.forEach(function (session) {
      if (session >= 0) sessionSelect.appendChild(h('option', { value: String(session) }, 'session ' + session));
    });
    var operationSelect = h('select', { testid: 'calls-operation' }, h('option', { value: 'all' }, 'all'));
    model.operations.forEach(function (op) { operationSelect.appendChild(h('option', { value: op }, op)); });
    var outcomeSelect = h('select', { testid: 'calls-outcome' }, h('option', { value: 'all' }, 'all'));
    model.outcomes.forEach(function (o) { outcomeSelect.appendChild(h('option', { value: o }, o)); });
    var faultSelect = h('select', { testid: 'calls-fault' },
      h('option', { value: 'all' }, 'all'),
      h('option', { value: 'any' }, 'any fault or retransmission'),
      h('option', { value: 'none' }, 'untouched'),
      h('option', { value: 'retry' }, 'retransmitted'));
    model.actions.forEach(function (a) { faultSelect.appendChild(h('option', { value: 'a:' + a }, a)); });
    var violatedSelect = h('select', { testid: 'calls-violated' },
      h('option', { value: 'all' }, 'all'),
      h('option', { value: 'yes' }, 'violated'),
      h('option', { value: 'no' }, 'not violated'));
    var count = h('span', { class: 'muted', testid: 'calls-count' });

    var columns = [
      ['Session', '70px', 'num'], ['Call', '64px', 'num'], ['Operation', '90px'], ['Outcome', '110px'], ['Reply', '70px', 'num'],
      ['Deliveries', '84px', 'num'], ['Latency', '92px', 'num'], ['Tries', '52px', 'num'], ['Faults', '150px'], ['Violations', '200px'], ['Payload / error', 'auto']];
    var body = h('tbody');
    var table = h('table', { class: 'calls', testid: 'calls-table' },
      h('colgroup', columns.map(function (c) { return h('col', { style: 'width:' + c[1] }); })),
      h('thead', h('tr', columns.map(function (c) { return h('th', { class: c[2] || null }, c[0]); }))),
      body);
    var scroll = h('div', { class: 'calls-scroll', tabindex: 0 }, table);
    var filtered = [];
    var lastFirst = -1, lastLast = -1;
    var pending = 0;
    var focused = null;

    function applyFilter() {
      var session = sessionSelect.value, op = operationSelect.value, outcome = outcomeSelect.value, fault = faultSelect.value, violated = violatedSelect.value;
      filtered = model.calls.filter(function (c) {
        if (session !== 'all' && String(c.session) !== session) return false;
        if (op !== 'all' && c.call.operation !== op) return false;
        if (outcome !== 'all' && c.call.outcome !== outcome) return false;
        var isViolated = c.call.violations.length > 0;
        if (violated === 'yes' && !isViolated) return false;
        if (violated === 'no' && isViolated) return false;
        if (fault === 'any' && !c.faults.length && c.tries < 2) return false;
        if (fault === 'none' && (c.faults.length || c.tries > 1)) return false;
        if (fault === 'retry' && c.tries < 2) return false;
        if (fault.slice(0, 2) === 'a:' && c.faults.indexOf(fault.slice(2)) < 0) return false;
        return true;
      });
      count.textContent = filtered.length + ' of ' + model.calls.length + ' calls';
      lastFirst = lastLast = -1;
      draw();
    }

    function cell(text, cls, title) {
      return h('td', { class: cls || null, title: title || null }, text);
    }

    function callRow(c) {
      var call = c.call;
      var deliveries = call.deliveries.length;
      var row = h('tr', {
        class: 'call' + (call.violations.length ? ' violated' : '') + (focused === c.key ? ' selected' : ''),
        testid: 'call-row', 'data-session': c.session, 'data-sequence': call.sequence
      },
        cell(c.session, 'num'),
        cell(call.sequence, 'num'),
        cell(call.operation),
        cell(call.outcome, 'outcome-' + call.outcome),
        cell(call.reply === null ? '\u2013' : call.reply, 'num'),
        cell(deliveries, 'num' + (deliveries === 1 ? '' : ' bad'), deliveries ? 'journal positions ' + call.deliveries.join(', ') : 'not in the journal'),
        cell(c.latency === null ? '\u2013' : ms(c.latency), 'num'),
        cell(c.tries || '\u2013', 'num' + (c.tries > 1 ? ' bad' : '')),
        h('td', c.faults.map(function (a) { return tag(a); })),
        h('td', call.violations.map(function (v) { return tag('violation', v); })),
        cell(call.error || call.payload, call.error ? 'outcome-failed' : 'mono', call.error || call.payload));
      row.addEventListener('click', function () {
        focused = c.key;
        lastFirst = -1;
        draw();
        if (view.timeline) view.timeline.jumpTo(c.session, call.sequence);
      });
      return row;
    }

    function draw() {
      pending = 0;
      var n = filtered.length;
      var height = scroll.clientHeight || 460;
      var top = Math.max(0, scroll.scrollTop - 28);
      var first = Math.max(0, Math.floor(top / CALL_ROW_H) - OVERSCAN);
      var last = Math.min(n, Math.ceil((top + height) / CALL_ROW_H) + OVERSCAN);
      if (first === lastFirst && last === lastLast) return;
      lastFirst = first;
      lastLast = last;
      clear(body);
      if (n === 0) {
        body.appendChild(h('tr', h('td', { colspan: columns.length, class: 'muted' }, model.calls.length ? 'No call matches the filters.' : 'No call was made.')));
        return;
      }
      body.appendChild(h('tr', { class: 'spacer' }, h('td', { colspan: columns.length, style: 'height:' + (first * CALL_ROW_H) + 'px' })));
      for (var i = first; i < last; i++) body.appendChild(callRow(filtered[i]));
      body.appendChild(h('tr', { class: 'spacer' }, h('td', { colspan: columns.length, style: 'height:' + ((n - last) * CALL_ROW_H) + 'px' })));
    }

    scroll.addEventListener('scroll', function () { if (!pending) pending = requestAnimationFrame(draw); }, { passive: true });
    [sessionSelect, operationSelect, outcomeSelect, faultSelect, violatedSelect].forEach(function (select) {
      select.addEventListener('change', function () { scroll.scrollTop = 0; applyFilter(); });
    });

    var section = h('section', { id: 'calls' },
      h('h2', 'Calls'),
      h('div', { class: 'controls' },
        h('label', 'Session ', sessionSelect),
        h('label', 'Operation ', operationSelect),
        h('label', 'Outcome ', outcomeSelect),
        h('label', 'Fault ', faultSelect),
        h('label', 'Violated ', violatedSelect),
        count),
      scroll);

    return {
      section: section,
      start: applyFilter,
      /** Shows one call: its session, the row in view and marked. */
      focus: function (session, sequence) {
        if (sequence === null || sequence === undefined) return;
        focused = session + ':' + sequence;
        var position = filtered.findIndex(function (c) { return c.key === focused; });
        if (position < 0) {
          [sessionSelect, operationSelect, outcomeSelect, faultSelect, violatedSelect].forEach(function (select) { select.value = 'all'; });
          applyFilter();
          position = filtered.findIndex(function (c) { return c.key === focused; });
        }
        if (position >= 0) scroll.scrollTop = Math.max(0, position * CALL_ROW_H - 3 * CALL_ROW_H);
        lastFirst = -1;
        draw();
      }
    };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Reproduce: the command, the environment, the scenario's seed, workload and settings.

  function renderReproduce(sc) {
    var command = h('pre', { testid: 'command' }, report.command);
    var copied = h('span', { class: 'copied', 'aria-live': 'polite' });
    var copy = h('button', { type: 'button', testid: 'copy-command' }, 'Copy');
    copy.addEventListener('click', function () {
      function fallback() {
        var range = document.createRange();
        range.selectNodeContents(command);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        var ok = false;
        try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
        copied.textContent = ok ? 'copied' : 'selected: press Ctrl+C';
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(report.command).then(function () { copied.textContent = 'copied'; }, fallback);
      } else {
        fallback();
      }
    });

    var env = report.environment, opts = report.options, w = sc.workload;
    var settings = Object.keys(sc.settings || {}).sort().map(function (name) { return [name, sc.settings[name], 'mono']; });
    var decisions = h('pre', { class: 'decisions', testid: 'decisions' });
    var decisionsBox = h('details', h('summary', plural(sc.decisions.length, 'fault decision') + ' (digest ' + sc.decisionsDigest.slice(0, 16) + '\u2026)'), decisions);
    decisionsBox.addEventListener('toggle', function () {
      if (!decisionsBox.open || decisions.textContent) return;
      var shown = sc.decisions.slice(0, 5000);
      decisions.textContent = shown.join('\n') + (sc.decisions.length > shown.length ? '\n\u2026 and ' + (sc.decisions.length - shown.length) + ' more (result.json has them all)' : '');
    });

    return h('section', { id: 'reproduce' },
      h('h2', 'Reproduce'),
      h('p', { class: 'muted' }, 'The command that reruns this run with the same scenarios and seeds:'),
      h('div', { class: 'command' }, command, copy, copied),
      h('div', { class: 'cols' },
        h('div',
          h('h3', 'Environment'),
          kv([
            ['harness', report.harnessVersion],
            ['OS', env.os],
            ['runtime', env.runtime],
            ['processors', env.processors],
            ['machine', env.machine],
            ['run started', when(report.startedAt)],
            ['run finished', when(report.finishedAt)],
            ['seed override', opts.seed],
            ['target', opts.target || 'in-process service'],
            ['client override', opts.client],
            ['parallel', opts.parallel],
            ['shard', opts.shard],
            ['filter', opts.filter]
          ], 'environment'),
          h('h3', 'Scenario'),
          kv([
            ['file', sc.file, 'mono'],
            ['seed', sc.seed, 'mono'],
            ['expect', sc.expect],
            ['time limit', ms(sc.timeLimitMs)],
            ['target', sc.target || 'in-process service'],
            ['client', sc.client === 'wcf' ? 'real WCF client (System.ServiceModel)' : 'harness RM source'],
            ['binding', sc.binding],
            ['contract', sc.contract],
            ['sessions', w.sessions],
            ['messages per session', w.messages],
            ['operation', w.operation],
            ['payload size', w.payloadSize],
            ['concurrency', w.concurrency]
          ], 'scenario-info'),
          decisionsBox),
        h('div',
          h('h3', 'Settings'),
          kv(settings, 'settings-table'))));
  }

  // ---------------------------------------------------------------------------------------------------------------

  function main() {
    clear(app);
    app.appendChild(renderHeader());
    app.appendChild(renderSummary());
    app.appendChild(h('section', { id: 'scenario' }));
    renderScenario(initialScenario());
    window.addEventListener('hashchange', function () {
      var match = /^#scenario-(\d+)$/.exec(location.hash);
      if (match && Number(match[1]) < scenarios.length && Number(match[1]) !== selectedIndex) {
        renderScenario(Number(match[1]));
        document.getElementById('scenario').scrollIntoView({ block: 'start' });
      }
    });
    document.body.setAttribute('data-ready', 'true');
  }

  try {
    main();
  } catch (error) {
    clear(app);
    app.appendChild(h('p', { class: 'noscript', testid: 'render-error' }, 'The report could not be drawn: ' + error + '. result.json beside this file has the data.'));
    document.body.setAttribute('data-ready', 'error');
    throw error;
  }
})();
