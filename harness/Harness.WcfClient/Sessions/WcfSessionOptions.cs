using Harness.Reliability.Settings;
using Harness.Reliability.Source;
using Harness.WcfClient.Binding;

namespace Harness.WcfClient.Sessions;

/// <summary>What one real WCF client session needs besides the endpoint.</summary>
public sealed record WcfSessionOptions
{
    public ReliableSessionSettings Settings { get; init; } = ReliableSessionSettings.Default;

    public WcfBindingKind Binding { get; init; } = WcfBindingKind.Custom;

    /// <summary>True opens the channel of the one-way-only contract (no Offer); false the mixed journal contract.</summary>
    public bool OneWayContract { get; init; }

    /// <summary>Headers naming the session on every request, so fault decisions do not depend on arrival order. Null sends none.</summary>
    public SessionLabels? Labels { get; init; }

    /// <summary>With the reliable session off: the name put in the session SOAP header.</summary>
    public string? SessionName { get; init; }
}
