namespace Harness.Runner.Exploring;

/// <summary>
/// Every placement of one fault and, at depth 2, of every pair of faults on two different messages (two rules on one
/// message would only ever apply the first), over a message inventory; in a fixed order: each single fault as the
/// session unfolds, then the pairs in the order of their first fault, then of their second.
/// </summary>
public static class PlacementSpace
{
    public const int MaxDepth = 2;

    /// <summary>Every fault the inventory admits: each message with each of <paramref name="actions"/> that applies to its direction.</summary>
    public static IReadOnlyList<PlacedFault> Faults(MessageInventory inventory, IReadOnlyCollection<ExploredAction> actions)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        return [.. inventory.Targets.SelectMany(target => PlacedFault.ActionsFor(target.Direction, actions).Select(action => new PlacedFault(action, target)))];
    }

    /// <summary>How many placements <see cref="Enumerate"/> yields, without listing them.</summary>
    public static long Count(MessageInventory inventory, int depth, IReadOnlyCollection<ExploredAction> actions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, MaxDepth);
        var perTarget = inventory.Targets.Select(target => (long)PlacedFault.ActionsFor(target.Direction, actions).Count).ToList();
        var singles = perTarget.Sum();
        if (depth == 1)
        {
            return singles;
        }

        var sameMessagePairs = perTarget.Sum(count => count * (count - 1) / 2);
        return singles + (singles * (singles - 1) / 2) - sameMessagePairs;
    }

    /// <summary>The placements up to <paramref name="depth"/> faults, lazily, in the order described above.</summary>
    public static IEnumerable<Placement> Enumerate(MessageInventory inventory, int depth, IReadOnlyCollection<ExploredAction> actions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, MaxDepth);
        var faults = Faults(inventory, actions);
        foreach (var fault in faults)
        {
            yield return new Placement([fault]);
        }

        if (depth < 2)
        {
            yield break;
        }

        for (var first = 0; first < faults.Count; first++)
        {
            for (var second = first + 1; second < faults.Count; second++)
            {
                if (faults[first].Target != faults[second].Target)
                {
                    yield return new Placement([faults[first], faults[second]]);
                }
            }
        }
    }
}
