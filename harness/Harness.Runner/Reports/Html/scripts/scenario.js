/*
 * ScenarioView: one scenario, its sections in order: title, verdict, invariants, statistics, timeline, calls and
 * how to reproduce it (a skipped scenario has only its verdict and reproduce). The timeline and the calls table
 * reach each other through the view, and the view lets go of window listeners when another scenario replaces it.
 */
class ScenarioView {
  /** The timeline's and the calls table's handles, once drawn (null for a skipped scenario). */
  timeline = null;
  calls = null;
  #disposers = [];

  /** Runs disposer when the view is replaced. */
  onDispose(disposer) {
    this.#disposers.push(disposer);
  }

  dispose() {
    this.#disposers.forEach((disposer) => disposer());
  }

  /** Draws the scenario of model into host, which is empty. */
  mount(host, report, model) {
    const { h } = Util;
    const sc = model.scenario;
    host.appendChild(h('div', { class: 'scenario-title' },
      h('h2', { testid: 'scenario-name' }, sc.name),
      h('span', { class: 'muted mono' }, sc.file),
      h('span', { class: 'muted' }, sc.description)));
    host.appendChild(Verdict.render(sc));
    if (sc.end === 'skipped') {
      host.appendChild(Reproduce.render(report, sc));
      return;
    }
    host.appendChild(Invariants.render(model, this));
    host.appendChild(Statistics.render(sc));
    const timeline = Timeline.render(model, this);
    host.appendChild(timeline.section);
    const calls = CallsTable.render(model, this);
    host.appendChild(calls.section);
    host.appendChild(Reproduce.render(report, sc));
    this.timeline = timeline;
    this.calls = calls;
    timeline.start();
    calls.start();
  }
}
