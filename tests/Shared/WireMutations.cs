using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Harness.Tests.Shared;

/// <summary>A real captured message body and where it came from.</summary>
internal sealed record WireCapture(string Name, byte[] Body);

/// <summary>
/// One damage done to a message. The kind and the two numbers fully decide it, so a property-based generator can
/// draw (and shrink) plain integers and a failure prints as a step that can be replayed.
/// </summary>
internal readonly record struct MutationStep(int Kind, int A, int B)
{
    public const int KindCount = 8;

    public override string ToString() => (Kind % KindCount) switch
    {
        0 => string.Create(CultureInfo.InvariantCulture, $"flip bit {B % 8} at {A}"),
        1 => string.Create(CultureInfo.InvariantCulture, $"truncate at {A}"),
        2 => string.Create(CultureInfo.InvariantCulture, $"insert byte 0x{B % 256:X2} at {A}"),
        3 => string.Create(CultureInfo.InvariantCulture, $"insert '{WireMutations.Tokens[B % WireMutations.Tokens.Length]}' at {A}"),
        4 => string.Create(CultureInfo.InvariantCulture, $"delete {(B % 64) + 1} bytes at {A}"),
        5 => string.Create(CultureInfo.InvariantCulture, $"duplicate header {A}"),
        6 => string.Create(CultureInfo.InvariantCulture, $"nest element {A}'s content {(B % 120) + 1} deep"),
        _ => string.Create(CultureInfo.InvariantCulture, $"duplicate element {A}"),
    };
}

/// <summary>
/// Damages real captures the ways a broken or hostile peer might: bit flips, truncation, inserted and deleted bytes,
/// a header element repeated, any element repeated, and content nested past the readers' depth limit. Shared by the
/// protocol's property tests and the proxy's fuzz test.
/// </summary>
internal static class WireMutations
{
    /// <summary>Fragments that reach the XML reader's interesting paths far more often than random bytes do.</summary>
    internal static readonly string[] Tokens =
    [
        "<", ">", "</", "/>", "&", "&amp;", "&#0;", "\"", "'", "<![CDATA[x]]>", "<!-- c -->", "<?pi x?>", "<!DOCTYPE x>",
        "\0", "\u00C3", "xmlns=\"\"", "<x>", "</x>", " ", "\n",
    ];

    /// <summary>Every capture with a body: the WCF client's requests, the CoreWCF service's exchanges and the spec examples.</summary>
    public static IReadOnlyList<WireCapture> LoadCaptures(string dataRoot)
    {
        var captures = new List<WireCapture>();
        foreach (var path in Directory.EnumerateFiles(dataRoot, "*.*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(dataRoot, path).Replace('\\', '/');
            if (path.EndsWith(".xml", StringComparison.Ordinal))
            {
                captures.Add(new WireCapture(name, File.ReadAllBytes(path)));
            }
            else if (path.EndsWith(".http", StringComparison.Ordinal))
            {
                // An HTTP capture: the body follows the first blank line.
                var text = File.ReadAllText(path, Encoding.UTF8).Replace("\r\n", "\n", StringComparison.Ordinal);
                var split = text.IndexOf("\n\n", StringComparison.Ordinal);
                var body = split < 0 ? string.Empty : text[(split + 2)..].Trim();
                if (body.Length > 0)
                {
                    captures.Add(new WireCapture(name, Encoding.UTF8.GetBytes(body)));
                }
            }
        }

        return captures;
    }

    public static byte[] Apply(byte[] body, IEnumerable<MutationStep> steps)
    {
        foreach (var step in steps)
        {
            body = Apply(body, step);
        }

        return body;
    }

    public static byte[] Apply(byte[] body, MutationStep step)
    {
        var a = Math.Abs(step.A);
        var b = Math.Abs(step.B);
        switch (step.Kind % MutationStep.KindCount)
        {
            case 0:
                return body.Length == 0 ? body : FlipBit(body, a % body.Length, b % 8);
            case 1:
                return body[..(body.Length == 0 ? 0 : a % body.Length)];
            case 2:
                return Insert(body, a % (body.Length + 1), [(byte)(b % 256)]);
            case 3:
                return Insert(body, a % (body.Length + 1), Encoding.UTF8.GetBytes(Tokens[b % Tokens.Length]));
            case 4:
                if (body.Length == 0)
                {
                    return body;
                }

                var start = a % body.Length;
                var end = Math.Min(body.Length, start + (b % 64) + 1);
                return [.. body[..start], .. body[end..]];
            case 5:
                return Restructure(body, document =>
                {
                    var headers = document.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "Header")?.Elements().ToList();
                    if (headers is not { Count: > 0 })
                    {
                        return false;
                    }

                    var header = headers[a % headers.Count];
                    header.AddAfterSelf(new XElement(header));
                    return true;
                });
            case 6:
                return Restructure(body, document =>
                {
                    var elements = document.Descendants().ToList();
                    var target = elements[a % elements.Count];
                    var content = target.Nodes().ToList();
                    target.RemoveNodes();
                    var innermost = target;
                    for (var level = 0; level < (b % 120) + 1; level++)
                    {
                        var nested = new XElement(XName.Get("n", "urn:nested"));
                        innermost.Add(nested);
                        innermost = nested;
                    }

                    innermost.Add(content);
                    return true;
                });
            default:
                return Restructure(body, document =>
                {
                    var elements = document.Descendants().Skip(1).ToList();
                    if (elements.Count == 0)
                    {
                        return false;
                    }

                    var element = elements[a % elements.Count];
                    element.AddAfterSelf(new XElement(element));
                    return true;
                });
        }
    }

    private static byte[] FlipBit(byte[] body, int position, int bit)
    {
        var copy = (byte[])body.Clone();
        copy[position] ^= (byte)(1 << bit);
        return copy;
    }

    private static byte[] Insert(byte[] body, int position, byte[] inserted) => [.. body[..position], .. inserted, .. body[position..]];

    /// <summary>Edits the message as XML; a body earlier steps left unreadable stays as it is.</summary>
    private static byte[] Restructure(byte[] body, Func<XDocument, bool> edit)
    {
        XDocument document;
        try
        {
            using var stream = new MemoryStream(body, writable: false);
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document = XDocument.Load(reader, LoadOptions.PreserveWhitespace);
        }
        catch (XmlException)
        {
            return body;
        }

        if (document.Root is null || !edit(document))
        {
            return body;
        }

        return Encoding.UTF8.GetBytes(document.Root.ToString(SaveOptions.DisableFormatting));
    }
}
