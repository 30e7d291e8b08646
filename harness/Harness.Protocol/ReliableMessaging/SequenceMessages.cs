using Harness.Protocol.Addressing;
using Harness.Protocol.Soap;

namespace Harness.Protocol.ReliableMessaging;

/// <summary>
/// The offer of a sequence for replies (destination to source) carried in CreateSequence. 1.1 adds the endpoint
/// and the incomplete-sequence behaviour.
/// </summary>
public sealed record SequenceOffer(string Identifier)
{
    public TimeSpan? Expires { get; init; }

    /// <summary>1.1 only (required there).</summary>
    public EndpointReference? Endpoint { get; init; }

    /// <summary>1.1 only.</summary>
    public IncompleteSequenceBehavior? IncompleteSequenceBehavior { get; init; }
}

/// <summary>The request to create a sequence.</summary>
public sealed record CreateSequence(EndpointReference AcksTo) : MessageBody
{
    public TimeSpan? Expires { get; init; }

    public SequenceOffer? Offer { get; init; }
}

/// <summary>The destination accepting an offered sequence.</summary>
public sealed record SequenceAccept(EndpointReference AcksTo);

/// <summary>The answer to CreateSequence: the identifier the destination chose.</summary>
public sealed record CreateSequenceResponse(string Identifier) : MessageBody
{
    public TimeSpan? Expires { get; init; }

    /// <summary>1.1 only.</summary>
    public IncompleteSequenceBehavior? IncompleteSequenceBehavior { get; init; }

    /// <summary>Present exactly when the request carried an Offer that the destination accepted.</summary>
    public SequenceAccept? Accept { get; init; }
}

/// <summary>1.1: the source will send no more messages on the sequence.</summary>
public sealed record CloseSequence(string Identifier, long? LastMessageNumber = null) : MessageBody;

/// <summary>1.1: the answer to CloseSequence.</summary>
public sealed record CloseSequenceResponse(string Identifier) : MessageBody;

/// <summary>The end of a sequence. 1.1 may name the last message number.</summary>
public sealed record TerminateSequence(string Identifier, long? LastMessageNumber = null) : MessageBody;

/// <summary>1.1: the answer to TerminateSequence.</summary>
public sealed record TerminateSequenceResponse(string Identifier) : MessageBody;
