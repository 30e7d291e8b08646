using System.Xml.Linq;

namespace Harness.Protocol.Soap;

/// <summary>What a SOAP body holds: a WS-RM protocol element, a fault, or application content.</summary>
public abstract record MessageBody;

/// <summary>
/// Application content: the body's child elements (usually one, e.g. <c>&lt;Append&gt;</c>), or none for an empty body.
/// </summary>
public sealed record ApplicationBody(IReadOnlyList<XElement> Elements) : MessageBody
{
    public static readonly ApplicationBody Empty = new(Array.Empty<XElement>());

    public bool IsEmpty => Elements.Count == 0;

    public XElement? FirstElement => Elements.Count > 0 ? Elements[0] : null;

    public static ApplicationBody Of(XElement element) => new([element]);

    public bool Equals(ApplicationBody? other) =>
        other is not null
        && XmlEquivalence.AreEquivalent(Elements, other.Elements);

    public override int GetHashCode() => Elements.Count;
}
