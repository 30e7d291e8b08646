using System.Xml.Linq;

namespace Harness.Protocol.Soap;

/// <summary>A header the protocol library does not interpret, kept whole so it can be relayed or reported.</summary>
public sealed record UnknownHeader(XElement Element, bool MustUnderstand)
{
    public XName Name => Element.Name;

    public bool Equals(UnknownHeader? other) =>
        other is not null && MustUnderstand == other.MustUnderstand && XmlEquivalence.AreEquivalent(Element, other.Element);

    public override int GetHashCode() => HashCode.Combine(Element.Name, MustUnderstand);
}
