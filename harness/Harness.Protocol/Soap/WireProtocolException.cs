namespace Harness.Protocol.Soap;

/// <summary>
/// A message that could not be read. Every malformed input surfaces as this one type, so the service can answer it
/// with a SOAP fault or a 4xx instead of failing.
/// </summary>
public sealed class WireProtocolException : Exception
{
    public WireProtocolException(WireErrorKind kind, string message, int line = 0, int column = 0, Exception? innerException = null)
        : base(FormatMessage(message, line, column), innerException)
    {
        Kind = kind;
        Line = line;
        Column = column;
        Detail = message;
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
}
