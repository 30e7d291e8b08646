using Harness.Runner.Reports;
using Harness.Runner.Running;
using Harness.Runner.Scenarios;

namespace Harness.Reports.Tests.Support;

/// <summary>A run folder written by <see cref="RunFolder.WriteAsync"/>, and the report it holds.</summary>
public sealed record WrittenRun(string Folder, RunReport Report)
{
    public string RunId => Report.RunId;

    public string ResultJsonPath => Path.Combine(Folder, ResultJson.FileName);

    public string HtmlPath => Path.Combine(Folder, RunFolder.HtmlFileName);

    public string JUnitPath => Path.Combine(Folder, JUnitReport.FileName);
}

/// <summary>
/// The runs every report test looks at, made once per test run: two real scenario runs (one whose expectation is
/// unmet, with violations; one that repairs a dropped message) written side by side in one report directory, and a
/// synthetic run of 20 sessions x 1000 messages in another.
/// </summary>
public static class ReportRuns
{
    /// <summary>Without reliable sessions every fifth message is simply lost, but the scenario expects the guarantees to hold.</summary>
    public const string FailingYaml = """
        name: unreliable-drop-every-fifth
        description: Plain SOAP loses every fifth message for good; <script>alert("not encoded")</script> & friends.
        seed: 7
        settings: {reliable-session: false}
        workload: {sessions: 1, messages: 20, operation: one-way, concurrency: 1}
        faults:
          - name: drop every 5th </script>
            match: {kind: application, messages: {every: 5}}
            action: drop
        expect: holds
        time-limit: 30s
        """;

    /// <summary>A reliable session repairs a dropped message 3 with one retransmission.</summary>
    public const string PassingYaml = """
        name: drop-third-message
        description: Dropping message 3 once is repaired by one retransmission.
        seed: 42
        settings: {initial-retransmission-timeout: 100ms, min-retransmission-timeout: 50ms}
        workload: {sessions: 1, messages: 10, operation: one-way, concurrency: 4}
        faults:
          - name: drop message 3 once
            match: {kind: application, messages: 3, attempt: first}
            action: drop
        expect: holds
        time-limit: 30s
        """;

    private static WrittenRun? _failing;
    private static WrittenRun? _passing;
    private static WrittenRun? _big;

    /// <summary>Where this test run writes its reports and screenshots.</summary>
    public static string Root { get; private set; } = "";

    /// <summary>The report directory holding <see cref="Failing"/> and <see cref="Passing"/> (and their index.html).</summary>
    public static string ReportDirectory => Path.Combine(Root, "reports");

    /// <summary>The report directory holding <see cref="Big"/> alone.</summary>
    public static string BigReportDirectory => Path.Combine(Root, "big-reports");

    public static WrittenRun Failing => _failing ?? throw new InvalidOperationException("runs not made yet");

    public static WrittenRun Passing => _passing ?? throw new InvalidOperationException("runs not made yet");

    public static WrittenRun Big => _big ?? throw new InvalidOperationException("runs not made yet");

    public static string ArtifactPath(string fileName) => Path.Combine(Root, fileName);

    /// <summary>Makes the runs, once, before any test of the assembly (see <see cref="ReportRunsSetUp"/>).</summary>
    public static async Task MakeAsync()
    {
        Root = Path.Combine(TestContext.CurrentContext.WorkDirectory, "report-tests", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff", System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Root);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // The failing run starts first, so the index (newest first) lists the passing one above it.
        _failing = await RunAsync(FailingYaml, "failing.yaml", timeout.Token);
        _passing = await RunAsync(PassingYaml, "passing.yaml", timeout.Token);

        var big = BigRun.Build("20260101-000000-big-run", sessions: 20, messages: 1000);
        var folder = Path.Combine(BigReportDirectory, big.RunId);
        await RunFolder.WriteAsync(folder, big, timeout.Token);
        _big = new WrittenRun(folder, big);
    }

    private static async Task<WrittenRun> RunAsync(string yaml, string file, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var scenario = ScenarioLoader.Parse(yaml, file);
        var result = await ScenarioRunner.RunAsync(scenario, new RunOptions(), cancellationToken);
        var runId = RunReportBuilder.NewRunId(startedAt, [scenario]);
        var report = RunReportBuilder.Build(
            new RunInfo(runId, $"harness run {file} --seed {result.Seed}", new RunOptionsReport(null, null, 1, null, null), startedAt),
            [ScenarioReportBuilder.Build(result)],
            interrupted: false,
            DateTimeOffset.UtcNow);
        var folder = Path.Combine(ReportDirectory, runId);
        await RunFolder.WriteAsync(folder, report, cancellationToken);
        return new WrittenRun(folder, report);
    }
}
