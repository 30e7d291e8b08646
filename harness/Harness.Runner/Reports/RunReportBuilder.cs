using System.Reflection;
using System.Runtime.InteropServices;
using Harness.Runner.Running;

namespace Harness.Runner.Reports;

/// <summary>What a run knows about itself beyond its scenarios' results.</summary>
/// <param name="RunId">The run folder's name.</param>
/// <param name="Command">The command line that reproduces the run.</param>
/// <param name="Options">The options it ran with.</param>
/// <param name="StartedAt">When it started.</param>
public sealed record RunInfo(string RunId, string Command, RunOptionsReport Options, DateTimeOffset StartedAt);

/// <summary>Builds result.json's document from a run's results.</summary>
public static class RunReportBuilder
{
    public static string HarnessVersion { get; } =
        typeof(RunReportBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(RunReportBuilder).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    public static RunReport Build(RunInfo run, IReadOnlyList<ScenarioReport> scenarios, bool interrupted, DateTimeOffset finishedAt)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(scenarios);
        var errors = scenarios.Count(scenario => scenario.End == "error");
        var skipped = scenarios.Count(IsSkipped);
        var met = scenarios.Count(scenario => scenario.ExpectationMet);
        var unmet = scenarios.Count - met - errors - skipped;
        return new RunReport
        {
            RunId = run.RunId,
            HarnessVersion = HarnessVersion,
            StartedAt = run.StartedAt,
            FinishedAt = finishedAt,
            DurationMs = Math.Round((finishedAt - run.StartedAt).TotalMilliseconds, 1),
            Command = run.Command,
            Environment = new EnvironmentReport(RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, Environment.ProcessorCount, Environment.MachineName),
            Options = run.Options,
            Interrupted = interrupted,
            Summary = new RunSummaryReport(scenarios.Count, met, unmet, errors, ExitCodeOf(scenarios, interrupted), skipped),
            Scenarios = scenarios,
        };
    }

    /// <summary>
    /// 0 when every expectation was met (skipped scenarios aside), 2 when a scenario could not be run, 1 otherwise
    /// (an interrupted run is never 0).
    /// </summary>
    public static int ExitCodeOf(IReadOnlyList<ScenarioReport> scenarios, bool interrupted)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        return scenarios.Any(scenario => scenario.End == "error") ? 2
            : interrupted || scenarios.Any(scenario => !scenario.ExpectationMet && !IsSkipped(scenario)) ? 1
            : 0;
    }

    public static bool IsSkipped(ScenarioReport scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.End == "skipped";
    }

    /// <summary>A run folder name: UTC time, then the only scenario's name or the number of scenarios.</summary>
    public static string NewRunId(DateTimeOffset startedAt, IReadOnlyList<Scenarios.Scenario> scenarios)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        var label = scenarios.Count == 1 ? scenarios[0].Name : $"{scenarios.Count}-scenarios";
        return $"{startedAt.UtcDateTime:yyyyMMdd-HHmmss}-{label}";
    }

    internal static ScenarioReport[] Scenarios(IEnumerable<ScenarioResult> results) => [.. results.Select(ScenarioReportBuilder.Build)];
}
