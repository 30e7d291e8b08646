using System.Net;
using System.Text.RegularExpressions;
using Harness.Proxy.Faults.Actions;
using Harness.Reports.Tests.Support;
using Harness.Runner.Exploring;
using Harness.Runner.Reports;
using Harness.Runner.Scenarios;
using Harness.Runner.Shrinking;

namespace Harness.Reports.Tests;

/// <summary>explore.html and a shrink's page as text: written beside their JSON, holding its data, encoded, self-contained.</summary>
public sealed partial class ExploreAndShrinkPageTests
{
    private static readonly string HostileEncoded = WebUtility.HtmlEncode(ExploreAndShrinkPages.Hostile);

    [Test]
    public async Task Explore_html_is_written_in_the_explorations_folder_and_says_FAIL_with_its_coverage_cells_and_findings()
    {
        var path = await ExploreAndShrinkPages.WriteExploreAsync(ExploreAndShrinkPages.FailingExploration, "explore-text");
        var html = await File.ReadAllTextAsync(path);

        Path.GetFileName(path).Should().Be("explore.html");
        Directory.GetFiles(Path.GetDirectoryName(path)!).Should().ContainSingle("the page is written whole, no temporary file is left");
        html.Should().Contain("<title>FAIL explore tiny ");
        html.Should().Contain("data-testid=\"verdict\">FAIL<").And.Contain("2 placement(s) broke a guarantee, 1 faulted a session.").And.Contain("12 of 18 placement(s) explored; stopped by --budget.");
        html.Should().Contain("data-testid=\"coverage-space\">18<").And.Contain("data-testid=\"coverage-explored\">12<")
            .And.Contain("data-testid=\"coverage-this-run\">8<").And.Contain("data-testid=\"coverage-not-fired\">2<");
        html.Should().Contain("data-action=\"drop\" data-space=\"3\" data-explored=\"3\" data-failed=\"1\"")
            .And.Contain("data-action=\"reorder\" data-space=\"3\" data-explored=\"0\" data-failed=\"0\"")
            .And.Contain("data-action=\"all\" data-space=\"12\" data-explored=\"8\" data-failed=\"2\"", "the application row sums its four actions");
        html.Should().Contain("data-message=\"response reply\"").And.Contain("data-key=\"drop:request:application:0:2\"")
            .And.Contain("NoDuplicates, Order").And.Contain("match: {direction: request, session: 0, kind: application, messages: 2, attempt: 1}")
            .And.Contain("data-key=\"delay:response:reply:0:3\"").And.Contain("timed-out");
        html.Should().Contain("data-testid=\"coverage-faulted\">1<").And.Contain("data-key=\"drop:request:create-sequence:0:0\"")
            .And.Contain("data-testid=\"finding-session-fault\">session 0: the session could not be opened ")
            .And.Contain("data-message=\"create-sequence\"").And.Contain("data-action=\"drop\" data-space=\"1\" data-explored=\"1\" data-failed=\"1\"", "a faulted session counts as a failure in its cell");
        html.Should().Contain("client</th><td class=\"mono\" data-testid=\"info-client\">harness<")
            .And.Contain("1 session(s) x 3 message(s), request-reply, concurrency 3");
    }

    [Test]
    public void Explore_html_encodes_every_text_and_runs_no_script()
    {
        var html = ExplorePage.Render(ExploreAndShrinkPages.FailingExploration);

        Regex.Matches(html, "<script", RegexOptions.IgnoreCase).Should().BeEmpty();
        html.Should().NotContain("<!-- <b>").And.NotContain(ExploreAndShrinkPages.Hostile);
        Regex.Matches(html, Regex.Escape(HostileEncoded)).Count.Should().BeGreaterThanOrEqualTo(5, "scenario, settings, command, first violation and error all hold it");
        html.Should().Contain("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';").And.NotContain("script-src");
        ExternalReference().Matches(html).Should().BeEmpty();
    }

