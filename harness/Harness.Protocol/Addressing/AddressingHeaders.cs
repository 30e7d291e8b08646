namespace Harness.Protocol.Addressing;

/// <summary>The WS-Addressing message information headers of one message.</summary>
public sealed record AddressingHeaders
{
    public string? Action { get; init; }

    public string? MessageId { get; init; }

    public string? To { get; init; }

    public EndpointReference? ReplyTo { get; init; }

    public EndpointReference? FaultTo { get; init; }

    public EndpointReference? From { get; init; }

    public string? RelatesTo { get; init; }

    public static AddressingHeaders ForAction(string action, string? to = null) => new() { Action = action, To = to };
}
