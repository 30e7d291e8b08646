using Harness.Proxy.Faults;

namespace Harness.Runner.Exploring;

/// <summary>
/// One cell of the coverage breakdown: the placements with a fault of one action on one kind of message (in one
/// direction). A pair counts in the cell of each of its faults, once per cell, so the cells add up to more than the space.
/// </summary>
/// <param name="Space">Placements of the space with such a fault.</param>
/// <param name="Explored">Of those, the ones with an outcome in the log.</param>
/// <param name="Violated">Of those, the ones that broke a guarantee.</param>
/// <param name="Unjudged">Of those, the ones that could not be judged (and broke nothing).</param>
/// <param name="Faulted">Of those, the ones that faulted a session (and broke nothing).</param>
public sealed record ExploreCell(ExploredAction Action, FaultDirection Direction, RuleMessageKind Kind, long Space, long Explored, long Violated, long Unjudged, long Faulted = 0)
{
    /// <summary>The cells of <paramref name="placements"/>, by direction, kind and action; outcomes are the latest per key.</summary>
    public static IReadOnlyList<ExploreCell> Of(IEnumerable<Placement> placements, IReadOnlyDictionary<string, PlacementOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(placements);
        ArgumentNullException.ThrowIfNull(outcomes);
        var cells = new Dictionary<(ExploredAction, FaultDirection, RuleMessageKind), long[]>();
        foreach (var placement in placements)
        {
            outcomes.TryGetValue(placement.Key, out var outcome);
            foreach (var cell in placement.Faults.Select(fault => (fault.Action, fault.Target.Direction, fault.Target.Kind)).Distinct())
            {
                if (!cells.TryGetValue(cell, out var counts))
                {
                    cells[cell] = counts = new long[5];
                }

                counts[0]++;
                if (outcome is not null)
                {
                    counts[1]++;
                    counts[2] += outcome.Violated ? 1 : 0;
                    counts[3] += !outcome.Violated && outcome.Unjudged ? 1 : 0;
                    counts[4] += outcome.Faulted ? 1 : 0;
                }
            }
        }

        return [.. cells
            .Select(cell => new ExploreCell(cell.Key.Item1, cell.Key.Item2, cell.Key.Item3, cell.Value[0], cell.Value[1], cell.Value[2], cell.Value[3], cell.Value[4]))
            .OrderBy(cell => cell.Direction).ThenBy(cell => cell.Kind).ThenBy(cell => cell.Action)];
    }
}