    [Test]
    public void A_whole_space_without_findings_is_PASS_and_an_older_explore_json_without_cells_says_there_is_no_breakdown()
    {
        var passing = ExplorePage.Render(ExploreAndShrinkPages.PassingExploration);
        var older = ExplorePage.Render(ExploreAndShrinkPages.PassingExploration with { Cells = [] });

        passing.Should().Contain("data-testid=\"verdict\">PASS<").And.Contain("18 of 18 placement(s) explored: the whole space.")
            .And.Contain("data-testid=\"violation-none\"").And.Contain("data-testid=\"faulted-none\"").And.Contain("data-testid=\"unjudged-none\"").And.NotContain("data-testid=\"stopped-by\"");
        older.Should().Contain("data-testid=\"cells-missing\"").And.NotContain("data-testid=\"cells-table\"");
    }

    [Test]
    public void An_interrupted_exploration_that_found_nothing_says_how_far_it_got_and_how_to_continue()
    {
        var interrupted = ExploreAndShrinkPages.PassingExploration with
        {
            Coverage = new ExploreCoverage(Space: 18, Explored: 5, ThisRun: 5, NotFired: 0),
            StoppedBy = ExploreStop.Interrupted,
        };

        var html = ExplorePage.Render(interrupted);

        html.Should().Contain("data-testid=\"verdict\">PASS<").And.Contain("5 of 18 placement(s) explored; interrupted.");
        html.Should().Contain("data-testid=\"stopped-by\"><span class=\"badge warn\">interrupted</span>").And.Contain("<code>--resume</code>");
        html.Should().Contain("<div class=\"stat bad\"><div class=\"value\" data-testid=\"coverage-explored\">5<", "a space not covered is marked");
    }

    [Test]
    public async Task The_shrink_page_is_written_beside_the_shrunk_scenario_with_both_fault_lists_the_violation_and_the_yaml()
    {
        var path = await ExploreAndShrinkPages.WriteShrinkAsync();
        var html = await File.ReadAllTextAsync(path);
        var result = ExploreAndShrinkPages.ShrinkResult;

        Path.GetFileName(path).Should().Be("unreliable-drop-every-fifth-shrunk.html");
        html.Should().Contain("<title>FAIL shrink unreliable-drop-every-fifth: 4 to 1 fault(s)");
        html.Should().Contain("1 of 4 fault(s) still break NoAcknowledgedLoss.").And.Contain("9 run(s), 12.3 s; no single fault more can be removed.");
        Regex.Matches(html, "data-testid=\"fault-row\"").Should().HaveCount(5, "four before, one after");
        Regex.Matches(html, "data-kept=\"true\"").Should().HaveCount(1);
        html.Should().Contain("<td class=\"num\">10</td>").And.Contain("data-testid=\"info-budget-spent\">no<").And.Contain("data-testid=\"info-seed\">7<");
        html.Should().Contain(WebUtility.HtmlEncode(result.ScenarioYaml)).And.Contain("href=\"unreliable-drop-every-fifth-shrunk.json\"");
        html.Should().Contain("call 10 was acknowledged but never delivered " + HostileEncoded).And.NotContain(ExploreAndShrinkPages.Hostile);
        Regex.Matches(html, "<script", RegexOptions.IgnoreCase).Should().BeEmpty("the violation holds a script tag, shown as text");
        ExternalReference().Matches(html).Should().BeEmpty();
    }

