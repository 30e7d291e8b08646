using Harness.Protocol.Addressing;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Versions;

namespace Harness.Protocol.Soap;

/// <summary>
/// One SOAP message in object form: the envelope and addressing versions, the headers the harness understands,
/// other headers kept whole, and the body. Read with <see cref="Serialization.SoapMessageReader"/>, written with
/// <see cref="Serialization.SoapMessageWriter"/>.
/// </summary>
public sealed record SoapMessage
{
    public MessageVersion Version { get; init; } = MessageVersion.Default;

    /// <summary>The WS-RM version of the message's RM elements, or null when it has none.</summary>
    public ReliableMessagingVersion? ReliableMessaging { get; init; }

    public AddressingHeaders Addressing { get; init; } = new();

    public SequenceHeader? Sequence { get; init; }

    public IReadOnlyList<SequenceAcknowledgement> Acknowledgements { get; init; } = [];

    public IReadOnlyList<AckRequested> AckRequests { get; init; } = [];

    /// <summary>SOAP 1.1 only: the header that carries a WS-RM fault's subcode and detail.</summary>
    public SequenceFault? SequenceFaultHeader { get; init; }

    public IReadOnlyList<UnknownHeader> OtherHeaders { get; init; } = [];

    public MessageBody Body { get; init; } = ApplicationBody.Empty;

    public string? Action => Addressing.Action;

    public bool IsFault => Body is SoapFault;

    /// <summary>Headers marked mustUnderstand that the harness does not process (a receiver must fault on them).</summary>
    public IEnumerable<UnknownHeader> NotUnderstoodHeaders => OtherHeaders.Where(h => h.MustUnderstand);

    /// <summary>The acknowledgement of sequence <paramref name="identifier"/> carried by this message, if any.</summary>
    public SequenceAcknowledgement? AcknowledgementFor(string identifier) =>
        Acknowledgements.FirstOrDefault(a => a.Identifier == identifier);

    /// <summary>The WS-RM fault this message carries, in typed form, whichever SOAP version it uses.</summary>
    public SequenceFault? GetSequenceFault() => SequenceFaults.FromMessage(this);

    public bool Equals(SoapMessage? other) =>
        other is not null
        && Version == other.Version
        && ReliableMessaging == other.ReliableMessaging
        && Addressing == other.Addressing
        && Sequence == other.Sequence
        && Acknowledgements.SequenceEqual(other.Acknowledgements)
        && AckRequests.SequenceEqual(other.AckRequests)
        && SequenceFaultHeader == other.SequenceFaultHeader
        && OtherHeaders.SequenceEqual(other.OtherHeaders)
        && Body.Equals(other.Body);

    public override int GetHashCode() => HashCode.Combine(Version, Addressing.Action, Sequence, Body.GetType());
}
