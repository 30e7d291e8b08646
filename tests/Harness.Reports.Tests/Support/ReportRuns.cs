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

    /// <summary>
    /// A reliable session repairs a dropped message 3 with one retransmission; with the harness's client, whose short
    /// retransmission timers (which WCF has no knob for) keep the report tests fast.
    /// </summary>
    public const string PassingYaml = """
        name: drop-third-message
        description: Dropping message 3 once is repaired by one retransmission.
        seed: 42
        client: harness
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
    private static WrittenRun? _both;
    private static WrittenRun? _error;
    private static WrittenRun? _empty;
    private static WrittenRun? _skipped;
    private static WrittenRun? _wireCheck;

    /// <summary>Where this test run writes its reports and screenshots.</summary>
    public static string Root { get; private set; } = "";

    /// <summary>The report directory holding <see cref="Failing"/> and <see cref="Passing"/> (and their index.html).</summary>
    public static string ReportDirectory => Path.Combine(Root, "reports");

    /// <summary>The report directory holding <see cref="Big"/> alone.</summary>
    public static string BigReportDirectory => Path.Combine(Root, "big-reports");

    public static WrittenRun Failing => _failing ?? throw new InvalidOperationException("runs not made yet");

    public static WrittenRun Passing => _passing ?? throw new InvalidOperationException("runs not made yet");

    public static WrittenRun Big => _big ?? throw new InvalidOperationException("runs not made yet");

    /// <summary>One run of both scenarios, the passing one first, in a report directory of its own.</summary>
    public static WrittenRun Both => _both ?? throw new InvalidOperationException("runs not made yet");

    /// <summary>A run whose only scenario could not run at all: no session, no trace, an error.</summary>
    public static WrittenRun Error => _error ?? throw new InvalidOperationException("runs not made yet");

    /// <summary>A run interrupted before its first scenario finished: no scenario at all.</summary>
    public static WrittenRun Empty => _empty ?? throw new InvalidOperationException("runs not made yet");

    /// <summary>A run against an external target: the passing scenario, and a copy the target could not serve (skipped), selected by the hash.</summary>
    public static WrittenRun Skipped => _skipped ?? throw new InvalidOperationException("runs not made yet");

    /// <summary>A <c>harness proxy --check</c> run that failed: one sequence, message 2 acknowledged before it arrived.</summary>
    public static WrittenRun WireCheck => _wireCheck ?? throw new InvalidOperationException("runs not made yet");

    public const string SkipReason = "the target does not speak WS-RM 1.1 with SOAP 1.2 + WS-Addressing 1.0: ActionNotSupported";

    public static string ArtifactPath(string fileName) => Path.Combine(Root, fileName);

    /// <summary>Makes the runs, once, before any test of the assembly (see <see cref="ReportRunsSetUp"/>).</summary>
    public static async Task MakeAsync()
    {
        // One folder per test run; the previous runs' (some 50 MB each) are removed.
        var parent = Path.Combine(TestContext.CurrentContext.WorkDirectory, "report-tests");
        if (Directory.Exists(parent))
        {
            foreach (var old in Directory.GetDirectories(parent))
            {
                try
                {
                    Directory.Delete(old, recursive: true);
                }
                catch (IOException)
                {
                    // Still open somewhere: left for next time.
                }
            }
        }

        Root = Path.Combine(parent, DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff", System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Root);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // The failing run starts first, so the index (newest first) lists the passing one above it.
        _failing = await RunAsync(FailingYaml, "failing.yaml", timeout.Token);
        _passing = await RunAsync(PassingYaml, "passing.yaml", timeout.Token, client: "harness");

        var both = RunReportBuilder.Build(
            new RunInfo("20260101-000000-2-scenarios", "harness run passing.yaml failing.yaml", new RunOptionsReport(null, null, 2, null, null), _passing.Report.StartedAt),
            [_passing.Report.Scenarios[0], _failing.Report.Scenarios[0]],
            interrupted: false,
            DateTimeOffset.UtcNow);
        var bothFolder = Path.Combine(Root, "both-reports", both.RunId);
        await RunFolder.WriteAsync(bothFolder, both, timeout.Token);
        _both = new WrittenRun(bothFolder, both);

        var failed = _failing.Report.Scenarios[0] with
        {
            End = "error",
            Error = "the target http://127.0.0.1:9/<journal> refused the connection",
            Outcome = "error: the scenario could not be run",
            Sessions = [],
            Trace = [],
            Deliveries = [],
            LatencyHistogram = [],
            Decisions = [],
        };
        _error = await WriteAsync("edge-reports", RunReportBuilder.Build(
            new RunInfo("20260101-000000-error", "harness run failing.yaml --target http://127.0.0.1:9/", new RunOptionsReport(null, "http://127.0.0.1:9/", 1, null, null), _failing.Report.StartedAt),
            [failed],
            interrupted: false,
            DateTimeOffset.UtcNow), timeout.Token);
        _empty = await WriteAsync("edge-reports", RunReportBuilder.Build(
            new RunInfo("20260101-000001-0-scenarios", "harness run scenarios/", new RunOptionsReport(null, null, 1, null, null), DateTimeOffset.UtcNow),
            [],
            interrupted: true,
            DateTimeOffset.UtcNow), timeout.Token);

        var skipped = _passing.Report.Scenarios[0] with
        {
            Name = "rm11-scenario",
            End = "skipped",
            SkipReason = SkipReason,
            ExpectationMet = false,
            Outcome = "skipped: " + SkipReason,
            Target = "http://127.0.0.1:9/journal",
            Sessions = [],
            Trace = [],
            Deliveries = [],
            LatencyHistogram = [],
            Decisions = [],
        };
        _skipped = await WriteAsync("edge-reports", RunReportBuilder.Build(
            new RunInfo("20260101-000002-skipped", "harness run passing.yaml rm11.yaml --target http://127.0.0.1:9/journal", new RunOptionsReport(null, "http://127.0.0.1:9/journal", 1, null, null), _passing.Report.StartedAt),
            [_passing.Report.Scenarios[0] with { Notes = ["session 0: the client left sequence urn:uuid:x open on the target; the harness ended it (LastMessage and TerminateSequence)"] }, skipped],
            interrupted: false,
            DateTimeOffset.UtcNow), timeout.Token);

        _wireCheck = await WriteAsync("edge-reports", await WireCheckRun.BuildAsync(_passing.Report.StartedAt), timeout.Token);

        var big = BigRun.Build("20260101-000000-big-run", sessions: 20, messages: 1000);
        var folder = Path.Combine(BigReportDirectory, big.RunId);
        await RunFolder.WriteAsync(folder, big, timeout.Token);
        _big = new WrittenRun(folder, big);
    }

    private static async Task<WrittenRun> WriteAsync(string reportDirectory, RunReport report, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Root, reportDirectory, report.RunId);
        await RunFolder.WriteAsync(folder, report, cancellationToken);
        return new WrittenRun(folder, report);
    }

    /// <param name="client">As <c>--client</c> gives it, so that result.json's <c>options.client</c> is written too.</param>
    private static async Task<WrittenRun> RunAsync(string yaml, string file, CancellationToken cancellationToken, string? client = null)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var scenario = ScenarioLoader.Parse(yaml, file);
        var result = await ScenarioRunner.RunAsync(scenario, new RunOptions(), cancellationToken);
        var runId = RunReportBuilder.NewRunId(startedAt, [scenario]);
        var report = RunReportBuilder.Build(
            new RunInfo(runId, $"harness run {file} --seed {result.Seed}{(client is null ? "" : $" --client {client}")}", new RunOptionsReport(null, null, 1, null, null, client), startedAt),
            [ScenarioReportBuilder.Build(result)],
            interrupted: false,
            DateTimeOffset.UtcNow);
        var folder = Path.Combine(ReportDirectory, runId);
        await RunFolder.WriteAsync(folder, report, cancellationToken);
        return new WrittenRun(folder, report);
    }
}
