using System.Diagnostics;
using Harness.Runner.Checking;
using Harness.Runner.Running;
using Harness.Runner.Scenarios;

namespace Harness.Runner.Shrinking;

/// <summary>What to shrink: a failing run of one scenario, as its file, seed, client and fault decisions.</summary>
/// <param name="ScenarioFile">The scenario file the run loaded.</param>
/// <param name="ScenarioYaml">Its text (the shrunk scenario is written from it).</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="Client">The client the run used.</param>
/// <param name="Placements">Every fault the proxy applied in the run.</param>
/// <param name="Invariant">The broken guarantee that must persist.</param>
public sealed record ShrinkRequest(string ScenarioFile, string ScenarioYaml, long Seed, ClientKind Client, IReadOnlyList<FaultPlacement> Placements, Invariant Invariant);

/// <summary>Bounds of a shrink, and how its runs are made.</summary>
public sealed record ShrinkOptions
{
    /// <summary>Scenario runs at most, the first check included.</summary>
    public int MaxRuns { get; init; } = 200;

    /// <summary>Once this has passed, no new run starts; the smallest failing set so far is the result.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How every run is made (the in-process service by default; tests give deliberately broken destinations).</summary>
    public RunOptions Run { get; init; } = new();

    /// <summary>Told of every run as it ends; called from the shrinking task.</summary>
    public Action<ShrinkProgress>? Progress { get; init; }
}

/// <summary>A run made while shrinking: how many faults it had, and whether the failure persisted.</summary>
public sealed record ShrinkProgress(int Run, int Faults, bool Failed, int SmallestFailing, TimeSpan Elapsed);

/// <summary>The outcome: the faults before and after, the scenario that reproduces the failure, and what it cost.</summary>
/// <param name="Reproduced">False when the failing run's own faults no longer break the invariant (nothing was shrunk).</param>
/// <param name="Violation">A violation of the invariant with the smallest set, as the checker words it.</param>
public sealed record ShrinkResult(
    IReadOnlyList<FaultPlacement> Before, IReadOnlyList<FaultPlacement> After, bool Reproduced, string? Violation, string ScenarioYaml, int Runs, bool BudgetSpent, TimeSpan Elapsed);

/// <summary>
/// Shrinks a failing run to the fewest faults that still break the same guarantee: each fault the proxy applied
/// becomes a rule matching that send alone, then delta debugging removes faults while the failure persists.
/// </summary>
public static class Shrinker
{
    public static async Task<ShrinkResult> ShrinkAsync(ShrinkRequest request, ShrinkOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);

        var writer = new ShrunkScenarioYaml(request.ScenarioYaml, request.ScenarioFile);
        var original = ScenarioLoader.Parse(request.ScenarioYaml, request.ScenarioFile);
        var name = original.Name + "-shrunk";
        var clock = Stopwatch.StartNew();
        var runs = 0;
        var budgetSpent = false;
        var smallest = request.Placements.Count;
        string? lastViolation = null;

        async Task<bool> FailsAsync(IReadOnlyList<FaultPlacement> candidate, CancellationToken token)
        {
            if (runs >= options.MaxRuns || clock.Elapsed >= options.TimeLimit)
            {
                budgetSpent = true;
                return false;
            }

            runs++;
            var yaml = writer.Write(candidate, name, Description(original, request, candidate.Count), request.Seed, request.Client);
            var scenario = ScenarioLoader.Parse(yaml, name + ".yaml").ForClient(request.Client)
                ?? throw new InvalidOperationException($"{name} does not run with the {ScenarioLoader.Clients.NameOf(request.Client)} client");
            var result = await ScenarioRunner.RunAsync(scenario, options.Run with { Seed = request.Seed }, token).ConfigureAwait(false);
            var violation = result.Verdict.Violations.FirstOrDefault(v => v.Invariant == request.Invariant);
            if (violation is not null && candidate.Count <= smallest)
            {
                smallest = candidate.Count;
                lastViolation = violation.Message;
            }

            options.Progress?.Invoke(new ShrinkProgress(runs, candidate.Count, violation is not null, smallest, clock.Elapsed));
            return violation is not null;
        }

        if (!await FailsAsync(request.Placements, cancellationToken).ConfigureAwait(false))
        {
            return new ShrinkResult(request.Placements, request.Placements, false, null,
                writer.Write(request.Placements, name, Description(original, request, request.Placements.Count), request.Seed, request.Client), runs, budgetSpent, clock.Elapsed);
        }

        var after = await DeltaDebugging.MinimizeAsync(request.Placements, FailsAsync, cancellationToken).ConfigureAwait(false);
        var yaml = writer.Write(after, name, Description(original, request, after.Count), request.Seed, request.Client);
        return new ShrinkResult(request.Placements, after, true, lastViolation, yaml, runs, budgetSpent, clock.Elapsed);
    }

    /// <summary>What the shrunk scenario is for; a regression test when the original expected its guarantees to hold.</summary>
    private static string Description(Scenario original, ShrinkRequest request, int faults) =>
        $"Found by harness shrink from a failing run of '{original.Name}' (seed {request.Seed}): these {faults} fault(s) alone break {request.Invariant}."
        + (original.Expect == Expectation.Violated
            ? string.Empty
            : " A regression test: it meets its expectation once the bug it found is fixed.");
}
