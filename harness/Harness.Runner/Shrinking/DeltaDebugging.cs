namespace Harness.Runner.Shrinking;

/// <summary>
/// Delta debugging (ddmin): the smallest subset of a failing input, found by trying to remove chunks of it, first
/// halves, then ever finer pieces, keeping any removal after which the failure persists. The result is 1-minimal
/// (removing any single element makes the failure go) unless the budget of tests ran out first.
/// </summary>
public static class DeltaDebugging
{
    /// <param name="input">The failing input; <paramref name="fails"/> is not asked about it again.</param>
    /// <param name="fails">Whether a candidate still fails; false when it cannot be told (the budget is spent).</param>
    public static async Task<IReadOnlyList<T>> MinimizeAsync<T>(IReadOnlyList<T> input, Func<IReadOnlyList<T>, CancellationToken, Task<bool>> fails, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(fails);

        var current = input;
        var granularity = 2;
        while (current.Count >= 2)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunks = Split(current, Math.Min(granularity, current.Count));
            var reduced = false;

            // A chunk alone first (a big step), then everything but a chunk.
            foreach (var chunk in chunks)
            {
                if (chunk.Count < current.Count && await fails(chunk, cancellationToken).ConfigureAwait(false))
                {
                    (current, granularity, reduced) = (chunk, 2, true);
                    break;
                }
            }

            if (!reduced && chunks.Count > 2)
            {
                for (var i = 0; i < chunks.Count; i++)
                {
                    var complement = chunks.Where((_, index) => index != i).SelectMany(chunk => chunk).ToList();
                    if (await fails(complement, cancellationToken).ConfigureAwait(false))
                    {
                        (current, granularity, reduced) = (complement, Math.Max(granularity - 1, 2), true);
                        break;
                    }
                }
            }

            if (!reduced)
            {
                if (granularity >= current.Count)
                {
                    break;
                }

                granularity = Math.Min(granularity * 2, current.Count);
            }
        }

        // A single element may still be removable when nothing at all is needed (the failure needs no fault).
        if (current.Count == 1 && await fails([], cancellationToken).ConfigureAwait(false))
        {
            current = [];
        }

        return current;
    }

    private static List<List<T>> Split<T>(IReadOnlyList<T> items, int parts)
    {
        var chunks = new List<List<T>>(parts);
        var start = 0;
        for (var part = 0; part < parts; part++)
        {
            var size = (items.Count - start) / (parts - part);
            chunks.Add([.. items.Skip(start).Take(size)]);
            start += size;
        }

        return chunks;
    }
}
