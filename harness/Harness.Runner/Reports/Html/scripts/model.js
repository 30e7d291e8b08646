/*
 * ScenarioModel: what the timeline and the calls table need of a scenario, computed once when it is first shown.
 * Rows are the traced messages and the deliveries in time order; a row's flags say what marks it (fault, retry,
 * violation, stop); calls carry their faults and tries, found by the key "session:sequence".
 */
const ScenarioModel = (() => {
  const Flags = Object.freeze({ FAULT: 1, RETRY: 2, VIOL: 4, STOP: 8 });

  const callKey = (session, sequence) => `${session}:${sequence}`;

  /** "session:sequence" -> the invariants its violations name, and the sessions with any violation. */
  const violationsOf = (sc) => {
    const violatedCalls = new Map();
    const violatedSessions = new Set();
    for (const v of sc.verdict.violations) {
      violatedSessions.add(v.session);
      if (v.sequence === null || v.sequence === undefined) continue;
      const key = callKey(v.session, v.sequence);
      const list = violatedCalls.get(key) || [];
      if (!list.includes(v.invariant)) list.push(v.invariant);
      violatedCalls.set(key, list);
    }
    return { violatedCalls, violatedSessions };
  };

  const build = (sc) => {
    const { violatedCalls, violatedSessions } = violationsOf(sc);

    // An exchange belongs to a call when its request is an application message: the answer carries the request's number.
    const exchangeKind = new Map();
    for (const t of sc.trace) {
      if (t.direction === 'request' && !exchangeKind.has(t.exchange)) exchangeKind.set(t.exchange, t.kind);
    }

    const callFaults = new Map();   // key -> [actions]
    const callTries = new Map();    // key -> highest attempt
    const rows = [];
    const sessions = new Set();
    sc.trace.forEach((t, i) => {
      const requestKind = t.direction === 'request' ? t.kind : exchangeKind.get(t.exchange);
      const key = requestKind === 'application' || t.kind === 'application' || t.kind === 'reply' ? callKey(t.session, t.number) : null;
      let flags = 0;
      if (t.action) flags |= Flags.FAULT;
      if (t.attempt > 1) flags |= Flags.RETRY;
      if (key && violatedCalls.has(key)) flags |= Flags.VIOL;
      if (t.outcome !== 'forwarded' && t.outcome !== 'returned' && t.outcome !== 'passed-through') flags |= Flags.STOP;
      if (key) {
        if (t.action) {
          const actions = callFaults.get(key) || [];
          if (!actions.includes(t.action)) actions.push(t.action);
          callFaults.set(key, actions);
        }
        if (t.direction === 'request') callTries.set(key, Math.max(callTries.get(key) || 0, t.attempt));
      }
      sessions.add(t.session);
      rows.push({ t: t.timeMs, order: i, trace: t, session: t.session, key, flags });
    });
    const offset = sc.trace.length;
    sc.deliveries.forEach((d, i) => {
      const key = callKey(d.session, d.sequence);
      sessions.add(d.session);
      rows.push({ t: d.timeMs, order: offset + i, delivery: d, session: d.session, key, flags: violatedCalls.has(key) ? Flags.VIOL : 0 });
    });
    rows.sort((a, b) => a.t - b.t || a.order - b.order);

    const calls = [];
    const operations = new Set();
    const outcomes = new Set();
    for (const session of sc.sessions) {
      sessions.add(session.index);
      for (const call of session.calls) {
        const key = callKey(session.index, call.sequence);
        operations.add(call.operation);
        outcomes.add(call.outcome);
        calls.push({
          session: session.index,
          call,
          key,
          faults: callFaults.get(key) || [],
          tries: callTries.get(key) || 0,
          latency: call.completedMs === null || call.completedMs === undefined ? null : call.completedMs - call.submittedMs
        });
      }
    }

    return {
      scenario: sc,
      rows,
      calls,
      violatedCalls,
      violatedSessions,
      sessions: Array.from(sessions).sort((a, b) => a - b),
      operations: Array.from(operations).sort(),
      outcomes: Array.from(outcomes).sort(),
      actions: Object.keys(sc.statistics.faultsByAction || {}).sort(),
      flags: Flags
    };
  };

  return Object.freeze({ Flags, callKey, build });
})();
