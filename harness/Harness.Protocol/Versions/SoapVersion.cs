namespace Harness.Protocol.Versions;

/// <summary>A SOAP envelope version: its namespace, media type and standard fault codes.</summary>
public sealed class SoapVersion
{
    public static readonly SoapVersion Soap11 = new(
        name: "SOAP 1.1",
        envelopeNamespace: "http://schemas.xmlsoap.org/soap/envelope/",
        mediaType: "text/xml",
        senderCodeName: "Client",
        receiverCodeName: "Server");

    public static readonly SoapVersion Soap12 = new(
        name: "SOAP 1.2",
        envelopeNamespace: "http://www.w3.org/2003/05/soap-envelope",
        mediaType: "application/soap+xml",
        senderCodeName: "Sender",
        receiverCodeName: "Receiver");

    private SoapVersion(string name, string envelopeNamespace, string mediaType, string senderCodeName, string receiverCodeName)
    {
        Name = name;
        EnvelopeNamespace = envelopeNamespace;
        MediaType = mediaType;
        SenderCodeName = senderCodeName;
        ReceiverCodeName = receiverCodeName;
    }

    public string Name { get; }

    public string EnvelopeNamespace { get; }

    /// <summary>The media type without parameters (<c>text/xml</c> or <c>application/soap+xml</c>).</summary>
    public string MediaType { get; }

    /// <summary>Local name of the "fault caused by the sender" code (<c>Client</c> in 1.1, <c>Sender</c> in 1.2).</summary>
    public string SenderCodeName { get; }

    /// <summary>Local name of the "fault caused by the receiver" code (<c>Server</c> in 1.1, <c>Receiver</c> in 1.2).</summary>
    public string ReceiverCodeName { get; }

    /// <summary>The Content-Type a UTF-8 message of this version carries. WCF sends no <c>action</c> parameter.</summary>
    public string ContentType => MediaType + "; charset=utf-8";

    public static SoapVersion? FromNamespace(string? envelopeNamespace) => envelopeNamespace switch
    {
        "http://www.w3.org/2003/05/soap-envelope" => Soap12,
        "http://schemas.xmlsoap.org/soap/envelope/" => Soap11,
        _ => null,
    };

    public override string ToString() => Name;
}
