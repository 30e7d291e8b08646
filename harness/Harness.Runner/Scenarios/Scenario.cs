using Harness.Proxy.Faults;
using Harness.Reliability.Settings;

namespace Harness.Runner.Scenarios;

/// <summary>
/// One scenario file (docs/scenarios.md): a workload run over reliable sessions with <see cref="Settings"/>, through
/// the fault proxy applying <see cref="Faults"/>, and what the checker is expected to conclude.
/// </summary>
/// <param name="Name">Unique across a scenario library; <c>[a-z0-9-]+</c> so it can name report files and test cases.</param>
/// <param name="Description">What the scenario proves, for the report.</param>
/// <param name="Seed">Seed of every random choice, so a run repeats.</param>
/// <param name="Settings">The reliable-session settings used; the report states them.</param>
/// <param name="Workload">What the clients send.</param>
/// <param name="Faults">The proxy's rules.</param>
/// <param name="Expect">The verdict the run must reach for the scenario to pass.</param>
/// <param name="TimeLimit">The run is stopped, and fails, after this long.</param>
/// <param name="File">The file the scenario was read from, for reports and errors.</param>
public sealed record Scenario(
    string Name,
    string Description,
    long Seed,
    ReliableSessionSettings Settings,
    Workload Workload,
    FaultPlan Faults,
    Expectation Expect,
    TimeSpan TimeLimit,
    string File)
{
    public const long DefaultSeed = 1;

    public static readonly TimeSpan DefaultTimeLimit = TimeSpan.FromSeconds(60);
}
