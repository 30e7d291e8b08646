using Harness.Protocol.Versions;
using Harness.Reliability.Settings;

namespace Harness.WcfClient.Tests.Support;

/// <summary>Reliable-session settings for both ends of an interop test.</summary>
internal static class InteropSettings
{
    /// <summary>
    /// WCF's defaults except the send timeout, which stays below the test's bound so that a stuck call fails with
    /// WCF's own TimeoutException (which says what WCF was waiting for) rather than the test's cancellation.
    /// </summary>
    public static ReliableSessionSettings For(string rm, MessageVersion? messageVersion = null, bool ordered = true) => new()
    {
        ReliableMessagingVersion = ReliableMessagingVersion.FromShortName(rm) ?? throw new ArgumentException($"unknown WS-RM version '{rm}'", nameof(rm)),
        MessageVersion = messageVersion ?? MessageVersion.Soap12WSAddressing10,
        Ordered = ordered,
        SendTimeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>Names a message version in a test case: <c>Soap11WSAddressing10</c> and so on.</summary>
    public static MessageVersion MessageVersionNamed(string name) => name switch
    {
        "Soap12WSAddressing10" => MessageVersion.Soap12WSAddressing10,
        "Soap11WSAddressing10" => MessageVersion.Soap11WSAddressing10,
        "Soap12WSAddressingAugust2004" => MessageVersion.Soap12WSAddressingAugust2004,
        "Soap11WSAddressingAugust2004" => MessageVersion.Soap11WSAddressingAugust2004,
        _ => throw new ArgumentException($"unknown message version '{name}'", nameof(name)),
    };
}
