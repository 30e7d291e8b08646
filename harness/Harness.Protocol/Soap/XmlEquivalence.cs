using System.Xml.Linq;

namespace Harness.Protocol.Soap;

/// <summary>
/// Compares XML the way a SOAP receiver sees it: names, attribute values and text count; namespace declarations and
/// prefixes do not (a re-serialised message may declare them elsewhere).
/// </summary>
internal static class XmlEquivalence
{
    public static bool AreEquivalent(IReadOnlyList<XElement> left, IReadOnlyList<XElement> right)
    {
        if (left.Count != right.Count)
        {
            return false;
        }

        for (var i = 0; i < left.Count; i++)
        {
            if (!AreEquivalent(left[i], right[i]))
            {
                return false;
            }
        }

        return true;
    }

    public static bool AreEquivalent(XElement left, XElement right)
    {
        if (left.Name != right.Name)
        {
            return false;
        }

        var leftAttributes = left.Attributes().Where(a => !a.IsNamespaceDeclaration).OrderBy(a => a.Name.ToString(), StringComparer.Ordinal).ToList();
        var rightAttributes = right.Attributes().Where(a => !a.IsNamespaceDeclaration).OrderBy(a => a.Name.ToString(), StringComparer.Ordinal).ToList();
        if (leftAttributes.Count != rightAttributes.Count
            || leftAttributes.Zip(rightAttributes).Any(pair => pair.First.Name != pair.Second.Name || pair.First.Value != pair.Second.Value))
        {
            return false;
        }

        var leftElements = left.Elements().ToList();
        var rightElements = right.Elements().ToList();
        if (leftElements.Count == 0 && rightElements.Count == 0)
        {
            return left.Value == right.Value;
        }

        return AreEquivalent(leftElements, rightElements);
    }
}
