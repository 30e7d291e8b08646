using Harness.Protocol.Acknowledgements;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Versions;

namespace Harness.Protocol.Classification;

/// <summary>The acknowledgement ranges a message carries for one sequence.</summary>
public sealed record CarriedAcknowledgement(string Identifier, IReadOnlyList<SequenceRange> Ranges, bool Final, bool None, IReadOnlyList<long> Nacks)
{
    public static CarriedAcknowledgement From(SequenceAcknowledgement acknowledgement) => new(
        acknowledgement.Identifier, acknowledgement.Ranges, acknowledgement.Final, acknowledgement.None, acknowledgement.Nacks);

    public override string ToString() => $"{Identifier}: {string.Join(",", Ranges)}{(Final ? " final" : string.Empty)}";
}

/// <summary>
/// What the classifier learned of a message: enough for the proxy to match fault rules and write its trace, without
/// the payload. <see cref="Error"/> is set when the message could not be read (the kind is then Unknown).
/// </summary>
public sealed record MessageClassification
{
    public static readonly MessageClassification Empty = new() { Kind = MessageKind.Unknown, Error = "empty message" };

    public MessageKind Kind { get; init; }

    public SoapVersion? Soap { get; init; }

    public ReliableMessagingVersion? ReliableMessaging { get; init; }

    public string? Action { get; init; }

    public string? MessageId { get; init; }

    public string? RelatesTo { get; init; }

    /// <summary>True when the sender expects a reply (a request-reply call carries MessageID and ReplyTo).</summary>
    public bool ExpectsReply { get; init; }

    /// <summary>
    /// The sequence the message is about: the Sequence header's for application and LastMessage messages, the body's
    /// for Close/Terminate (and their responses) and CreateSequenceResponse, the acknowledged one for an ack-only
    /// message, the requested one for AckRequested, the detail's for a fault.
    /// </summary>
    public string? SequenceId { get; init; }

    /// <summary>The message number, or 0 when the message is not sequenced.</summary>
    public long MessageNumber { get; init; }

    public bool IsLastMessage { get; init; }

    /// <summary>CreateSequence only: the identifier the source offered for the reply sequence.</summary>
    public string? OfferedSequenceId { get; init; }

    /// <summary>Faults only: the subcode's local name (e.g. UnknownSequence), or the code when there is none.</summary>
    public string? FaultCode { get; init; }

    public IReadOnlyList<CarriedAcknowledgement> Acknowledgements { get; init; } = [];

    public string? Error { get; init; }

    public bool IsSequenced => MessageNumber > 0;
}
