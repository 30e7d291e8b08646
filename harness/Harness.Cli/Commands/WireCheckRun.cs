using System.Globalization;
using Harness.Proxy.Faults;
using Harness.Proxy.Tracing;
using Harness.Proxy.WireCheck;
using Harness.Reliability.Settings;
using Harness.Runner.Reports;
using Harness.Runner.Running;
using Harness.Runner.Scenarios;

namespace Harness.Cli.Commands;

/// <summary>
/// The end of <c>harness proxy --check</c>: prints the verdict per sequence, writes the run's report folder as
/// <c>harness run</c> does, and gives the exit code (0 PASS, 1 FAIL).
/// </summary>
internal sealed class WireCheckRun(string scenarioFile, Uri target, long seed, FaultPlan plan, DateTimeOffset startedAt, string command)
{
    public async Task<int> ReportAsync(WireCheckVerdict verdict, ProxyTrace trace, string reportDirectory, TextWriter output)
    {
        foreach (var sequence in verdict.Sequences)
        {
            await output.WriteLineAsync("  " + WireCheckResult.Describe(sequence)).ConfigureAwait(false);
            foreach (var problem in sequence.Problems)
            {
                await output.WriteLineAsync($"     [{problem.Finding}] {problem.Message}").ConfigureAwait(false);
            }
        }

        var scenario = Scenario(verdict);
        var result = WireCheckResult.Build(scenario, seed, verdict, trace, startedAt, DateTimeOffset.UtcNow - startedAt);
        var runId = RunReportBuilder.NewRunId(startedAt, [scenario]);
        var folder = Path.Combine(reportDirectory, runId);
        var report = RunReportBuilder.Build(
            new RunInfo(runId, command, new RunOptionsReport(seed, target.ToString(), 1, null, null), startedAt),
            [ScenarioReportBuilder.Build(result)],
            interrupted: false,
            DateTimeOffset.UtcNow);
        await RunFolder.WriteAsync(folder, report, CancellationToken.None).ConfigureAwait(false);
        await RunFolder.WriteIndexAsync(reportDirectory, CancellationToken.None).ConfigureAwait(false);

        var problems = verdict.Sequences.Sum(sequence => sequence.Problems.Count);
        await output.WriteLineAsync(verdict.Sequences.Count == 0
            ? "wire check: no reliable session passed through the proxy; nothing to judge"
            : string.Create(CultureInfo.InvariantCulture, $"wire check {(verdict.Passed ? "PASS" : "FAIL")}: {verdict.Sequences.Count} sequence(s), {problems} problem(s)")).ConfigureAwait(false);
        await output.WriteLineAsync($"report: {Path.GetFullPath(Path.Combine(folder, RunFolder.HtmlFileName))}").ConfigureAwait(false);
        return verdict.Passed && verdict.Sequences.Count > 0 ? ExitCodes.Success : ExitCodes.GuaranteeBroken;
    }

    /// <summary>The report's scenario: the proxy's plan, with the sessions and messages the wire showed.</summary>
    private Scenario Scenario(WireCheckVerdict verdict)
    {
        var stem = new string([.. Path.GetFileNameWithoutExtension(scenarioFile).ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
        return new Scenario(
            "proxy-check-" + (stem.Length == 0 ? "plan" : stem),
            $"harness proxy --check in front of {target}: what the wire shows of every reliable session that passed through the proxy",
            seed,
            ReliableSessionSettings.Default,
            new Workload(
                Math.Max(1, verdict.Sequences.Count),
                (int)Math.Clamp(verdict.Sequences.Select(sequence => sequence.Sent.Count).DefaultIfEmpty(1).Max(), 1, int.MaxValue),
                verdict.Sequences.Any(sequence => sequence.RequestReply.Count > 0) ? WorkloadOperation.RequestReply : WorkloadOperation.OneWay,
                PayloadSize: 1,
                Concurrency: 1),
            plan,
            Expectation.Holds,
            DateTimeOffset.UtcNow - startedAt,
            scenarioFile);
    }
}
