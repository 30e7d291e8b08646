using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Harness.Reliability.Events;

namespace Harness.Reliability.Destination;

/// <summary>The deliberate defect <see cref="DestinationDefects.AcknowledgeDamagedBody"/>, kept apart from the destination's real behaviour.</summary>
public sealed partial class ReliableDestination
{
    /// <summary>
    /// The answer of a destination with <see cref="DestinationDefects.AcknowledgeDamagedBody"/> to a message it could
    /// not read: when its Sequence header can still be made out (the damage is in the body) and it is the next message
    /// of a known sequence, it counts as delivered (acknowledged from now on) without reaching the journal. Null when
    /// the defect is off or the header cannot be made out: the correct answer (a 400) follows.
    /// </summary>
    private DestinationResponse? AcknowledgeDamagedBody(ReadOnlyMemory<byte> body)
    {
        if (!HasDefect(DestinationDefects.AcknowledgeDamagedBody)
            || SequenceHeader().Match(Encoding.UTF8.GetString(body.Span)) is not { Success: true } header
            || !long.TryParse(header.Groups["number"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        InboundSequence? sequence;
        lock (_tablesGate)
        {
            _sequences.TryGetValue(header.Groups["id"].Value, out sequence);
        }

        if (sequence is null)
        {
            return null;
        }

        lock (sequence.Gate)
        {
            Touch(sequence);
            if (number == sequence.NextToDeliver && !sequence.Delivered.Contains(number))
            {
                Record(ReliabilityEventKind.Discarded, sequence.Id, number, "body unreadable: acknowledged, never delivered (deliberate defect)");
                sequence.Delivered.Add(number);
                sequence.NextToDeliver = number + 1;
                DeliverBufferedInOrder(sequence);
            }

            return sequence.Delivered.Contains(number) ? ResponseAfterDelivery(sequence, number) : null;
        }
    }

    [GeneratedRegex(@"<(?:\w+:)?Sequence\b[^>]*>\s*<(?:\w+:)?Identifier>(?<id>[^<]+)</(?:\w+:)?Identifier>\s*<(?:\w+:)?MessageNumber>(?<number>\d+)</", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SequenceHeader();
}
