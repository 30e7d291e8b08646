using System.Globalization;

namespace Harness.Protocol.Acknowledgements;

/// <summary>An inclusive range of message numbers, as in a WS-RM <c>AcknowledgementRange</c>.</summary>
public readonly record struct SequenceRange
{
    public SequenceRange(long lower, long upper)
    {
        if (lower < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(lower), lower, "Message numbers start at 1.");
        }

        if (upper < lower)
        {
            throw new ArgumentOutOfRangeException(nameof(upper), upper, $"The upper bound must not be below the lower bound {lower}.");
        }

        Lower = lower;
        Upper = upper;
    }

    public long Lower { get; }

    public long Upper { get; }

    /// <summary>How many message numbers the range holds.</summary>
    public long Count => Upper - Lower + 1;

    public bool Contains(long number) => number >= Lower && number <= Upper;

    public static SequenceRange Single(long number) => new(number, number);

    public override string ToString() => Lower == Upper
        ? Lower.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Lower}-{Upper}");
}
