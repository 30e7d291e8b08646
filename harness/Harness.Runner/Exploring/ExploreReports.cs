namespace Harness.Runner.Exploring;

/// <summary>Builds <see cref="ExploreReport"/> from the resume log: coverage and findings over every invocation on the folder.</summary>
internal static class ExploreReports
{
    public static ExploreReport Build(
        DateTimeOffset startedAt,
        TimeSpan duration,
        ExploreOptions options,
        ExploreSpace space,
        IReadOnlyList<Placement> placements,
        PlacementPlans plans,
        IReadOnlyList<PlacementOutcome> outcomes,
        long ranNow,
        ExploreStop? stop)
    {
        var byKey = placements.ToDictionary(placement => placement.Key, StringComparer.Ordinal);
        byKey[PlacementOutcome.FaultFreeKey] = new Placement([]);

        // The last outcome of a key counts (a key appears once unless two invocations ran one folder at once), and only
        // outcomes of this space's placements: a log written at depth 2 may hold pairs a depth-1 report leaves out.
        var latest = outcomes.Where(outcome => byKey.ContainsKey(outcome.Key)).GroupBy(outcome => outcome.Key, StringComparer.Ordinal).Select(group => group.Last()).ToList();
        var explored = latest.Where(outcome => outcome.Key != PlacementOutcome.FaultFreeKey).ToList();

        ExploreFinding Finding(PlacementOutcome outcome) =>
            new(outcome.Key, outcome.Faults, outcome.Violations, outcome.FirstViolation, outcome.End, outcome.Error, plans.YamlOf(byKey[outcome.Key]), outcome.SessionFaults ?? []);

        return new ExploreReport(
            SchemaVersion: 1,
            Command: null,
            startedAt,
            duration.TotalMilliseconds,
            options.Depth,
            options.Parallel,
            space,
            new ExploreCoverage(placements.Count, explored.Count, ranNow, explored.Count(outcome => outcome.Fired < outcome.Faults.Count)),
            stop,
            [.. latest.Where(outcome => outcome.Violated).Select(Finding)],
            [.. latest.Where(outcome => !outcome.Violated && outcome.Unjudged).Select(Finding)],
            [.. latest.Where(outcome => outcome.Faulted).Select(Finding)])
        {
            Cells = ExploreCell.Of(placements, explored.ToDictionary(outcome => outcome.Key, StringComparer.Ordinal)),
        };
    }
}
