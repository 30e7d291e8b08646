using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Harness.Reports.Tests.Support;
using Microsoft.Playwright;

namespace Harness.Reports.Tests;

/// <summary>
/// report.html and index.html as a person sees them: opened from disk (file://) in headless Chromium, with every
/// network request recorded and any request that is not for a local file aborted and reported. One browser for the
/// fixture; a fresh page (and browser context) per test.
/// </summary>
[NonParallelizable]
public sealed class ReportPageTests
{
    private const float ReadyTimeoutMs = 15_000;

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    [OneTimeSetUp]
    public async Task LaunchAsync() => (_playwright, _browser) = await Chromium.LaunchAsync();

    [OneTimeTearDown]
    public async Task CloseAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }

    [Test]
    public async Task The_failing_runs_report_shows_FAIL_its_numbers_violations_and_timeline_without_any_request()
    {
        var run = ReportRuns.Failing;
        await using var opened = await OpenAsync(run.HtmlPath);
        var page = opened.Page;
        using var result = JsonDocument.Parse(await File.ReadAllTextAsync(run.ResultJsonPath));
        var statistics = result.RootElement.GetProperty("scenarios")[0].GetProperty("statistics");

        (await TextAsync(page, "verdict")).Should().Be("FAIL");
        (await TextAsync(page, "expectation")).Should().Contain("holds").And.Contain("NOT met");
        (await TextAsync(page, "stat-sent")).Should().Be(Number(statistics, "sent"));
        (await TextAsync(page, "stat-delivered")).Should().Be(Number(statistics, "delivered"));
        (await TextAsync(page, "stat-retransmissions")).Should().Be(Number(statistics, "retransmissions"));
        (await TextAsync(page, "stat-duplicates-suppressed")).Should().Be(Number(statistics, "duplicatesSuppressed"));
        (await page.GetByTestId("violations-table").GetByTestId("violation-row").CountAsync()).Should().Be(run.Report.Scenarios[0].Verdict.Violations.Count).And.BePositive();
        (await page.GetByTestId("invariants-table").Locator("tbody tr").CountAsync()).Should().Be(6);
        (await page.Locator("svg[data-testid=timeline] .msg").CountAsync()).Should().BePositive();
        (await page.Locator("svg[data-testid=timeline] .msg.f-drop.violated").CountAsync()).Should().BePositive("the dropped messages are the violated calls");
        (await page.GetByTestId("calls-table").GetByTestId("call-row").CountAsync()).Should().Be(20);
        (await page.GetByTestId("latency-histogram").Locator("rect.bar").CountAsync()).Should().Be(run.Report.Scenarios[0].LatencyHistogram.Count);
        (await TextAsync(page, "command")).Should().Be(run.Report.Command);
        // A row's heading and value run together in the table's text.
        (await TextAsync(page, "scenario-info")).Should().Contain("client" + "real WCF client (System.ServiceModel)")
            .And.Contain("binding" + run.Report.Scenarios[0].Binding, "the page says which client and binding carried the sessions");

        // The description and the rule name hold markup: shown as text, never run.
        (await page.Locator(".scenario-title").TextContentAsync()).Should().Contain("<script>alert(\"not encoded\")</script>");
        (await page.GetByTestId("fault-rules").TextContentAsync()).Should().Contain("drop every 5th </script>");
        opened.Dialogs.Should().BeEmpty();

        await opened.ScreenshotAsync("failing-report.png");
        opened.ShouldHaveMadeNoNetworkRequest();
    }

    [Test]
    public async Task Clicking_a_violation_selects_its_message_in_the_timeline_and_the_filters_narrow_the_calls_table()
    {
        await using var opened = await OpenAsync(ReportRuns.Failing.HtmlPath);
        var page = opened.Page;

        await page.GetByTestId("violation-row").First.ClickAsync();
        await page.Locator("svg[data-testid=timeline] .msg.selected").First.WaitForAsync();
        (await page.GetByTestId("timeline-details").TextContentAsync()).Should().Contain("application").And.Contain("drop");

        await page.GetByTestId("calls-violated").SelectOptionAsync("yes");
        (await page.GetByTestId("call-row").CountAsync()).Should().Be(4);
        await page.GetByTestId("calls-violated").SelectOptionAsync("no");
        (await page.GetByTestId("call-row").CountAsync()).Should().Be(16);
        await page.GetByTestId("calls-violated").SelectOptionAsync("all");
        await page.GetByTestId("calls-fault").SelectOptionAsync("a:drop");
        (await page.GetByTestId("call-row").CountAsync()).Should().Be(4);

        opened.ShouldHaveMadeNoNetworkRequest();
    }

    [Test]
    public async Task The_passing_runs_report_shows_PASS_no_violation_and_the_retransmission()
    {
        var run = ReportRuns.Passing;
        await using var opened = await OpenAsync(run.HtmlPath);
        var page = opened.Page;
        using var result = JsonDocument.Parse(await File.ReadAllTextAsync(run.ResultJsonPath));
        var statistics = result.RootElement.GetProperty("scenarios")[0].GetProperty("statistics");

        (await TextAsync(page, "verdict")).Should().Be("PASS");
        (await TextAsync(page, "expectation")).Should().Contain("expectation met");
        (await TextAsync(page, "stat-sent")).Should().Be(Number(statistics, "sent"));
        (await TextAsync(page, "stat-delivered")).Should().Be(Number(statistics, "delivered"));
        (await TextAsync(page, "stat-retransmissions")).Should().Be(Number(statistics, "retransmissions"));
        (await TextAsync(page, "stat-duplicates-suppressed")).Should().Be(Number(statistics, "duplicatesSuppressed"));
        (await page.GetByTestId("violation-row").CountAsync()).Should().Be(0);
        (await page.Locator("svg[data-testid=timeline] .msg").CountAsync()).Should().BePositive();
        (await page.Locator("svg[data-testid=timeline] .msg.f-drop").CountAsync()).Should().Be(1);
        (await page.Locator("svg[data-testid=timeline] .msg.retry").CountAsync()).Should().BePositive("message 3 was sent again");
        (await page.Locator("svg[data-testid=timeline] .delivery").CountAsync()).Should().Be(10);

        // The legend shows the drop action's glyph, which the fault rule brought with it into result.json.
        (await page.Locator("[data-testid=timeline-legend] .glyph.g-drop").TextContentAsync()).Should().Be("\u2715");
        (await TextAsync(page, "timeline-legend")).Should().Contain("drop").And.NotContain("corrupt", "only the actions this run uses are listed");

        await opened.ScreenshotAsync("passing-report.png");
        opened.ShouldHaveMadeNoNetworkRequest();
    }

    [Test]
    public async Task A_run_of_several_scenarios_opens_on_the_first_failing_one_and_switches_from_the_summary()
    {
        await using var opened = await OpenAsync(ReportRuns.Both.HtmlPath);
        var page = opened.Page;

        (await page.GetByTestId("scenario-row").CountAsync()).Should().Be(2);
        (await page.GetByTestId("scenario-client").AllTextContentsAsync()).Should().Equal(["harness", "wcf"], "the summary says which client ran each scenario");
        (await TextAsync(page, "run-verdict")).Should().Be("FAIL");
        (await TextAsync(page, "scenario-name")).Should().Be("unreliable-drop-every-fifth");
        (await TextAsync(page, "verdict")).Should().Be("FAIL");

        await page.GetByTestId("scenario-row").First.ClickAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=scenario-name]').textContent === 'drop-third-message'");
        (await TextAsync(page, "verdict")).Should().Be("PASS");
        (await TextAsync(page, "stat-sent")).Should().Be("10");
        (await page.GetByTestId("violation-row").CountAsync()).Should().Be(0);
        (await page.GetByTestId("call-row").CountAsync()).Should().Be(10);
        page.Url.Should().EndWith("#scenario-0");

        opened.ShouldHaveMadeNoNetworkRequest();
    }

    [Test]
    public async Task A_scenario_that_could_not_run_shows_its_error_and_empty_sections()
    {
        await using var opened = await OpenAsync(ReportRuns.Error.HtmlPath);
        var page = opened.Page;

        (await TextAsync(page, "verdict")).Should().Be("FAIL");
        (await TextAsync(page, "end")).Should().Be("error");
        (await TextAsync(page, "error")).Should().Be(ReportRuns.Error.Report.Scenarios[0].Error);
        (await page.Locator("svg[data-testid=timeline] .msg").CountAsync()).Should().Be(0);
        (await page.GetByTestId("calls-table").TextContentAsync()).Should().Contain("No call was made.");
        (await page.GetByTestId("latency-histogram").TextContentAsync()).Should().Contain("no successful call");
        opened.ShouldHaveMadeNoNetworkRequest();
    }

    [Test]
    public async Task A_skipped_scenario_shows_SKIPPED_with_its_reason_and_the_run_still_passes()
    {
        await using var opened = await OpenAsync(ReportRuns.Skipped.HtmlPath);
        var page = opened.Page;

        (await TextAsync(page, "run-verdict")).Should().Be("PASS", "a scenario the target cannot serve does not fail the run");
        (await TextAsync(page, "note")).Should().Contain("the harness ended it");
        (await page.GetByTestId("scenario-row").Nth(1).TextContentAsync()).Should().Contain("SKIPPED");
        await page.GetByTestId("scenario-row").Nth(1).ClickAsync();
        await page.WaitForSelectorAsync("[data-testid=skip-reason]", new PageWaitForSelectorOptions { Timeout = ReadyTimeoutMs });
        (await TextAsync(page, "verdict")).Should().Be("SKIPPED");
        (await TextAsync(page, "skip-reason")).Should().Be(ReportRuns.SkipReason);
        opened.PageErrors.Should().BeEmpty();
        opened.ShouldHaveMadeNoNetworkRequest();
    }

    [Test]
    public async Task A_proxy_check_report_shows_the_wire_verdict_the_message_named_and_the_proxys_timeline()
    {
        await using var opened = await OpenAsync(ReportRuns.WireCheck.HtmlPath);
        var page = opened.Page;

        (await TextAsync(page, "verdict")).Should().Be("FAIL");
        (await TextAsync(page, "outcome")).Should().StartWith("wire check FAIL");
        (await page.GetByTestId("violation-row").First.TextContentAsync()).Should().Contain("message 2 was acknowledged").And.Contain("before any copy of it reached the service");
        (await page.GetByTestId("call-row").CountAsync()).Should().Be(3, "one row per message number the wire showed");
        (await page.Locator("svg[data-testid=timeline] .msg").CountAsync()).Should().BePositive("the timeline is the proxy's trace");
        (await TextAsync(page, "note")).Should().Contain("terminated");
        opened.ShouldHaveMadeNoNetworkRequest();
    }

    [Test]
    public async Task A_run_interrupted_before_any_scenario_finished_still_opens()
    {
        await using var opened = await OpenAsync(ReportRuns.Empty.HtmlPath);
        var page = opened.Page;

        (await TextAsync(page, "run-verdict")).Should().Be("FAIL");
        (await page.GetByTestId("scenario-row").CountAsync()).Should().Be(0);
        (await page.Locator("#scenario").TextContentAsync()).Should().Contain("holds no scenario");
        opened.ShouldHaveMadeNoNetworkRequest();
    }

    [Test]
    public async Task The_index_lists_both_runs_newest_first_with_links_to_files_that_exist()
    {
        var index = Path.Combine(ReportRuns.ReportDirectory, "index.html");
        await using var opened = await OpenAsync(index, readySelector: "[data-testid=runs-table]");
        var page = opened.Page;

        var rows = page.GetByTestId("run-row");
        (await rows.CountAsync()).Should().Be(2);
        (await rows.Nth(0).GetAttributeAsync("data-run-id")).Should().Be(ReportRuns.Passing.RunId);
        (await rows.Nth(1).GetAttributeAsync("data-run-id")).Should().Be(ReportRuns.Failing.RunId);
        (await rows.Nth(0).GetByTestId("run-verdict").TextContentAsync()).Should().Be("PASS");
        (await rows.Nth(1).GetByTestId("run-verdict").TextContentAsync()).Should().Be("FAIL");
        (await rows.Nth(1).GetByTestId("run-unmet").TextContentAsync()).Should().Be("1");

        var links = await page.Locator("a[href]").EvaluateAllAsync<string[]>("links => links.map(link => link.href)");
        links.Should().HaveCount(8, "four links per run: the run id, report, result.json, junit.xml");
        foreach (var link in links)
        {
            link.Should().StartWith("file://");
            File.Exists(new Uri(link).LocalPath).Should().BeTrue($"{link} should exist");
        }

        links.Select(link => Path.GetFileName(new Uri(link).LocalPath)).Distinct().Should().BeEquivalentTo(["report.html", "result.json", "junit.xml"]);
        await opened.ScreenshotAsync("index.png");
        opened.ShouldHaveMadeNoNetworkRequest();
    }

    [Test]
    public async Task A_run_of_20_sessions_x_1000_messages_opens_quickly_keeps_the_DOM_small_and_draws_rows_as_it_scrolls()
    {
        var run = ReportRuns.Big;
        var size = new FileInfo(run.HtmlPath).Length;
        var clock = Stopwatch.StartNew();
        await using var opened = await OpenAsync(run.HtmlPath);
        var page = opened.Page;
        var ready = clock.Elapsed;
        TestContext.Out.WriteLine($"report.html of {size / 1e6:0.0} MB ({run.Report.Scenarios[0].Trace.Count} trace records, {run.Report.Scenarios[0].Sessions.Sum(session => session.Calls.Count)} calls) ready in {ready.TotalSeconds:0.00} s");

        (await TextAsync(page, "verdict")).Should().Be("FAIL");
        (await TextAsync(page, "stat-sent")).Should().Be("20000");
        (await page.GetByTestId("violation-row").CountAsync()).Should().Be(1);
        (await DomNodesAsync(page)).Should().BeLessThan(20_000);

        // By default the timeline shows the sessions with violations; all of them, windowed, still draws only a screenful.
        (await page.GetByTestId("timeline-session").InputValueAsync()).Should().Be("violated");
        (await page.Locator("svg[data-testid=timeline] .msg").First.GetAttributeAsync("data-session")).Should().Be(BigRun.ViolatedSession.ToString(CultureInfo.InvariantCulture));
        await page.GetByTestId("timeline-session").SelectOptionAsync("all");
        (await TextAsync(page, "timeline-count")).Should().StartWith($"{run.Report.Scenarios[0].Trace.Count + run.Report.Scenarios[0].Deliveries.Count} of ");
        var before = await RowsDrawnAsync(page, "svg[data-testid=timeline] [data-row]", "data-row");
        before.Should().NotBeEmpty();
        before.Count.Should().BeLessThan(200, "only the rows in view (and a few more) are drawn");

        await page.Locator(".timeline-scroll").EvaluateAsync("element => { element.scrollTop = element.scrollHeight / 2; }");
        await page.WaitForFunctionAsync("() => Number(document.querySelector('svg[data-testid=timeline] [data-row]').getAttribute('data-row')) > 1000");
        var after = await RowsDrawnAsync(page, "svg[data-testid=timeline] [data-row]", "data-row");
        after.Min().Should().BeGreaterThan(before.Max(), "scrolling to the middle draws the rows there");
        after.Count.Should().BeLessThan(200);

        var callsBefore = await RowsDrawnAsync(page, "[data-testid=call-row]", "data-sequence");
        await page.Locator(".calls-scroll").EvaluateAsync("element => { element.scrollTop = 24 * 10500; }");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=call-row]').getAttribute('data-session') !== '0'");
        (await page.GetByTestId("call-row").First.GetAttributeAsync("data-session")).Should().Be("10", "call 10,500 of 20,000 is in session 10");
        (await page.GetByTestId("call-row").CountAsync()).Should().BeLessThan(100);
        callsBefore.Should().NotBeEmpty();

        (await DomNodesAsync(page)).Should().BeLessThan(20_000);
        ready.Should().BeLessThan(TimeSpan.FromSeconds(15));
        await opened.ScreenshotAsync("big-report.png");
        opened.ShouldHaveMadeNoNetworkRequest();
    }

    [Test]
    public async Task Explore_html_shows_FAIL_the_coverage_table_by_action_and_kind_and_every_finding_without_any_request()
    {
        var path = await ExploreAndShrinkPages.WriteExploreAsync(ExploreAndShrinkPages.FailingExploration, "explore-page");
        await using var opened = await OpenAsync(path);
        var page = opened.Page;

        (await TextAsync(page, "verdict")).Should().Be("FAIL");
        (await TextAsync(page, "coverage-space")).Should().Be("18");
        (await TextAsync(page, "coverage-explored")).Should().Be("12");
        (await TextAsync(page, "coverage-this-run")).Should().Be("8");
        (await TextAsync(page, "coverage-not-fired")).Should().Be("2");
        (await TextAsync(page, "stopped-by")).Should().Contain("stopped by --budget").And.Contain("--resume");
        (await TextAsync(page, "info-scenario")).Should().Be("tiny " + ExploreAndShrinkPages.Hostile, "markup in the data is shown as text");

        var table = page.GetByTestId("cells-table");
        (await table.Locator("thead th").AllTextContentsAsync()).Should().Equal("Message", "drop", "drop-response", "duplicate", "reorder", "delay", "All actions");
        var application = table.Locator("[data-testid=cells-row][data-message=application]");
        (await application.Locator("[data-testid=cell][data-action=drop]").TextContentAsync()).Should().Be("3 / 31 failing");
        (await application.Locator("[data-testid=cell][data-action=reorder]").TextContentAsync()).Should().Be("0 / 3");
        (await application.Locator("[data-testid=cell][data-action=all]").TextContentAsync()).Should().Be("8 / 122 failing");
        (await table.Locator("[data-testid=cells-row][data-message='response reply'] [data-action=delay]").TextContentAsync()).Should().Be("3 / 31 unjudged");
        (await table.Locator("[data-testid=cells-row][data-message='create-sequence'] [data-action=drop]").TextContentAsync()).Should().Be("1 / 11 failing", "a faulted session is a failure");
        (await table.Locator("td.failing").CountAsync()).Should().Be(5, "the drop and duplicate cells of application messages, the drop of CreateSequence, and their rows' totals");

        var findings = page.GetByTestId("violation");
        (await findings.CountAsync()).Should().Be(2);
        (await findings.Nth(0).GetByTestId("finding-invariants").TextContentAsync()).Should().Be("NoAcknowledgedLoss");
        (await findings.Nth(0).GetByTestId("finding-yaml").TextContentAsync()).Should().StartWith("faults:\n  - name: \"drop application #2 session 0\"");
        (await findings.Nth(1).GetByTestId("finding-invariants").TextContentAsync()).Should().Be("NoDuplicates, Order");
        (await page.GetByTestId("unjudged").GetByTestId("finding-end").TextContentAsync()).Should().Be("timed-out");
        (await page.GetByTestId("faulted").GetByTestId("finding-session-fault").TextContentAsync()).Should().StartWith("session 0: the session could not be opened");
        opened.Dialogs.Should().BeEmpty();

        await opened.ScreenshotAsync("explore.png");
        opened.ShouldHaveMadeNoNetworkRequest();
    }

    [Test]
    public async Task A_shrinks_page_shows_the_faults_before_and_after_side_by_side_and_the_shrunk_yaml_without_any_request()
    {
        var path = await ExploreAndShrinkPages.WriteShrinkAsync();
        await using var opened = await OpenAsync(path);
        var page = opened.Page;

        (await TextAsync(page, "before-count")).Should().Be("4");
        (await TextAsync(page, "after-count")).Should().Be("1");
        var before = page.GetByTestId("before-faults");
        var after = page.GetByTestId("after-faults");
        (await before.GetByTestId("fault-row").CountAsync()).Should().Be(4);
        (await after.GetByTestId("fault-row").CountAsync()).Should().Be(1);
        (await after.Locator("tbody td").AllTextContentsAsync()).Should().Equal("request", "0", "application", "10", "1", "1", "drop");
        (await before.Locator("tr[data-kept=true] td").Nth(3).TextContentAsync()).Should().Be("10", "the kept fault is marked in the list before");
        var beforeBox = (await before.BoundingBoxAsync())!;
        var afterBox = (await after.BoundingBoxAsync())!;
        afterBox.X.Should().BeGreaterThan(beforeBox.X + beforeBox.Width - 1, "the lists stand side by side");
        afterBox.Y.Should().BeApproximately(beforeBox.Y, 2);

        (await TextAsync(page, "info-runs")).Should().Be("9 (0 of them weakening faults)");
        (await TextAsync(page, "info-time")).Should().Be("12.3 s");
        (await TextAsync(page, "info-invariant")).Should().Be("NoAcknowledgedLoss");
        (await TextAsync(page, "violation")).Should().EndWith("never delivered " + ExploreAndShrinkPages.Hostile);
        (await TextAsync(page, "shrunk-yaml")).Should().Be(ExploreAndShrinkPages.ShrinkResult.ScenarioYaml);
        opened.Dialogs.Should().BeEmpty();

        await opened.ScreenshotAsync("shrink.png");
        opened.ShouldHaveMadeNoNetworkRequest();
    }

    private static Task<string?> TextAsync(IPage page, string testId) => page.GetByTestId(testId).First.TextContentAsync();

    private static string Number(JsonElement statistics, string name) => statistics.GetProperty(name).GetInt64().ToString(CultureInfo.InvariantCulture);

    private static Task<int> DomNodesAsync(IPage page) => page.EvaluateAsync<int>("() => document.getElementsByTagName('*').length");

    private static async Task<List<int>> RowsDrawnAsync(IPage page, string selector, string attribute) =>
        [.. (await page.Locator(selector).EvaluateAllAsync<string[]>($"nodes => nodes.map(node => node.getAttribute('{attribute}'))"))
            .Select(value => int.Parse(value, CultureInfo.InvariantCulture))];

    private async Task<OpenedPage> OpenAsync(string path, string readySelector = "body[data-ready=true]")
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var opened = new OpenedPage(context, await context.NewPageAsync());
        await opened.StartAsync();
        await opened.Page.GotoAsync(new Uri(path).AbsoluteUri, new PageGotoOptions { Timeout = ReadyTimeoutMs });
        await opened.Page.WaitForSelectorAsync(readySelector, new PageWaitForSelectorOptions { Timeout = ReadyTimeoutMs, State = WaitForSelectorState.Attached });
        opened.PageErrors.Should().BeEmpty("the page's script should run without errors");
        return opened;
    }

    /// <summary>A page with everything it asked of the network recorded, and whatever it logged as an error.</summary>
    private sealed class OpenedPage(IBrowserContext context, IPage page) : IAsyncDisposable
    {
        public IPage Page { get; } = page;

        public List<string> Requests { get; } = [];

        public List<string> Blocked { get; } = [];

        public List<string> PageErrors { get; } = [];

        public List<string> Dialogs { get; } = [];

        public async Task StartAsync()
        {
            Page.Request += (_, request) => Requests.Add(request.Url);
            Page.PageError += (_, error) => PageErrors.Add(error);
            Page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    PageErrors.Add(message.Text);
                }
            };
            Page.Dialog += async (_, dialog) =>
            {
                Dialogs.Add(dialog.Message);
                await dialog.DismissAsync();
            };
            await context.RouteAsync("**/*", async route =>
            {
                if (IsLocal(route.Request.Url))
                {
                    await route.ContinueAsync();
                }
                else
                {
                    Blocked.Add(route.Request.Url);
                    await route.AbortAsync();
                }
            });
        }

        public void ShouldHaveMadeNoNetworkRequest()
        {
            Blocked.Should().BeEmpty("a report never reaches the network");
            Requests.Should().NotBeEmpty().And.OnlyContain(url => IsLocal(url), "the page loads itself from disk and nothing else");
            PageErrors.Should().BeEmpty();
        }

        /// <summary>The whole page, and its timeline alone (<c>NAME-timeline.png</c>) when it has one, attached to the test.</summary>
        public async Task ScreenshotAsync(string fileName)
        {
            var path = ReportRuns.ArtifactPath(fileName);
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
            TestContext.AddTestAttachment(path);
            var timeline = Page.Locator("section#timeline");
            if (await timeline.CountAsync() > 0)
            {
                var timelinePath = Path.ChangeExtension(path, null) + "-timeline.png";
                await timeline.ScreenshotAsync(new LocatorScreenshotOptions { Path = timelinePath });
                TestContext.AddTestAttachment(timelinePath);
            }
        }

        public async ValueTask DisposeAsync() => await context.CloseAsync();

        private static bool IsLocal(string url) =>
            url.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            || url.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
            || url.StartsWith("about:", StringComparison.OrdinalIgnoreCase);
    }
}
