using Harness.Protocol.Versions;

namespace Harness.Protocol.ReliableMessaging;

/// <summary>
/// A WS-RM fault in typed form: the subcode, the sequence it concerns and, for InvalidAcknowledgement, the offending
/// acknowledgement. <see cref="SoapMessages"/> turns it into a message of any SOAP version.
/// </summary>
public sealed record SequenceFault(SequenceFaultCode Code, string Reason)
{
    public string? Identifier { get; init; }

    /// <summary>InvalidAcknowledgement carries the acknowledgement it rejects as its detail.</summary>
    public SequenceAcknowledgement? Acknowledgement { get; init; }

    /// <summary>Whether the sender of the faulted message is to blame (otherwise the receiver is).</summary>
    public bool IsSenderFault { get; init; } = true;

    /// <summary>The subcode's local name as it is written on the wire.</summary>
    public string SubcodeName => Code switch
    {
        SequenceFaultCode.WsrmRequired => "WSRMRequired",
        _ => Code.ToString(),
    };

    /// <summary>Header faults travel in a SequenceFault header under SOAP 1.1; the others are plain body faults.</summary>
    public bool IsHeaderFault => Code is not (SequenceFaultCode.CreateSequenceRefused or SequenceFaultCode.WsrmRequired);

    /// <summary>Whether the subcode exists in <paramref name="version"/>.</summary>
    public bool IsDefinedIn(ReliableMessagingVersion version) => Code switch
    {
        SequenceFaultCode.LastMessageNumberExceeded => version.IsFebruary2005,
        SequenceFaultCode.SequenceClosed or SequenceFaultCode.WsrmRequired => version.Is11,
        _ => true,
    };

    public static bool TryParseSubcode(string localName, out SequenceFaultCode code)
    {
        SequenceFaultCode? parsed = localName switch
        {
            "SequenceTerminated" => SequenceFaultCode.SequenceTerminated,
            "UnknownSequence" => SequenceFaultCode.UnknownSequence,
            "InvalidAcknowledgement" => SequenceFaultCode.InvalidAcknowledgement,
            "MessageNumberRollover" => SequenceFaultCode.MessageNumberRollover,
            "LastMessageNumberExceeded" => SequenceFaultCode.LastMessageNumberExceeded,
            "CreateSequenceRefused" => SequenceFaultCode.CreateSequenceRefused,
            "SequenceClosed" => SequenceFaultCode.SequenceClosed,
            "WSRMRequired" => SequenceFaultCode.WsrmRequired,
            _ => null,
        };
        code = parsed.GetValueOrDefault();
        return parsed.HasValue;
    }
}
