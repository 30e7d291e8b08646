using System.Text.Json;
using System.Text.RegularExpressions;
using Harness.Reports.Tests.Support;
using Harness.Runner.Reports;

namespace Harness.Reports.Tests;

/// <summary>The HTML as text: self-contained, with the run's document embedded intact whatever it holds.</summary>
public sealed partial class HtmlReportTests
{
    private const string Hostile = "</script><script>alert(1)</script><!-- <b>&amp;";

    [Test]
    public void Report_html_is_self_contained_no_external_url_font_or_request_api()
    {
        var html = File.ReadAllText(ReportRuns.Failing.HtmlPath);

        ExternalReference().Matches(html).Select(match => match.Value).Should().BeEmpty();
        html.Should().NotContain("@import").And.NotContain("url(").And.NotContain("@font-face");
        html.Should().NotContain("fetch(").And.NotContain("XMLHttpRequest").And.NotContain("WebSocket").And.NotContain("EventSource").And.NotContain("sendBeacon");
        html.Should().Contain("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';");
        html.Should().NotContain(".innerHTML").And.NotContain("insertAdjacentHTML").And.NotContain("document.write");
    }

    [Test]
    public void The_embedded_document_cannot_end_its_script_element_and_reads_back_unchanged()
    {
        var original = ReportRuns.Failing.Report;
        var scenario = original.Scenarios[0] with { Name = Hostile, Description = Hostile, Outcome = Hostile, Error = Hostile };
        var report = original with { RunId = "run " + Hostile, Command = "harness run '" + Hostile + "'", Scenarios = [scenario] };

        var html = HtmlReport.Render(report);

        Regex.Matches(html, "</script", RegexOptions.IgnoreCase).Should().HaveCount(2, "only the two script elements end");
        Regex.Matches(html, "<script", RegexOptions.IgnoreCase).Should().HaveCount(2);
        html.Should().NotContain("<!-- <b>");
        var embedded = Regex.Match(html, "<script type=\"application/json\" id=\"result\">(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;
        var read = JsonSerializer.Deserialize<RunReport>(embedded, ResultJson.Options)!;
        read.RunId.Should().Be(report.RunId);
        read.Command.Should().Be(report.Command);
        read.Scenarios[0].Name.Should().Be(Hostile);
        read.Scenarios[0].Error.Should().Be(Hostile);
        html.Should().Contain("<title>FAIL run &lt;/script&gt;");
    }

    [Test]
    public void The_index_encodes_what_it_shows_and_links_each_run_folder()
    {
        var report = ReportRuns.Failing.Report with { RunId = "20260101-000000-a&b" };
        var scenario = report.Scenarios[0] with { Name = Hostile };

        var html = ReportIndex.Render([report with { Scenarios = [scenario] }, ReportRuns.Passing.Report]);

        html.Should().NotContain("<script").And.NotContain("<!-- <b>");
        html.Should().Contain("href=\"20260101-000000-a%26b/report.html\"").And.Contain("href=\"20260101-000000-a%26b/result.json\"").And.Contain("href=\"20260101-000000-a%26b/junit.xml\"");
        html.Should().Contain("unmet: &lt;/script&gt;&lt;script&gt;alert(1)");
        html.IndexOf("a&amp;b", StringComparison.Ordinal).Should().BeLessThan(html.IndexOf(ReportRuns.Passing.RunId, StringComparison.Ordinal), "the order given is kept");
        ExternalReference().Matches(html).Should().BeEmpty();
    }

    [Test]
    public void The_index_of_no_run_says_so()
    {
        var html = ReportIndex.Render([]);

        html.Should().Contain("No runs yet").And.NotContain("data-testid=\"run-row\"");
    }

    // src=, href= or action= naming a scheme (http:, https:, file:) or another host (//host): anything but a relative path or data:.
    [GeneratedRegex("""(?:src|href|action)\s*=\s*["']?\s*(?!data:)(?:[a-z][a-z0-9+.-]*:|//)""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
