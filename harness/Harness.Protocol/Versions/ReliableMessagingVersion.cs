namespace Harness.Protocol.Versions;

/// <summary>
/// A WS-ReliableMessaging version: namespace and actions. February 2005 is WCF's default; 1.1 is the OASIS standard.
/// </summary>
public sealed class ReliableMessagingVersion
{
    public static readonly ReliableMessagingVersion WSReliableMessagingFebruary2005 =
        new("WS-RM February 2005", "2005", "http://schemas.xmlsoap.org/ws/2005/02/rm");

    public static readonly ReliableMessagingVersion WSReliableMessaging11 =
        new("WS-RM 1.1", "11", "http://docs.oasis-open.org/ws-rx/wsrm/200702");

    /// <summary>WCF's flow-control extension namespace (the <c>netrm:BufferRemaining</c> element).</summary>
    public const string WcfExtensionNamespace = "http://schemas.microsoft.com/ws/2006/05/rm";

    /// <summary>
    /// The largest message number either version allows. WS-RM 1.1 states it; WCF applies the same limit to
    /// February 2005 sequences, so the harness does too.
    /// </summary>
    public const long MaxMessageNumber = long.MaxValue;

    private ReliableMessagingVersion(string name, string shortName, string ns)
    {
        Name = name;
        ShortName = shortName;
        Namespace = ns;
    }

    public string Name { get; }

    /// <summary>The name used on the command line and in scenario files: <c>2005</c> or <c>11</c>.</summary>
    public string ShortName { get; }

    public string Namespace { get; }

    public bool IsFebruary2005 => ReferenceEquals(this, WSReliableMessagingFebruary2005);

    public bool Is11 => ReferenceEquals(this, WSReliableMessaging11);

    public string CreateSequenceAction => Namespace + "/CreateSequence";

    public string CreateSequenceResponseAction => Namespace + "/CreateSequenceResponse";

    public string SequenceAcknowledgementAction => Namespace + "/SequenceAcknowledgement";

    public string AckRequestedAction => Namespace + "/AckRequested";

    public string TerminateSequenceAction => Namespace + "/TerminateSequence";

    /// <summary>February 2005 only: the empty message that carries <c>LastMessage</c>.</summary>
    public string LastMessageAction => Namespace + "/LastMessage";

    /// <summary>1.1 only.</summary>
    public string CloseSequenceAction => Namespace + "/CloseSequence";

    /// <summary>1.1 only.</summary>
    public string CloseSequenceResponseAction => Namespace + "/CloseSequenceResponse";

    /// <summary>1.1 only.</summary>
    public string TerminateSequenceResponseAction => Namespace + "/TerminateSequenceResponse";

    /// <summary>
    /// The action of a WS-RM fault. February 2005 uses the addressing version's fault action; 1.1 has its own.
    /// </summary>
    public string FaultAction(AddressingVersion addressing) => IsFebruary2005 ? addressing.DefaultFaultAction : Namespace + "/fault";

    public static IReadOnlyList<ReliableMessagingVersion> All { get; } = [WSReliableMessagingFebruary2005, WSReliableMessaging11];

    public static ReliableMessagingVersion? FromNamespace(string? ns) => ns switch
    {
        "http://schemas.xmlsoap.org/ws/2005/02/rm" => WSReliableMessagingFebruary2005,
        "http://docs.oasis-open.org/ws-rx/wsrm/200702" => WSReliableMessaging11,
        _ => null,
    };

    /// <summary>Parses <c>2005</c>, <c>11</c> or <c>1.1</c> (as written on the command line or in a scenario).</summary>
    public static ReliableMessagingVersion? FromShortName(string? name) => name?.Trim() switch
    {
        "2005" or "February2005" or "WSReliableMessagingFebruary2005" => WSReliableMessagingFebruary2005,
        "11" or "1.1" or "WSReliableMessaging11" => WSReliableMessaging11,
        _ => null,
    };

    public override string ToString() => Name;
}
