using System.Collections;

namespace Harness.Protocol.Acknowledgements;

/// <summary>
/// A set of message numbers kept as sorted, disjoint, non-adjacent ranges: the arithmetic behind
/// acknowledgements (what has arrived, what is missing, is <c>n</c> acknowledged).
/// Not thread-safe; callers that share one lock around it.
/// </summary>
public sealed class SequenceRangeSet : IReadOnlyList<SequenceRange>
{
    // Sorted by Lower; no two ranges overlap or touch (they are merged instead).
    private readonly List<SequenceRange> _ranges = [];

    public SequenceRangeSet()
    {
    }

    public SequenceRangeSet(IEnumerable<SequenceRange> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        foreach (var range in ranges)
        {
            Add(range);
        }
    }

    /// <summary>
    /// Builds a set from ranges as a peer sent them, rejecting overlaps: WS-RM forbids overlapping
    /// <c>AcknowledgementRange</c> elements, so they indicate a broken or hostile peer.
    /// </summary>
    public static bool TryFromDisjoint(IEnumerable<SequenceRange> ranges, out SequenceRangeSet set, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        var sorted = ranges.OrderBy(r => r.Lower).ToList();
        for (var i = 1; i < sorted.Count; i++)
        {
            if (sorted[i].Lower <= sorted[i - 1].Upper)
            {
                set = new SequenceRangeSet();
                problem = $"acknowledgement ranges {sorted[i - 1]} and {sorted[i]} overlap";
                return false;
            }
        }

        set = new SequenceRangeSet(sorted);
        problem = null;
        return true;
    }

    /// <summary>The number of ranges (not of message numbers; see <see cref="TotalCount"/>).</summary>
    public int Count => _ranges.Count;

    public SequenceRange this[int index] => _ranges[index];

    public bool IsEmpty => _ranges.Count == 0;

    /// <summary>How many message numbers the set holds.</summary>
    public long TotalCount
    {
        get
        {
            long total = 0;
            foreach (var range in _ranges)
            {
                total += range.Count;
            }

            return total;
        }
    }

    /// <summary>The highest message number in the set, or 0 when empty.</summary>
    public long Highest => _ranges.Count == 0 ? 0 : _ranges[^1].Upper;

    /// <summary>The end of the contiguous run that starts at 1, or 0 when 1 is missing.</summary>
    public long ContiguousFromOne => _ranges.Count > 0 && _ranges[0].Lower == 1 ? _ranges[0].Upper : 0;

    /// <summary>Adds one message number; returns false when it was already present (a duplicate).</summary>
    public bool Add(long number) => Add(SequenceRange.Single(number));

    /// <summary>Adds a range, merging with neighbours; returns false when every number was already present.</summary>
    public bool Add(SequenceRange range)
    {
        var index = FindFirstEndingAtOrAfter(range.Lower == 1 ? 1 : range.Lower - 1);
        if (index < _ranges.Count && _ranges[index].Lower <= range.Lower && _ranges[index].Upper >= range.Upper)
        {
            return false;
        }

        var lower = range.Lower;
        var upper = range.Upper;
        var end = index;

        // Absorb every range that overlaps or touches the new one.
        while (end < _ranges.Count && _ranges[end].Lower <= SaturatingIncrement(upper))
        {
            lower = Math.Min(lower, _ranges[end].Lower);
            upper = Math.Max(upper, _ranges[end].Upper);
            end++;
        }

        _ranges.RemoveRange(index, end - index);
        _ranges.Insert(index, new SequenceRange(lower, upper));
        return true;
    }

    /// <summary>Adds every number of another set.</summary>
    public void UnionWith(IEnumerable<SequenceRange> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var range in other)
        {
            Add(range);
        }
    }

    public bool Contains(long number)
    {
        var index = FindFirstEndingAtOrAfter(number);
        return index < _ranges.Count && _ranges[index].Lower <= number;
    }

    /// <summary>True when every number of <paramref name="range"/> is in the set.</summary>
    public bool ContainsAll(SequenceRange range)
    {
        var index = FindFirstEndingAtOrAfter(range.Lower);
        return index < _ranges.Count && _ranges[index].Lower <= range.Lower && _ranges[index].Upper >= range.Upper;
    }

    /// <summary>True when every number of this set is also in <paramref name="other"/>.</summary>
    public bool IsSubsetOf(SequenceRangeSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return _ranges.TrueForAll(other.ContainsAll);
    }

    /// <summary>The missing ranges between 1 and <paramref name="upTo"/> (inclusive).</summary>
    public IReadOnlyList<SequenceRange> Gaps(long upTo)
    {
        var gaps = new List<SequenceRange>();
        long next = 1;
        foreach (var range in _ranges)
        {
            if (next > upTo)
            {
                break;
            }

            if (range.Lower > next)
            {
                gaps.Add(new SequenceRange(next, Math.Min(range.Lower - 1, upTo)));
            }

            if (range.Upper == long.MaxValue)
            {
                return gaps;
            }

            next = range.Upper + 1;
        }

        if (next <= upTo)
        {
            gaps.Add(new SequenceRange(next, upTo));
        }

        return gaps;
    }

    /// <summary>The missing message numbers between 1 and <paramref name="upTo"/>, one by one (for Nacks and reports).</summary>
    public IEnumerable<long> MissingNumbers(long upTo)
    {
        foreach (var gap in Gaps(upTo))
        {
            // Stops on reaching Upper rather than testing n <= Upper: past long.MaxValue, n++ wraps and that test never fails.
            for (var n = gap.Lower; ; n++)
            {
                yield return n;
                if (n == gap.Upper)
                {
                    break;
                }
            }
        }
    }

    /// <summary>A copy whose ranges stay as they are now.</summary>
    public SequenceRangeSet Clone() => new(_ranges);

    public void Clear() => _ranges.Clear();

    public IEnumerator<SequenceRange> GetEnumerator() => _ranges.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The compact text form, e.g. <c>1-5,7,9-12</c>.</summary>
    public override string ToString() => _ranges.Count == 0 ? "(none)" : string.Join(",", _ranges);

    private static long SaturatingIncrement(long value) => value == long.MaxValue ? value : value + 1;

    // Binary search: index of the first range whose Upper >= number (Count when none).
    private int FindFirstEndingAtOrAfter(long number)
    {
        int low = 0, high = _ranges.Count;
        while (low < high)
        {
            var mid = low + ((high - low) / 2);
            if (_ranges[mid].Upper < number)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
