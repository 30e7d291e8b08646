using Harness.Reliability.Settings;
using Harness.WcfClient.Binding;

namespace Harness.WcfClient.Sessions;

/// <summary>What one real WCF client session needs besides the endpoint.</summary>
public sealed record WcfSessionOptions
{
    public ReliableSessionSettings Settings { get; init; } = ReliableSessionSettings.Default;

    public WcfBindingKind Binding { get; init; } = WcfBindingKind.Custom;

    /// <summary>True opens the channel of the one-way-only contract (no Offer); false the mixed journal contract.</summary>
    public bool OneWayContract { get; init; }

    /// <summary>Sent as <c>X-Harness-Session</c> on every request, so fault decisions do not depend on arrival order. Null sends none.</summary>
    public int? SessionIndex { get; init; }

    /// <summary>With the reliable session off: the name put in the session SOAP header.</summary>
    public string? SessionName { get; init; }
}
