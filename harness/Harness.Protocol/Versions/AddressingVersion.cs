namespace Harness.Protocol.Versions;

/// <summary>A WS-Addressing version: its namespace, anonymous address and default fault action.</summary>
public sealed class AddressingVersion
{
    public static readonly AddressingVersion WSAddressing10 = new(
        name: "WS-Addressing 1.0",
        ns: "http://www.w3.org/2005/08/addressing",
        anonymousUri: "http://www.w3.org/2005/08/addressing/anonymous",
        defaultFaultAction: "http://www.w3.org/2005/08/addressing/soap/fault");

    public static readonly AddressingVersion WSAddressingAugust2004 = new(
        name: "WS-Addressing 2004/08",
        ns: "http://schemas.xmlsoap.org/ws/2004/08/addressing",
        anonymousUri: "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous",
        defaultFaultAction: "http://schemas.xmlsoap.org/ws/2004/08/addressing/fault");

    private AddressingVersion(string name, string ns, string anonymousUri, string defaultFaultAction)
    {
        Name = name;
        Namespace = ns;
        AnonymousUri = anonymousUri;
        DefaultFaultAction = defaultFaultAction;
    }

    public string Name { get; }

    public string Namespace { get; }

    public string AnonymousUri { get; }

    /// <summary>The action of a SOAP fault that no more specific specification names.</summary>
    public string DefaultFaultAction { get; }

    public static AddressingVersion? FromNamespace(string? ns) => ns switch
    {
        "http://www.w3.org/2005/08/addressing" => WSAddressing10,
        "http://schemas.xmlsoap.org/ws/2004/08/addressing" => WSAddressingAugust2004,
        _ => null,
    };

    public override string ToString() => Name;
}
