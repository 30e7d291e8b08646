/*
 * Reproduce: the command that reruns the run (with a copy button), the environment, the scenario's file, seed,
 * workload and settings, and its fault decisions (drawn when opened: there can be many).
 */
const Reproduce = (() => {
  const { h, kv, ms, plural, when } = Util;
  const DECISIONS_SHOWN = 5000;

  const commandBox = (report) => {
    const command = h('pre', { testid: 'command' }, report.command);
    const copied = h('span', { class: 'copied', 'aria-live': 'polite' });
    const copy = h('button', { type: 'button', testid: 'copy-command' }, 'Copy');
    // Without the clipboard API, or when it refuses, the command is selected for Ctrl+C instead.
    const fallback = () => {
      const range = document.createRange();
      range.selectNodeContents(command);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      let ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      copied.textContent = ok ? 'copied' : 'selected: press Ctrl+C';
    };
    copy.addEventListener('click', () => {
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(report.command).then(() => { copied.textContent = 'copied'; }, fallback);
      } else {
        fallback();
      }
    });
    return h('div', { class: 'command' }, command, copy, copied);
  };

  const decisionsBox = (sc) => {
    const decisions = h('pre', { class: 'decisions', testid: 'decisions' });
    const box = h('details', h('summary', `${plural(sc.decisions.length, 'fault decision')} (digest ${sc.decisionsDigest.slice(0, 16)}\u2026)`), decisions);
    box.addEventListener('toggle', () => {
      if (!box.open || decisions.textContent) return;
      const shown = sc.decisions.slice(0, DECISIONS_SHOWN);
      const rest = sc.decisions.length - shown.length;
      decisions.textContent = shown.join('\n') + (rest > 0 ? `\n\u2026 and ${rest} more (result.json has them all)` : '');
    });
    return box;
  };

  const environment = (report) => {
    const env = report.environment, opts = report.options;
    return kv([
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
    ], 'environment');
  };

  const scenarioInfo = (sc) => {
    const w = sc.workload;
    return kv([
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
    ], 'scenario-info');
  };

  const render = (report, sc) => {
    const settings = Object.keys(sc.settings || {}).sort().map((name) => [name, sc.settings[name], 'mono']);
    return h('section', { id: 'reproduce' },
      h('h2', 'Reproduce'),
      h('p', { class: 'muted' }, 'The command that reruns this run with the same scenarios and seeds:'),
      commandBox(report),
      h('div', { class: 'cols' },
        h('div',
          h('h3', 'Environment'),
          environment(report),
          h('h3', 'Scenario'),
          scenarioInfo(sc),
          decisionsBox(sc)),
        h('div',
          h('h3', 'Settings'),
          kv(settings, 'settings-table'))));
  };

  return Object.freeze({ render });
})();
