using Harness.Runner.Benchmarking.Figures;
using Harness.Runner.Benchmarking.Goals;

namespace Harness.Runner.Benchmarking.Report;

/// <summary>What each part of a bench ran, in words, for the output and the JSON.</summary>
public sealed record BenchWorkloads(string Paths, string Loss, string Memory);

/// <summary>Everything a bench measured, as <c>harness bench --json</c> writes it (camelCase; enums kebab-case).</summary>
public sealed record BenchReport
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>The command line that ran the bench, to run it again.</summary>
    public string? Command { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required double DurationSeconds { get; init; }

    public required MachineInfo Machine { get; init; }

    public required BenchOptions Options { get; init; }

    public required BenchWorkloads Workloads { get; init; }

    public required IReadOnlyList<ClientFigures> Clients { get; init; }

    public required IReadOnlyList<GoalResult> Goals { get; init; }

    /// <summary>Runs that did not go as a lossless run should (a session faulted, the time limit hit, a call lost): figures that may mislead.</summary>
    public required IReadOnlyList<string> Notes { get; init; }
}
