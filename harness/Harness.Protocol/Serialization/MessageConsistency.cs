using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;

namespace Harness.Protocol.Serialization;

/// <summary>
/// Checks that a message's Action agrees with what it carries: a WS-RM action needs its header or body, a WS-RM body
/// needs its action, and the action's WS-RM version is the one of the message's elements.
/// </summary>
internal static class MessageConsistency
{
    public static void Check(SoapMessage message)
    {
        var action = message.Action;
        var rmOfAction = action is null ? null : ActionVersion(action);
        var rm = message.ReliableMessaging;

        if (rmOfAction is not null && rm is not null && !ReferenceEquals(rm, rmOfAction))
        {
            throw new WireProtocolException(WireErrorKind.MixedVersions, $"the action '{action}' is {rmOfAction.Name}, the message's elements are {rm.Name}");
        }

        if (message.Body is not (ApplicationBody or SoapFault))
        {
            var expected = ExpectedAction(message.Body, rm!);
            if (action != expected)
            {
                throw new WireProtocolException(
                    WireErrorKind.ActionMismatch,
                    action is null
                        ? $"a {message.Body.GetType().Name} body needs the Action '{expected}'"
                        : $"the Action '{action}' does not match the {message.Body.GetType().Name} body (expected '{expected}')");
            }

            return;
        }

        if (rmOfAction is null)
        {
            return;
        }

        var operation = action![(rmOfAction.Namespace.Length + 1)..];
        var problem = operation switch
        {
            "SequenceAcknowledgement" when message.Acknowledgements.Count == 0 => "carries no SequenceAcknowledgement header",
            "AckRequested" when message.AckRequests.Count == 0 => "carries no AckRequested header",
            "LastMessage" when rmOfAction.IsFebruary2005 && message.Sequence is not { LastMessage: true } => "carries no Sequence header marked LastMessage",
            "fault" when rmOfAction.Is11 && message.Body is not SoapFault => "has no Fault body",
            "SequenceAcknowledgement" or "AckRequested" or "fault" => null,
            "LastMessage" when rmOfAction.IsFebruary2005 => null,
            "CreateSequence" or "CreateSequenceResponse" or "TerminateSequence" => "has no matching body",
            "CloseSequence" or "CloseSequenceResponse" or "TerminateSequenceResponse" when rmOfAction.Is11 => "has no matching body",
            _ => $"names no {rmOfAction.Name} operation",
        };

        if (problem is not null)
        {
            throw new WireProtocolException(WireErrorKind.ActionMismatch, $"the message with Action '{action}' {problem}");
        }
    }

    private static ReliableMessagingVersion? ActionVersion(string action)
    {
        foreach (var version in ReliableMessagingVersion.All)
        {
            if (action.Length > version.Namespace.Length
                && action.StartsWith(version.Namespace, StringComparison.Ordinal)
                && action[version.Namespace.Length] == '/')
            {
                return version;
            }
        }

        return null;
    }

    internal static string ExpectedAction(MessageBody body, ReliableMessagingVersion rm) => body switch
    {
        CreateSequence => rm.CreateSequenceAction,
        CreateSequenceResponse => rm.CreateSequenceResponseAction,
        CloseSequence => rm.CloseSequenceAction,
        CloseSequenceResponse => rm.CloseSequenceResponseAction,
        TerminateSequence => rm.TerminateSequenceAction,
        TerminateSequenceResponse => rm.TerminateSequenceResponseAction,
        _ => throw new ArgumentOutOfRangeException(nameof(body), body.GetType().Name, "not a WS-RM body"),
    };
}