    [Test]
    public void A_weakened_fault_shows_its_milder_action_and_the_one_it_came_from_and_another_client_is_named()
    {
        var kept = ExploreAndShrinkPages.ShrinkResult.After[0];
        var result = ExploreAndShrinkPages.ShrinkResult with
        {
            AfterFaults = [new ShrunkFault(kept, new DelayAction(new FixedDelay(TimeSpan.FromMilliseconds(400))), new DelayAction(new FixedDelay(TimeSpan.FromMilliseconds(100))))],
            Client = ClientKind.Harness,
            WeakeningRuns = 3,
        };

        var html = ShrinkPage.Render(ExploreAndShrinkPages.ShrinkRequest, result, "x-shrunk.yaml");

        html.Should().Contain("data-testid=\"weakened\">delay 100 ms<div class=\"sub\">weakened from delay 400 ms</div>");
        html.Should().Contain("data-testid=\"info-shrink-client\">harness client (--client)<").And.Contain("data-testid=\"info-runs\">9 (3 of them weakening faults)<");
        ShrinkPage.Render(ExploreAndShrinkPages.ShrinkRequest, ExploreAndShrinkPages.ShrinkResult with { Client = ClientKind.Wcf }, "x-shrunk.yaml")
            .Should().NotContain("data-testid=\"weakened\"").And.NotContain("info-shrink-client", "the run's own client, nothing weakened");
    }

    [Test]
    public void A_shrink_whose_budget_ran_out_says_a_smaller_set_may_exist()
    {
        var result = ExploreAndShrinkPages.ShrinkResult with { BudgetSpent = true };

        var html = ShrinkPage.Render(ExploreAndShrinkPages.ShrinkRequest, result, "x-shrunk.yaml");

        html.Should().Contain("the budget was spent, so fewer faults may still break it").And.Contain("data-testid=\"info-budget-spent\">yes: a smaller set may exist<");
    }

    [Test]
    public async Task The_index_links_the_shrink_pages_of_a_run_folder_and_every_explorations_page()
    {
        var reports = Directory.CreateDirectory(Path.Combine(ReportRuns.Root, "index-with-pages")).FullName;
        var run = ReportRuns.Passing.Report;
        await RunFolder.WriteAsync(Path.Combine(reports, run.RunId), run, CancellationToken.None);
        var shrunk = Path.Combine(reports, run.RunId, "drop-third-message-shrunk.yaml");
        await File.WriteAllTextAsync(shrunk, ExploreAndShrinkPages.ShrinkResult.ScenarioYaml);
        await ShrinkPage.WriteAsync(ExploreAndShrinkPages.ShrinkRequest, ExploreAndShrinkPages.ShrinkResult, shrunk, CancellationToken.None);
        foreach (var name in new[] { "explore-20261201-100000", "explore-20261203-100000" })
        {
            var folder = Directory.CreateDirectory(Path.Combine(reports, name)).FullName;
            await ExploreJson.WriteAsync(ExploreAndShrinkPages.PassingExploration, Path.Combine(folder, ExploreReport.FileName), CancellationToken.None);
            await ExplorePage.WriteAsync(ExploreAndShrinkPages.PassingExploration, folder, CancellationToken.None);
        }

        var index = await File.ReadAllTextAsync(await RunFolder.WriteIndexAsync(reports, CancellationToken.None));

        index.Should().Contain($"data-testid=\"shrink-link\" href=\"{run.RunId}/drop-third-message-shrunk.html\">drop-third-message-shrunk.html</a>");
        index.Should().Contain("data-testid=\"explorations-table\"");
        index.IndexOf("href=\"explore-20261203-100000/explore.html\"", StringComparison.Ordinal).Should().BePositive()
            .And.BeLessThan(index.IndexOf("href=\"explore-20261201-100000/explore.html\"", StringComparison.Ordinal), "the newest exploration comes first");
        foreach (var link in Regex.Matches(index, "<a [^>]*href=\"([^\"]+)\"").Select(match => match.Groups[1].Value))
        {
            File.Exists(Path.Combine(reports, Uri.UnescapeDataString(link))).Should().BeTrue($"{link} should exist");
        }
    }

    [Test]
    public void The_index_of_runs_alone_has_no_explorations_section()
    {
        var html = ReportIndex.Render([ReportRuns.Passing.Report]);

        html.Should().NotContain("explorations-table").And.NotContain("shrink-link");
    }

    // As HtmlReportTests: src=, href= or action= naming a scheme or another host.
    [GeneratedRegex("""(?:src|href|action)\s*=\s*["']?\s*(?!data:)(?:[a-z][a-z0-9+.-]*:|//)""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
