using System.Globalization;
using System.Net.Http.Headers;
using System.Xml.Linq;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Serialization;
using Harness.Protocol.Soap;

namespace Harness.WcfClient.Tests.Support;

/// <summary>A recorded request read back as a SOAP message, with what the interop tests compare of it.</summary>
internal sealed class WireRequest
{
    private WireRequest(RecordedRequest recorded, SoapMessage message, XElement envelope)
    {
        Recorded = recorded;
        Message = message;
        Envelope = envelope;
        Kind = KindOf(message);
    }

    public RecordedRequest Recorded { get; }

    public SoapMessage Message { get; }

    /// <summary>The raw envelope: the typed message does not keep the mustUnderstand flags of the headers it understands.</summary>
    public XElement Envelope { get; }

    /// <summary>CreateSequence, Append, Post, LastMessage, AckRequested, SequenceAcknowledgement, CloseSequence, TerminateSequence, Fault.</summary>
    public string Kind { get; }

    public static WireRequest Read(RecordedRequest recorded) =>
        new(recorded, SoapMessageReader.Read(recorded.Body), XElement.Parse(System.Text.Encoding.UTF8.GetString(recorded.Body)));

    public static IReadOnlyList<WireRequest> ReadAll(IEnumerable<RecordedRequest> recorded) => [.. recorded.Select(Read)];

    /// <summary>Each SOAP header by qualified name, with its mustUnderstand flag (e.g. <c>{ns}Action mustUnderstand</c>).</summary>
    public IReadOnlySet<string> HeaderNames
    {
        get
        {
            var soap = Envelope.Name.Namespace;
            return Envelope.Element(soap + "Header")?.Elements()
                .Select(h => h.Name + (IsMustUnderstand(h.Attribute(soap + "mustUnderstand")?.Value) ? " mustUnderstand" : string.Empty))
                .ToHashSet(StringComparer.Ordinal) ?? [];
        }
    }

    /// <summary>The body's first element's qualified name, or "(empty)".</summary>
    public string BodyElement
    {
        get
        {
            var soap = Envelope.Name.Namespace;
            return Envelope.Element(soap + "Body")?.Elements().FirstOrDefault()?.Name.ToString() ?? "(empty)";
        }
    }

    public string? MediaType => MediaTypeHeaderValue.TryParse(Recorded.ContentType, out var parsed) ? parsed.MediaType : null;

    public string? Charset => MediaTypeHeaderValue.TryParse(Recorded.ContentType, out var parsed) ? parsed.CharSet?.Trim('"').ToLowerInvariant() : null;

    /// <summary>Content-Type parameters other than charset (WCF's SOAP 1.2 sends none; an <c>action</c> would show here).</summary>
    public string OtherContentTypeParameters => MediaTypeHeaderValue.TryParse(Recorded.ContentType, out var parsed)
        ? string.Join(";", parsed.Parameters.Where(p => !p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase)).Select(p => $"{p.Name}={p.Value}").Order(StringComparer.Ordinal))
        : string.Empty;

    public string? SoapActionHeader => Recorded.Headers.TryGetValue("SOAPAction", out var value) ? value : null;

    /// <summary>CreateSequence only: AcksTo, and the Offer with (1.1) its Endpoint and IncompleteSequenceBehavior.</summary>
    public string? CreateSequenceShape => Message.Body is CreateSequence create
        ? string.Create(CultureInfo.InvariantCulture, $"AcksTo={create.AcksTo.Address}; Expires={create.Expires}; Offer={(create.Offer is { } offer
            ? $"present, Expires={offer.Expires}, Endpoint={offer.Endpoint?.Address ?? "(none)"}, IncompleteSequenceBehavior={offer.IncompleteSequenceBehavior?.ToString() ?? "(none)"}"
            : "(none)")}")
        : null;

    /// <summary>1.1 Close/Terminate: whether LastMsgNumber is given.</summary>
    public string? LastMessageNumberShape => Message.Body switch
    {
        CloseSequence close => close.LastMessageNumber is null ? "no LastMsgNumber" : "LastMsgNumber",
        TerminateSequence terminate => terminate.LastMessageNumber is null ? "no LastMsgNumber" : "LastMsgNumber",
        _ => null,
    };

    public override string ToString() => $"{Kind} ({Message.Action})";

    private static bool IsMustUnderstand(string? value) => value?.Trim() is "1" or "true";

    private static string KindOf(SoapMessage message)
    {
        var action = message.Action ?? string.Empty;
        return message.Body switch
        {
            CreateSequence => "CreateSequence",
            CloseSequence => "CloseSequence",
            TerminateSequence => "TerminateSequence",
            SoapFault => "Fault",
            _ when message.Sequence is { LastMessage: true } || action.EndsWith("/LastMessage", StringComparison.Ordinal) => "LastMessage",
            _ when message.Sequence is not null || message.Body is ApplicationBody { IsEmpty: false } => action[(action.LastIndexOf('/') + 1)..],
            _ when message.AckRequests.Count > 0 => "AckRequested",
            _ when message.Acknowledgements.Count > 0 => "SequenceAcknowledgement",
            _ => "other: " + action,
        };
    }
}
