namespace Harness.Protocol.Addressing;

/// <summary>A WS-Addressing endpoint reference. The harness only needs the address.</summary>
public sealed record EndpointReference(string Address)
{
    public bool IsAnonymous => Address is "http://www.w3.org/2005/08/addressing/anonymous"
        or "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous";

    public override string ToString() => Address;
}
