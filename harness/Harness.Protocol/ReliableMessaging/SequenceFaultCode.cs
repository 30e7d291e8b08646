namespace Harness.Protocol.ReliableMessaging;

/// <summary>The WS-RM fault subcodes of both specifications.</summary>
public enum SequenceFaultCode
{
    /// <summary>The sequence was terminated by the peer (both versions).</summary>
    SequenceTerminated,

    /// <summary>The identifier names no sequence the peer knows (both versions).</summary>
    UnknownSequence,

    /// <summary>An acknowledgement covers messages that were never sent (both versions).</summary>
    InvalidAcknowledgement,

    /// <summary>A message number past the maximum (both versions).</summary>
    MessageNumberRollover,

    /// <summary>February 2005 only: a message number above the one marked LastMessage.</summary>
    LastMessageNumberExceeded,

    /// <summary>The destination will not create the sequence (both versions).</summary>
    CreateSequenceRefused,

    /// <summary>1.1 only: a message arrived for a closed sequence.</summary>
    SequenceClosed,

    /// <summary>1.1 only: the endpoint requires WS-RM and the message used none.</summary>
    WsrmRequired,
}
