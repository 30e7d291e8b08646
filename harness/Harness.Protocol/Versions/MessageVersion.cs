namespace Harness.Protocol.Versions;

/// <summary>The envelope and addressing versions a message uses, as WCF's <c>MessageVersion</c> pairs them.</summary>
public sealed record MessageVersion(SoapVersion Soap, AddressingVersion Addressing)
{
    /// <summary>SOAP 1.2 with WS-Addressing 1.0: WCF's default for WSHttpBinding and the harness's default.</summary>
    public static readonly MessageVersion Soap12WSAddressing10 = new(SoapVersion.Soap12, AddressingVersion.WSAddressing10);

    public static readonly MessageVersion Soap11WSAddressing10 = new(SoapVersion.Soap11, AddressingVersion.WSAddressing10);

    public static readonly MessageVersion Soap12WSAddressingAugust2004 = new(SoapVersion.Soap12, AddressingVersion.WSAddressingAugust2004);

    public static readonly MessageVersion Soap11WSAddressingAugust2004 = new(SoapVersion.Soap11, AddressingVersion.WSAddressingAugust2004);

    public static MessageVersion Default => Soap12WSAddressing10;

    public static IReadOnlyList<MessageVersion> All { get; } =
        [Soap12WSAddressing10, Soap11WSAddressing10, Soap12WSAddressingAugust2004, Soap11WSAddressingAugust2004];

    public override string ToString() => $"{Soap.Name} + {Addressing.Name}";
}
