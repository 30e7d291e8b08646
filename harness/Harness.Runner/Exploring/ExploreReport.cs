using Harness.Runner.Checking;
using Harness.Runner.Running;

namespace Harness.Runner.Exploring;

/// <summary>Why an exploration stopped before covering its space; null in <see cref="ExploreReport.StoppedBy"/> when it covered it.</summary>
public enum ExploreStop
{
    Budget,
    TimeLimit,
    Interrupted,

    /// <summary>A placement failed and <see cref="ExploreOptions.FailFast"/> was set.</summary>
    FirstFailure,
}

/// <summary>How much of the space has been run, counting earlier invocations on the same folder.</summary>
/// <param name="Space">Placements in the space at this depth.</param>
/// <param name="Explored">Placements of the space with an outcome in the log.</param>
/// <param name="ThisRun">Placements this invocation ran.</param>
/// <param name="NotFired">Explored placements one of whose faults never applied (its message was not sent in that run).</param>
public sealed record ExploreCoverage(long Space, long Explored, long ThisRun, long NotFired)
{
    public bool Complete => Explored >= Space;
}

/// <summary>A placement that broke a guarantee (or faulted a session, or could not be judged), with the plan that reproduces it.</summary>
/// <param name="FaultsYaml">The placement's <c>faults:</c> section, to paste into a scenario file.</param>
/// <param name="SessionFaults">Why each faulted session faulted.</param>
public sealed record ExploreFinding(
    string Key, IReadOnlyList<string> Faults, IReadOnlyList<Invariant> Violations, string? FirstViolation, RunEnd End, string? Error, string FaultsYaml, IReadOnlyList<string> SessionFaults);

/// <summary><c>explore.json</c>: the space, its coverage and every finding, over every invocation on the folder.</summary>
public sealed record ExploreReport(
    int SchemaVersion,
    string? Command,
    DateTimeOffset StartedAt,
    double DurationMs,
    int Depth,
    int Parallel,
    ExploreSpace Space,
    ExploreCoverage Coverage,
    ExploreStop? StoppedBy,
    IReadOnlyList<ExploreFinding> Violations,
    IReadOnlyList<ExploreFinding> Unjudged,
    IReadOnlyList<ExploreFinding> Faulted)
{
    public const string FileName = "explore.json";

    /// <summary>Coverage by action and message kind (empty in an explore.json written before it was added).</summary>
    public IReadOnlyList<ExploreCell> Cells { get; init; } = [];

    /// <summary>True when some placement broke a guarantee.</summary>
    public bool FoundViolation => Violations.Count > 0;

    /// <summary>True when some placement failed in any way: a broken guarantee, a faulted session, a run not judged.</summary>
    public bool FoundFailure => Violations.Count > 0 || Unjudged.Count > 0 || Faulted.Count > 0;
}
