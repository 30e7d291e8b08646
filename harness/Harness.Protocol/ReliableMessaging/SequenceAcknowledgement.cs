using Harness.Protocol.Acknowledgements;

namespace Harness.Protocol.ReliableMessaging;

/// <summary>
/// The <c>SequenceAcknowledgement</c> header. Exactly one of ranges, <see cref="None"/> (1.1) or Nacks is used.
/// <see cref="Final"/> is 1.1's marker that the acknowledgement will not change; <see cref="BufferRemaining"/> is
/// WCF's flow-control extension.
/// </summary>
public sealed record SequenceAcknowledgement
{
    public SequenceAcknowledgement(string identifier, IReadOnlyList<SequenceRange> ranges)
    {
        Identifier = identifier;
        Ranges = ranges;
    }

    public string Identifier { get; init; }

    public IReadOnlyList<SequenceRange> Ranges { get; init; }

    public IReadOnlyList<long> Nacks { get; init; } = [];

    /// <summary>1.1: nothing has been received on the sequence.</summary>
    public bool None { get; init; }

    /// <summary>1.1: the sequence is closed and the acknowledgement is complete.</summary>
    public bool Final { get; init; }

    /// <summary>WCF's <c>netrm:BufferRemaining</c>: free places in the destination's buffer.</summary>
    public int? BufferRemaining { get; init; }

    public static SequenceAcknowledgement ForRanges(string identifier, IEnumerable<SequenceRange> ranges) =>
        new(identifier, ranges.ToArray());

    /// <summary>Whether <paramref name="number"/> is acknowledged by the ranges.</summary>
    public bool Acknowledges(long number)
    {
        foreach (var range in Ranges)
        {
            if (range.Contains(number))
            {
                return true;
            }
        }

        return false;
    }

    public bool Equals(SequenceAcknowledgement? other) =>
        other is not null
        && Identifier == other.Identifier
        && Ranges.SequenceEqual(other.Ranges)
        && Nacks.SequenceEqual(other.Nacks)
        && None == other.None
        && Final == other.Final
        && BufferRemaining == other.BufferRemaining;

    public override int GetHashCode() => HashCode.Combine(Identifier, Ranges.Count, Nacks.Count, None, Final, BufferRemaining);
}
