/*
 * Entry: reads the RunReport document embedded in the page (the JSON script element #result) and draws it. When
 * drawing fails the page says so instead of staying on "Loading". body[data-ready] tells tests the page is drawn.
 */
{
  const report = JSON.parse(document.getElementById('result').textContent);
  const app = document.getElementById('app');
  try {
    Util.learnActions(report);
    Navigation.start(report, app);
    document.body.setAttribute('data-ready', 'true');
  } catch (error) {
    Util.clear(app);
    app.appendChild(Util.h('p', { class: 'noscript', testid: 'render-error' }, `The report could not be drawn: ${error}. result.json beside this file has the data.`));
    document.body.setAttribute('data-ready', 'error');
    throw error;
  }
}
