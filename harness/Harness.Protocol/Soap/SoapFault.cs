using System.Xml;
using System.Xml.Linq;

namespace Harness.Protocol.Soap;

/// <summary>The standard SOAP fault codes, named as in SOAP 1.2 (1.1's Client/Server map to Sender/Receiver).</summary>
public enum SoapFaultCode
{
    Sender,
    Receiver,
    MustUnderstand,
    VersionMismatch,
    DataEncodingUnknown,
}

/// <summary>
/// A SOAP fault in version-neutral form. <see cref="Subcode"/> is the SOAP 1.2 subcode (for WS-RM faults, e.g.
/// <c>wsrm:UnknownSequence</c>); in SOAP 1.1 a non-standard <c>faultcode</c> is read as Sender with that subcode.
/// </summary>
public sealed record SoapFault(SoapFaultCode Code, string Reason) : MessageBody
{
    public XmlQualifiedName? Subcode { get; init; }

    /// <summary>The children of the Detail (1.2) or detail (1.1) element.</summary>
    public IReadOnlyList<XElement> Detail { get; init; } = [];

    public bool Equals(SoapFault? other) =>
        other is not null
        && Code == other.Code
        && Reason == other.Reason
        && Equals(Subcode, other.Subcode)
        && XmlEquivalence.AreEquivalent(Detail, other.Detail);

    public override int GetHashCode() => HashCode.Combine(Code, Reason, Subcode);

    public override string ToString() => Subcode is null ? $"{Code}: {Reason}" : $"{Code}/{Subcode.Name}: {Reason}";
}
