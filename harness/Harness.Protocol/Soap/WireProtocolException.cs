namespace Harness.Protocol.Soap;

/// <summary>
/// A message that could not be read. Every malformed input surfaces as this one type, so the service can answer it
/// with a SOAP fault or a 4xx instead of failing.
/// </summary>
public sealed class WireProtocolException : Exception
{
    public WireProtocolException(WireErrorKind kind, string message, int line = 0, int column = 0, Exception? innerException = null)
        : base(FormatMessage(XmlSafe(message), line, column), innerException)
    {
        Kind = kind;
        Line = line;
        Column = column;
        Detail = XmlSafe(message);
    }

    public WireErrorKind Kind { get; }

    /// <summary>1-based line of the problem in the message text, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>1-based column of the problem, or 0 when unknown.</summary>
    public int Column { get; }

    /// <summary>The description without the position.</summary>
    public string Detail { get; }

    /// <summary>Identifier of the sequence concerned, when the error could be tied to one.</summary>
    public string? SequenceIdentifier { get; init; }

    private static string FormatMessage(string message, int line, int column) =>
        line > 0 ? $"{message} (line {line}, column {column})" : message;

    /// <summary>
    /// The text with every character XML 1.0 cannot carry written as <c>\uXXXX</c>. The description is sent back in
    /// a SOAP fault, and <see cref="System.Xml.XmlException"/> quotes the offending character verbatim (e.g. U+0001):
    /// unescaped, it would make the fault itself unwritable.
    /// </summary>
    public static string XmlSafe(string text)
    {
        if (IsXmlSafe(text))
        {
            return text;
        }

        var safe = new System.Text.StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                safe.Append(c).Append(text[++i]);
            }
            else if (System.Xml.XmlConvert.IsXmlChar(c))
            {
                safe.Append(c);
            }
            else
            {
                safe.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
        }

        return safe.ToString();
    }

    private static bool IsXmlSafe(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (!System.Xml.XmlConvert.IsXmlChar(c))
            {
                return false;
            }
        }

        return true;
    }
}
