using System.Globalization;
using System.Xml.Linq;
using Harness.Protocol.Soap;

namespace Harness.Reliability.Journal;

/// <summary>The two operations of the journal contract.</summary>
public enum JournalOperation
{
    /// <summary>Request-reply: returns how many messages the session has delivered so far.</summary>
    Append,

    /// <summary>One-way.</summary>
    Post,
}

/// <summary>One call of the journal contract: which operation, the caller's sequence number and the payload.</summary>
public sealed record JournalCall(JournalOperation Operation, int Sequence, string Payload);

/// <summary>
/// The harness's probe contract, as a WCF client declares it: namespace <c>http://harness.example/reliable</c>,
/// contract <c>IJournal</c>, <c>int Append(int sequence, string payload)</c> and one-way
/// <c>void Post(int sequence, string payload)</c>, bodies in DataContract's wrapped form.
/// </summary>
public static class JournalContract
{
    public const string Namespace = "http://harness.example/reliable";
    public const string AppendAction = "http://harness.example/reliable/IJournal/Append";
    public const string AppendResponseAction = "http://harness.example/reliable/IJournal/AppendResponse";
    public const string PostAction = "http://harness.example/reliable/IJournal/Post";

    private static readonly XNamespace Ns = Namespace;

    public static string ActionOf(JournalOperation operation) => operation == JournalOperation.Append ? AppendAction : PostAction;

    public static ApplicationBody RequestBody(JournalCall call) => ApplicationBody.Of(new XElement(
        Ns + call.Operation.ToString(),
        new XElement(Ns + "sequence", call.Sequence.ToString(CultureInfo.InvariantCulture)),
        new XElement(Ns + "payload", call.Payload)));

    public static ApplicationBody AppendResponseBody(int deliveredCount) => ApplicationBody.Of(new XElement(
        Ns + "AppendResponse",
        new XElement(Ns + "AppendResult", deliveredCount.ToString(CultureInfo.InvariantCulture))));

    /// <summary>Reads a request body; returns null with a reason when it is not a journal call.</summary>
    public static JournalCall? TryReadRequest(string? action, MessageBody body, out string? problem)
    {
        JournalOperation? operation = action switch
        {
            AppendAction => JournalOperation.Append,
            PostAction => JournalOperation.Post,
            _ => null,
        };
        if (operation is null)
        {
            problem = $"the action '{action}' is not an operation of IJournal";
            return null;
        }

        if (body is not ApplicationBody { FirstElement: { } element } || element.Name != Ns + operation.Value.ToString())
        {
            problem = $"the body of {operation} must be the <{operation} xmlns=\"{Namespace}\"> element";
            return null;
        }

        var sequenceText = element.Element(Ns + "sequence")?.Value;
        if (!int.TryParse(sequenceText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var sequence))
        {
            problem = $"{operation}: 'sequence' must be an integer";
            return null;
        }

        // DataContract writes a null string as xsi:nil; the harness treats it as empty.
        var payload = element.Element(Ns + "payload")?.Value ?? string.Empty;
        problem = null;
        return new JournalCall(operation.Value, sequence, payload);
    }

    /// <summary>Reads AppendResponse's result; null when the body is not one.</summary>
    public static int? TryReadAppendResult(MessageBody body) =>
        body is ApplicationBody { FirstElement: { } element }
        && element.Name == Ns + "AppendResponse"
        && int.TryParse(element.Element(Ns + "AppendResult")?.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result)
            ? result
            : null;
}
