namespace Harness.Protocol.Classification;

/// <summary>What a message is, as the fault proxy and the reports name it.</summary>
public enum MessageKind
{
    /// <summary>Not a SOAP message the classifier understands (or not well-formed).</summary>
    Unknown,
    CreateSequence,
    CreateSequenceResponse,

    /// <summary>An application message: sequenced when a reliable session is used, plain otherwise.</summary>
    Application,

    /// <summary>A message whose only purpose is a SequenceAcknowledgement header.</summary>
    Acknowledgement,
    AckRequested,

    /// <summary>February 2005: the empty message marking the end of a sequence.</summary>
    LastMessage,
    CloseSequence,
    CloseSequenceResponse,
    TerminateSequence,
    TerminateSequenceResponse,
    Fault,
}
