/*
 * Navigation: the run's header, the summary table of its scenarios, and which scenario is shown. A scenario is
 * addressed by the hash #scenario-N (a summary row sets it); the page opens on the hash's scenario, else the first
 * whose expectation was not met, else the first. Each scenario's model is computed once, when first shown.
 */
const Navigation = (() => {
  const { h, clear, ms, plural, verdictClass, verdictWord, when } = Util;
  const SCENARIO_HASH = /^#scenario-(\d+)$/;

  const header = (report) => {
    const summary = report.summary;
    const passed = summary.exitCode === 0;
    return h('header', { class: 'run-header' },
      h('h1', 'Run ', h('span', { class: 'mono', testid: 'run-id' }, report.runId)),
      h('span', { class: `badge ${passed ? 'pass' : 'fail'}`, testid: 'run-verdict' }, passed ? 'PASS' : summary.exitCode === 2 ? 'ERROR' : 'FAIL'),
      report.interrupted ? h('span', { class: 'badge warn' }, 'interrupted') : null,
      h('span', { class: 'muted' },
        `${plural(summary.scenarios, 'scenario')}: ${summary.met} met, ${summary.unmet} unmet` +
        (summary.errors ? `, ${summary.errors} error(s)` : '') + (summary.skipped ? `, ${summary.skipped} skipped` : '') +
        ` \u00b7 exit code ${summary.exitCode}` +
        ` \u00b7 started ${when(report.startedAt)} \u00b7 ${ms(report.durationMs)} \u00b7 harness ${report.harnessVersion}`),
      h('span', { class: 'links' },
        h('a', { href: 'result.json' }, 'result.json'),
        h('a', { href: 'junit.xml' }, 'junit.xml'),
        h('a', { href: '../index.html' }, 'all runs')));
  };

  const summaryRow = (sc, index) =>
    h('tr', {
      class: `clickable ${verdictClass(sc)}`,
      testid: 'scenario-row',
      'data-scenario': sc.name,
      onclick: () => { location.hash = `#scenario-${index}`; }
    },
      h('td', { class: 'num' }, index + 1),
      h('td', h('a', { href: `#scenario-${index}` }, sc.name), h('div', { class: 'sub' }, sc.description)),
      h('td', { testid: 'scenario-client' }, sc.client),
      h('td', sc.expect),
      h('td', h('span', { class: `badge ${verdictClass(sc)}` }, verdictWord(sc))),
      h('td', sc.end),
      h('td', { class: `num${sc.verdict.violations.length ? ' bad' : ''}` }, sc.verdict.violations.length),
      h('td', { class: 'num' }, sc.statistics.sent),
      h('td', { class: 'num' }, sc.statistics.delivered),
      h('td', { class: 'num' }, ms(sc.statistics.durationMs)),
      h('td', { class: 'sub' }, sc.outcome));

  const summaryTable = (rows) =>
    h('section', { id: 'summary' },
      h('h2', 'Scenarios'),
      h('table', { class: 'grid', testid: 'summary-table' },
        h('thead', h('tr', h('th', { class: 'num' }, '#'), h('th', 'Scenario'), h('th', 'Client'), h('th', 'Expect'), h('th', 'Verdict'), h('th', 'End'),
          h('th', { class: 'num' }, 'Violations'), h('th', { class: 'num' }, 'Sent'), h('th', { class: 'num' }, 'Delivered'),
          h('th', { class: 'num' }, 'Duration'), h('th', 'Outcome'))),
        h('tbody', rows)));

  /** Draws the run into app and follows the hash from then on. */
  const start = (report, app) => {
    const scenarios = report.scenarios || [];
    const models = new Map();
    let current = null;   // the scenario view on screen (its timeline and calls table listen to scroll and resize)
    let selectedIndex = -1;

    const hashIndex = () => {
      const match = SCENARIO_HASH.exec(location.hash);
      return match && Number(match[1]) < scenarios.length ? Number(match[1]) : -1;
    };

    const initialScenario = () => {
      const fromHash = hashIndex();
      if (fromHash >= 0) return fromHash;
      const unmet = scenarios.findIndex((sc) => !sc.expectationMet && sc.end !== 'skipped');
      return unmet >= 0 ? unmet : 0;
    };

    const modelOf = (index) => {
      if (!models.has(index)) models.set(index, ScenarioModel.build(scenarios[index]));
      return models.get(index);
    };

    const summaryRows = scenarios.map(summaryRow);
    const host = h('section', { id: 'scenario' });

    const show = (index) => {
      if (current) current.dispose();
      current = null;
      selectedIndex = index;
      summaryRows.forEach((row, i) => row.classList.toggle('selected', i === index));
      clear(host);
      if (!scenarios.length) {
        host.appendChild(h('p', { class: 'muted' }, 'This run holds no scenario (it was interrupted before the first finished).'));
        return;
      }
      current = new ScenarioView();
      current.mount(host, report, modelOf(index));
    };

    clear(app);
    app.appendChild(header(report));
    app.appendChild(summaryTable(summaryRows));
    app.appendChild(host);
    show(initialScenario());
    window.addEventListener('hashchange', () => {
      const index = hashIndex();
      if (index >= 0 && index !== selectedIndex) {
        show(index);
        host.scrollIntoView({ block: 'start' });
      }
    });
  };

  return Object.freeze({ start });
})();
