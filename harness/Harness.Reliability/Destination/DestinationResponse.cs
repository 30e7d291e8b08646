using Harness.Protocol.Serialization;
using Harness.Protocol.Soap;

namespace Harness.Reliability.Destination;

/// <summary>What the destination answers to one HTTP request: a status code and, usually, a SOAP message.</summary>
public sealed record DestinationResponse(int StatusCode, SoapMessage? Message)
{
    /// <summary>An empty 202: for WS-RM, "nothing acknowledged".</summary>
    public static readonly DestinationResponse Accepted = new(202, null);

    public static DestinationResponse Ok(SoapMessage message) => new(200, message);

    /// <summary>WCF and CoreWCF send SOAP faults with HTTP 500.</summary>
    public static DestinationResponse Fault(SoapMessage fault) => new(500, fault);

    /// <summary>A malformed request: 400 with a SOAP fault that says why.</summary>
    public static DestinationResponse BadRequest(SoapMessage fault) => new(400, fault);

    public byte[]? BodyBytes() => Message is null ? null : SoapMessageWriter.ToBytes(Message);
}
