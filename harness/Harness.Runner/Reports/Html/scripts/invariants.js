/*
 * Invariants: each invariant, whether it holds and how often it was broken; then the violations, a page at a time.
 * Clicking a violation shows its message in the timeline and its call in the calls table.
 */
const Invariants = (() => {
  const { h, tag } = Util;
  const VIOLATIONS_PAGE = 100;

  const invariantsTable = (sc) =>
    h('table', { class: 'grid', testid: 'invariants-table' },
      h('thead', h('tr', h('th', 'Invariant'), h('th', 'Description'), h('th', 'State'), h('th', { class: 'num' }, 'Violations'))),
      h('tbody', sc.verdict.invariants.map((inv) =>
        h('tr', { class: inv.holds ? 'pass' : 'fail', testid: 'invariant-row', 'data-invariant': inv.name },
          h('td', h('b', inv.name)),
          h('td', inv.description),
          h('td', h('span', { class: `badge ${inv.holds ? 'pass' : 'fail'}` }, inv.holds ? 'holds' : 'violated')),
          h('td', { class: 'num' }, inv.violations)))));

  const violationRow = (v, view) =>
    h('tr', {
      class: 'clickable', testid: 'violation-row',
      title: 'show this message in the timeline and the calls table',
      onclick: () => {
        if (view.timeline) view.timeline.jumpTo(v.session, v.sequence);
        if (view.calls) view.calls.focus(v.session, v.sequence);
      }
    },
      h('td', tag('violation', v.invariant)),
      h('td', { class: 'num' }, v.session),
      h('td', { class: 'num' }, v.sequence === null ? '\u2013' : v.sequence),
      h('td', v.message),
      h('td', { class: 'sub mono' }, (v.evidence || []).join('\n')));

  const render = (model, view) => {
    const violations = model.scenario.verdict.violations;
    const body = h('tbody');
    const more = h('button', { type: 'button', testid: 'violations-more' });
    let shown = 0;
    const showMore = () => {
      const next = Math.min(violations.length, shown + VIOLATIONS_PAGE);
      for (let i = shown; i < next; i++) body.appendChild(violationRow(violations[i], view));
      shown = next;
      more.hidden = shown >= violations.length;
      more.textContent = `show ${Math.min(VIOLATIONS_PAGE, violations.length - shown)} more of ${violations.length - shown}`;
    };
    more.addEventListener('click', showMore);
    if (violations.length === 0) {
      body.appendChild(h('tr', h('td', { colspan: 5, class: 'muted' }, 'No violation: every invariant holds.')));
      more.hidden = true;
    } else {
      showMore();
    }

    return h('section', { id: 'invariants' },
      h('h2', 'Invariants'),
      invariantsTable(model.scenario),
      h('h3', `Violations (${violations.length})`),
      h('table', { class: 'grid', testid: 'violations-table' },
        h('thead', h('tr', h('th', 'Invariant'), h('th', { class: 'num' }, 'Session'), h('th', { class: 'num' }, 'Call'), h('th', 'Message'), h('th', 'Evidence'))),
        body),
      more);
  };

  return Object.freeze({ render });
})();
