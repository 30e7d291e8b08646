using Harness.Protocol.Addressing;
using Harness.Protocol.Soap;
using Harness.Reliability.Destination.Faults;
using Harness.Reliability.Events;
using Harness.Reliability.Journal;

namespace Harness.Reliability.Destination.Unreliable;

/// <summary>
/// The endpoint with reliable sessions off (the negative control): each plain SOAP call is delivered as it comes,
/// under the session named in its <see cref="UnreliableSessionHeader"/>; WS-RM messages are refused.
/// </summary>
internal sealed class UnreliableEndpoint(DestinationContext context, DestinationFaults faults)
{
    public DestinationResponse Handle(SoapMessage message)
    {
        if (message.ReliableMessaging is not null || message.Body is not ApplicationBody)
        {
            return faults.Sender(message, "Reliable sessions are disabled on this endpoint.");
        }

        var call = JournalContract.TryReadRequest(message.Action, message.Body, out var problem);
        if (call is null)
        {
            return faults.Sender(message, problem!);
        }

        var session = message.OtherHeaders.FirstOrDefault(h => h.Name == UnreliableSessionHeader.Name)?.Element.Value ?? "(no session)";
        var entry = context.Journal.Record(session, call, 0);
        context.Record(ReliabilityEventKind.Delivered, session, 0, $"{call.Operation} {call.Sequence}");
        if (call.Operation == JournalOperation.Post)
        {
            return DestinationResponse.Accepted;
        }

        return DestinationResponse.Ok(new SoapMessage
        {
            Version = message.Version,
            Addressing = new AddressingHeaders { Action = JournalContract.AppendResponseAction, RelatesTo = message.Addressing.MessageId },
            Body = JournalContract.AppendResponseBody(entry.CountInSession),
        });
    }
}
