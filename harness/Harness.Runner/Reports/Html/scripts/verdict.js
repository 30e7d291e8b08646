/*
 * Verdict: the card at the top of a scenario, a big PASS, FAIL or SKIPPED with the expectation, the outcome line,
 * how the run ended and its error and notes.
 */
const Verdict = (() => {
  const { h, plural, verdictWord, when } = Util;

  const skipped = (sc) =>
    h('section', { id: 'verdict' },
      h('div', { class: 'verdict-card warn' },
        h('div', { class: 'verdict-word', testid: 'verdict' }, verdictWord(sc)),
        h('div', { class: 'verdict-lines' },
          h('div', { class: 'expectation', testid: 'expectation' }, `expected: ${sc.expect} \u2014 not run against ${sc.target}`),
          h('div', { testid: 'skip-reason' }, sc.skipReason))));

  const render = (sc) => {
    if (sc.end === 'skipped') return skipped(sc);
    const met = sc.expectationMet;
    const checker = sc.verdict.passed ? 'every invariant holds' : plural(sc.verdict.violations.length, 'violation');
    return h('section', { id: 'verdict' },
      h('div', { class: `verdict-card ${met ? 'pass' : 'fail'}` },
        h('div', { class: 'verdict-word', testid: 'verdict' }, verdictWord(sc)),
        h('div', { class: 'verdict-lines' },
          h('div', { class: 'expectation', testid: 'expectation' },
            `expected: ${sc.expect} \u2014 ${met ? 'expectation met' : 'expectation NOT met'}`),
          h('div', { testid: 'outcome' }, sc.outcome),
          h('div', { class: 'muted' }, 'end: ', h('b', { testid: 'end' }, sc.end),
            ` \u00b7 checker verdict: ${checker} \u00b7 seed ${sc.seed} \u00b7 started ${when(sc.startedAt)}`),
          sc.error ? h('div', { class: 'error', testid: 'error' }, sc.error) : null,
          (sc.notes || []).map((note) => h('div', { class: 'muted', testid: 'note' }, `note: ${note}`)))));
  };

  return Object.freeze({ render });
})();
